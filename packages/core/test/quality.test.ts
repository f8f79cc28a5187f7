// Guards the measured quality of the text packs (issue figures; `npm run eval` prints the full tables):
// published government documents stay (almost) clean at error level, and spelling findings stay precise.
// The corpora sit beside the project (../shared/corpora); outside CI the suite skips where they are absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Checker, textDocument } from '@gongwen/core';

const corpora = join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpora');
const present = existsSync(corpora);
if (!present && process.env.CI) throw new Error(`corpus missing in CI: ${corpora}`);
if (!present) console.warn(`quality suite skipped: ${corpora} is absent`);

describe.runIf(present)('measured quality', () => {
  const checker = new Checker();

  it('published documents: at most 0.1 error-level and 0.5 warning-level findings per 10,000 characters', () => {
    const dir = join(corpora, 'gov-texts/ecspell-web-dev');
    let chars = 0;
    const errors: string[] = [];
    const warnings: string[] = [];
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
      // The file name is the document's title. The corpus names files with ASCII brackets where the documents' own
      // titles have full-width ones (39 of the 41 such names; none the other way): the title takes the documents' form.
      const title = name.slice(0, -4).replace(/\(/g, '（').replace(/\)/g, '）');
      const text = `${title}\n${readFileSync(join(dir, name), 'utf8').replace(/\r\n?/g, '\n')}`;
      chars += text.length;
      for (const d of checker.check(textDocument(text)).diagnostics)
        if (d.severity === 'error') errors.push(`${d.ruleId} ${name}`);
        else if (d.severity === 'warning') warnings.push(`${d.ruleId} ${name}`);
    }
    expect(chars).toBeGreaterThan(1_000_000);
    expect((errors.length * 10000) / chars, errors.join('\n')).toBeLessThanOrEqual(0.1);
    expect((warnings.length * 10000) / chars, warnings.join('\n')).toBeLessThanOrEqual(0.5);
  });

  it('spelling (ECSpell law and medical test sets): sentence-level precision of typo/ findings ≥ 0.95', () => {
    let tp = 0;
    let fp = 0;
    for (const set of ['law', 'med']) {
      for (const line of readFileSync(join(corpora, 'csc-dev/ecspell', `${set}.test`), 'utf8').split('\n')) {
        if (!line) continue;
        const [n, source] = line.split('\t');
        const flagged = checker.check(textDocument(source!)).diagnostics.some((d) => d.ruleId.startsWith('typo/'));
        if (flagged && Number(n) > 0) tp++;
        else if (flagged) fp++;
      }
    }
    expect(tp).toBeGreaterThan(50);
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.95);
  });
});
