import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { displayWidth } from '@gongwen/core';
import { gongwen, repoRoot, tempDir } from './helpers.js';

const fx = (n: string) => join(repoRoot, 'corpora/fixtures/docx', `${n}.docx`);

describe('what a clerk sees in the terminal', () => {
  const t = tempDir('gongwen-clerk-');
  afterAll(() => t.done());

  it('check on a folder without any checkable file says so and exits 2 (nothing was checked)', () => {
    const empty = join(t.dir, 'empty');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    writeFileSync(join(empty, 'sub', 'notes.csv'), 'a,b\n');
    const r = gongwen(['check', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/没有找到可检查的文件/);
    expect(r.stdout).toBe('');
  });

  it('names .docx findings by page and paragraph with a short quote, wraps to the width and sums up each file', () => {
    const r = gongwen(['check', fx('review-text-fixes')], { env: { COLUMNS: '60' } });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.some((l) => /^ {2}(约)?第\d+页 第\d+段 (错误|警告|提示)/.test(l))).toBe(true);
    expect(r.stdout).not.toMatch(/^ {2}\d+:\d+ /m);
    for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(60);
    expect(r.stdout).toMatch(/小结：\d+ 个问题/);
  });

  it('review takes Word files: a text file is told to use check, a folder is reviewed file by file into -o', () => {
    const txt = join(t.dir, 'a.txt');
    writeFileSync(txt, '各地区,各部门要认真落实。\n');
    const asText = gongwen(['review', txt]);
    expect(asText.code).toBe(2);
    expect(asText.stderr).toMatch(/只能处理 Word 文件.*gongwen check/);
    expect(asText.stderr).not.toMatch(/zip/);

    const inDir = join(t.dir, '来文');
    mkdirSync(inDir);
    copyFileSync(fx('review-text-fixes'), join(inDir, '甲.docx'));
    copyFileSync(fx('bad-margins-word-default'), join(inDir, '乙.docx'));
    const outDir = join(t.dir, '审阅稿');
    const r = gongwen(['review', inDir, '-o', outDir, '-q']);
    expect(r.code).toBe(1);
    expect(existsSync(join(outDir, '甲.reviewed.docx'))).toBe(true);
    expect(existsSync(join(outDir, '乙.reviewed.docx'))).toBe(true);
    expect(r.stdout).toMatch(/甲\.reviewed\.docx：\d+ 条批注/);

    const none = join(t.dir, 'none');
    mkdirSync(none);
    const empty = gongwen(['review', none]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/文件夹中没有 Word 文件/);
  });
});
