// Published government documents (../shared/corpora/gov-texts/ecspell-web-dev: notices, decisions, regulations as
// copied from the web, with that copy's faults). Every finding at warning or error on them has been judged against
// the text as it stands there; gov-texts-verdicts.json keeps the verdicts (see verdicts.ts: keys name no document
// text). A rule change that makes a new finding at those levels fails here until someone reads it and says whether it
// is right. The corpus sits beside the project in CI; elsewhere the suite skips when it is absent.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Checker, readDocument } from '@gongwen/core';
import { repoRoot } from './helpers.js';
import { findingKey, lostTrue, tally, type Verdicts } from './verdicts.js';

const dir = join(repoRoot, '../shared/corpora/gov-texts/ecspell-web-dev');
const skip = !process.env.CI && !existsSync(dir);
if (skip) console.warn(`gov-texts suite skipped: ${dir} is absent`);

const verdicts = JSON.parse(
  readFileSync(join(repoRoot, 'packages/cli/test/gov-texts-verdicts.json'), 'utf8'),
) as Verdicts;

describe.skipIf(skip)('published documents: judged findings at warning and error', () => {
  const results: Array<{ file: string; hash: string; found: Array<{ key: string; message: string }> }> = [];
  beforeAll(() => {
    const checker = new Checker();
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith('.txt'))
      .sort()) {
      const bytes = readFileSync(join(dir, f));
      const doc = readDocument(bytes, 'text');
      const found = checker
        .check(doc)
        .diagnostics.filter((d) => d.severity === 'warning' || d.severity === 'error')
        .map((d) => ({ key: findingKey(doc.text, d), message: d.message }));
      results.push({ file: f, hash: createHash('sha256').update(bytes).digest('hex').slice(0, 12), found });
    }
  }, 300_000);

  it('reads every document', () => {
    expect(results.length).toBeGreaterThanOrEqual(600);
  });

  it('every finding is judged, and at least 95% of them are right', () => {
    const { unjudged, right, total } = tally(results, verdicts);
    expect(unjudged, 'findings nobody has judged yet: read them and add them to gov-texts-verdicts.json').toEqual([]);
    expect(right / total, `${right} of ${total} true`).toBeGreaterThanOrEqual(0.95);
  });

  it('still reports every finding judged true', () => {
    expect(lostTrue(results, verdicts)).toEqual([]);
  });
});
