import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contextHash } from '@gongwen/node';
import { gongwen, tempDir } from './helpers.js';

const t = tempDir();
afterAll(() => t.done());

describe('occurrences ignored in the editor', () => {
  it('are left out of check and --fix, found upward from the file', () => {
    const text = '甲,乙。\n丙,丁。\n';
    mkdirSync(join(t.dir, '.gongwen'));
    mkdirSync(join(t.dir, 'docs'));
    const at = text.indexOf(',', 4);
    const hash = contextHash('punct/half-width', text, [at, at + 1]);
    writeFileSync(
      join(t.dir, '.gongwen', 'ignores.json'),
      JSON.stringify({ version: 1, ignores: [{ rule: 'punct/half-width', hash, text: ',' }] }),
    );
    const f = join(t.dir, 'docs', 'a.txt');
    writeFileSync(f, text);
    const json = JSON.parse(gongwen(['check', '--format', 'json', f]).stdout);
    expect(json.files[0].diagnostics.map((d: { line: number }) => d.line)).toEqual([1]);
    expect(gongwen(['check', '--fix', f]).code).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe('甲，乙。\n丙,丁。\n');
  });

  it('a broken ignore file is a clear usage error', () => {
    const d = join(t.dir, 'broken');
    mkdirSync(join(d, '.gongwen'), { recursive: true });
    writeFileSync(join(d, '.gongwen', 'ignores.json'), '{ not json');
    writeFileSync(join(d, 'a.txt'), '甲,乙。\n');
    const r = gongwen(['check', join(d, 'a.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/忽略列表.*不是有效的 JSON/);
  });
});
