// The docx fixtures are built by scripts/make-docx-fixtures.mjs; each has `<name>.expected.json` with the exact set of
// layout/* rules it must trigger (or the error code bad input must give).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Checker, DocumentError, readDocument } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = join(root, 'corpora/fixtures/docx');
const names = readdirSync(dir)
  .filter((n) => n.endsWith('.docx'))
  .sort();
const checker = new Checker();

describe('docx fixtures', () => {
  it('are what the generator script produces (byte for byte)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gongwen-docx-fx-'));
    try {
      execFileSync(process.execPath, [join(root, 'scripts/make-docx-fixtures.mjs'), tmp], { stdio: 'pipe' });
      const made = readdirSync(tmp).sort();
      expect(made).toEqual(readdirSync(dir).sort());
      for (const n of made) expect(Buffer.compare(readFileSync(join(tmp, n)), readFileSync(join(dir, n))), n).toBe(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('cover every layout rule with at least one failing fixture', () => {
    const expected = new Set(
      names.flatMap(
        (n) =>
          (JSON.parse(readFileSync(join(dir, n.replace(/\.docx$/, '.expected.json')), 'utf8')).layout ??
            []) as string[],
      ),
    );
    const layoutRules = checker.registry
      .all()
      .map((r) => r.meta.id)
      .filter((id) => id.startsWith('layout/') && id !== 'layout/revisions');
    for (const id of layoutRules) expect(expected, id).toContain(id);
  });

  for (const name of names) {
    const expected = JSON.parse(readFileSync(join(dir, name.replace(/\.docx$/, '.expected.json')), 'utf8')) as {
      layout?: string[];
      error?: string;
    };
    it(`${name}: ${expected.error ? `error ${expected.error}` : expected.layout!.join(', ') || 'no layout finding'}`, () => {
      const bytes = readFileSync(join(dir, name));
      if (expected.error) {
        let err: unknown;
        try {
          readDocument(bytes, 'docx');
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(DocumentError);
        expect((err as DocumentError).code).toBe(expected.error);
        expect((err as Error).message).toMatch(/[\u4e00-\u9fff].* \/ [a-zA-Z]/);
        return;
      }
      const doc = readDocument(bytes, 'docx');
      const found = checker.check(doc).diagnostics.filter((d) => d.ruleId.startsWith('layout/'));
      expect([...new Set(found.map((d) => d.ruleId))].sort()).toEqual(expected.layout);
      for (const d of found) expect(d.standard, d.message).toMatch(/^GB\/T 9704-2012 \d/);
    });
  }
});
