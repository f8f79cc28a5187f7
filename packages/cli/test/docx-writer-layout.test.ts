// What `gongwen build` writes must pass the layout rules: every draft `gongwen new` offers, built, checked.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Checker, readDocument } from '@gongwen/core';
import { gongwen, tempDir } from './helpers.js';

describe('layout rules on the writer’s output', () => {
  const t = tempDir('gongwen-writer-layout-');
  afterAll(() => t.done());
  const list = gongwen(['new', '--list'])
    .stdout.trim()
    .split('\n')
    .map((l) =>
      l
        .trim()
        .split(/\s+/)[0]!
        .replace(/\u3000/g, ''),
    )
    .filter(Boolean);
  const checker = new Checker();

  it('offers the drafts', () => expect(list.length).toBeGreaterThanOrEqual(15));

  for (const genre of list) {
    it(`${genre}: built .docx has no layout finding`, () => {
      const md = join(t.dir, `${genre}.md`);
      const docx = join(t.dir, `${genre}.docx`);
      expect(gongwen(['new', genre, '-o', md]).code).toBe(0);
      gongwen(['build', md, '-o', docx, '--force', '-q']);
      expect(existsSync(docx)).toBe(true);
      const found = checker
        .check(readDocument(readFileSync(docx), 'docx'))
        .diagnostics.filter((d) => d.ruleId.startsWith('layout/'));
      expect(found.map((d) => `${d.ruleId}: ${d.message}`)).toEqual([]);
    });
  }
});
