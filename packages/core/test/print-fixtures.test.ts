// The OFD fixtures of the print/ rules are built by scripts/make-print-fixtures.mjs; each has `<name>.expected.json`
// with the exact set of print/* rules it must trigger.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Checker, readDocument } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = join(root, 'corpora/fixtures/print');
const names = readdirSync(dir)
  .filter((n) => n.endsWith('.ofd'))
  .sort();
const checker = new Checker();

describe('print fixtures', () => {
  it('are what the generator script produces (byte for byte)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gongwen-print-fx-'));
    try {
      execFileSync(process.execPath, [join(root, 'scripts/make-print-fixtures.mjs'), tmp], { stdio: 'pipe' });
      const made = readdirSync(tmp).sort();
      expect(made).toEqual(readdirSync(dir).sort());
      for (const n of made) expect(Buffer.compare(readFileSync(join(tmp, n)), readFileSync(join(dir, n))), n).toBe(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('cover every print rule with a failing fixture', () => {
    const expected = new Set(
      names.flatMap((n) => JSON.parse(readFileSync(join(dir, n.replace(/\.ofd$/, '.expected.json')), 'utf8')).print),
    );
    for (const r of checker.registry.all())
      if (r.meta.id.startsWith('print/')) expect(expected, r.meta.id).toContain(r.meta.id);
  });

  for (const name of names) {
    const expected = JSON.parse(readFileSync(join(dir, name.replace(/\.ofd$/, '.expected.json')), 'utf8')) as {
      print: string[];
    };
    it(`${name}: ${expected.print.join(', ') || 'no print finding'}`, () => {
      const doc = readDocument(readFileSync(join(dir, name)), 'ofd');
      const found = [
        ...new Set(
          checker
            .check(doc)
            .diagnostics.map((d) => d.ruleId)
            .filter((id) => id.startsWith('print/')),
        ),
      ].sort();
      expect(found).toEqual([...expected.print].sort());
    });
  }
});
