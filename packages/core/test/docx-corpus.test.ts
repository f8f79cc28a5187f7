// Real Word files (../shared/corpora/docx, listed with their margins in manifest.tsv): the templates laid out with the
// GB/T 9704 margins 37/35/28/26 mm must give no layout error; those with other margins must be flagged. The corpus is
// for measuring only and is never copied into the project. It sits beside the project in CI too, so the suite skips
// only where it is absent outside CI (a user's clone).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Checker, readDocument } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = join(root, '../shared/corpora/docx');
const manifest = join(corpus, 'manifest.tsv');
const skip = !process.env.CI && !existsSync(manifest);
if (skip) console.warn(`docx corpus suite skipped: ${manifest} is absent`);

interface Entry {
  path: string;
  margins: string;
}
const entries: Entry[] = skip
  ? []
  : readFileSync(manifest, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'))
      .filter((c) => c[1] === 'OOXML')
      .map((c) => ({ path: c[0]!, margins: c[4]! }));

// Skeletons that a program fills in later carry no footer at all; a missing page number is a true finding there.
const KNOWN: Record<string, string[]> = {
  'shihua_doc_formatter/会议纪要.docx': ['layout/page-number'],
  'shihua_doc_formatter/红头文件.docx': ['layout/page-number'],
};

describe.skipIf(skip)('docx corpus', () => {
  const checker = new Checker();
  const standard = entries.filter((e) => e.margins === 'T37.0/B35.0/L28.0/R26.0 mm');
  const other = entries.filter((e) => e.margins !== 'T37.0/B35.0/L28.0/R26.0 mm');

  it('has both kinds of document', () => {
    expect(standard.length).toBeGreaterThan(5);
    expect(other.length).toBeGreaterThan(2);
  });

  for (const e of standard) {
    it(`${e.path}: no layout error`, () => {
      const doc = readDocument(readFileSync(join(corpus, e.path)), 'docx');
      const errors = checker
        .check(doc)
        .diagnostics.filter((d) => d.ruleId.startsWith('layout/') && d.severity === 'error');
      expect([...new Set(errors.map((d) => d.ruleId))].sort(), errors.map((d) => d.message).join(' | ')).toEqual(
        KNOWN[e.path] ?? [],
      );
    });
  }

  for (const e of other) {
    it(`${e.path}: margins ${e.margins} are flagged`, () => {
      const doc = readDocument(readFileSync(join(corpus, e.path)), 'docx');
      const margins = checker.check(doc).diagnostics.filter((d) => d.ruleId === 'layout/margins');
      expect(margins.length).toBeGreaterThan(0);
      expect(margins[0]!.severity).toBe('error');
    });
  }
});
