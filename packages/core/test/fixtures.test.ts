// Marked fixtures (markdownlint style): a line that should produce findings ends with ` {rule-id}` (several markers may
// follow each other). The runner strips the markers, checks the text, and compares the exact set of (rule, line) pairs
// for every rule named in the fixture. A sibling `<name>.fixed.<ext>` is the expected text after every fix; every
// fixture's fixed text is re-checked to prove the fixes converge. Each rule has its own fixture,
// `<area>/<name>.txt` (rule-files.test.ts holds every rule to that); text/ keeps whole documents that several rules
// meet in. Files under clean/ must produce no finding at all; docx/ has its own runner.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Checker, documentFromSource, type SourceFormat } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixturesDir = join(root, 'corpora/fixtures');
const MARKERS_RE = / ((?:\{[a-z]+\/[a-z0-9-]+\})+)$/;

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : /\.(txt|md)$/.test(n) && !/\.fixed\.(txt|md)$/.test(n) ? [p] : [];
    });
}

export function parseFixture(raw: string): { source: string; expected: Set<string>; rules: Set<string> } {
  const expected = new Set<string>();
  const rules = new Set<string>();
  const lines = raw
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line, i) => {
      const m = MARKERS_RE.exec(line);
      if (!m) return line;
      for (const id of m[1]!.slice(1, -1).split('}{')) {
        expected.add(`${id}@${i + 1}`);
        rules.add(id);
      }
      return line.slice(0, m.index);
    });
  return { source: lines.join('\n'), expected, rules };
}

const checker = new Checker();
const formatOf = (p: string): SourceFormat => (p.endsWith('.md') ? 'markdown' : 'text');

describe('marked fixtures', () => {
  const files = readdirSync(fixturesDir)
    .sort()
    .filter((d) => d !== 'clean' && d !== 'docx')
    .flatMap((d) => walk(join(fixturesDir, d)));
  it('has fixtures', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    it(relative(fixturesDir, file), () => {
      const { source, expected, rules } = parseFixture(readFileSync(file, 'utf8'));
      const format = formatOf(file);
      const doc = documentFromSource(source, format);
      const found = new Set(
        checker
          .check(doc)
          .diagnostics.filter((d) => rules.has(d.ruleId))
          .map((d) => `${d.ruleId}@${doc.sourceMap.position(d.range[0]).line}`),
      );
      expect([...found].sort()).toEqual([...expected].sort());
      const fixed = checker.fix(source, format);
      expect(fixed.stable, 'fixes converge').toBe(true);
      expect(
        fixed.diagnostics.filter((d) => d.fix),
        'no fixable finding after --fix',
      ).toEqual([]);
      const snapshot = file.replace(/\.(txt|md)$/, '.fixed.$1');
      let want: string | undefined;
      try {
        want = readFileSync(snapshot, 'utf8');
      } catch {
        want = undefined;
      }
      if (want !== undefined) expect(fixed.output).toBe(want);
    });
  }
});

describe('clean fixtures', () => {
  for (const file of walk(join(fixturesDir, 'clean'))) {
    it(relative(fixturesDir, file), () => {
      const doc = documentFromSource(readFileSync(file, 'utf8'), formatOf(file));
      const found = checker
        .check(doc)
        .diagnostics.map((d) => `${d.ruleId}@${doc.sourceMap.position(d.range[0]).line}: ${d.message}`);
      expect(found).toEqual([]);
    });
  }
});
