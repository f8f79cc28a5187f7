// --fix says what it changed, --fix-dry-run shows a diff, a Word file is never promised a --fix it will not get, and
// review --accept writes a corrected copy without tracked changes.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { gongwen, repoRoot, tempDir } from './helpers.js';

const t = tempDir('gongwen-fixout-');
afterAll(() => t.done());

const HISTORY =
  '关于做好2025年秸秆禁烧工作的通知\n\n各市人民政府：\n\n根据环境保护部、农业部要求，学习“两学一做”、“三严三实”精神。\n';

describe('check --fix output', () => {
  it('lists each change with file:line, before → after, and a count; the text is fixed', () => {
    const f = join(t.dir, 'a.txt');
    writeFileSync(f, '一、总体要求\n各地区,各部门要认真落实。\n注意序号后必须使用全角点"．"而非半角点"."。\n');
    const r = gongwen(['check', '--fix', 'a.txt'], { cwd: t.dir });
    expect(r.stdout).toContain('已修正 3 处（1 个文件）');
    expect(r.stdout).toContain('  a.txt:2  各地区,各部门要 → 各地区，各部门要  punct/half-width');
    expect(r.stdout).toContain(`  a.txt:3  用全角点"．"而非半角 → 用全角点“．”而非半角  punct/straight-quotes`);
    expect(readFileSync(f, 'utf8')).toBe(
      '一、总体要求\n各地区，各部门要认真落实。\n注意序号后必须使用全角点“．”而非半角点“.”。\n',
    );
  });

  it('never applies advice: a text keeps the organ names it is told are outdated and the 顿号 between quoted names, and says nothing was fixed', () => {
    const f = join(t.dir, 'history.txt');
    writeFileSync(f, HISTORY);
    const r = gongwen(['check', '--fix', 'history.txt'], { cwd: t.dir });
    expect(readFileSync(f, 'utf8')).toBe(HISTORY);
    expect(r.stdout).toContain('--fix：没有可自动修正的问题');
    expect(r.stdout).not.toContain('未发现问题');
    expect(r.stdout).toContain('wording/outdated-organ');
  });

  it('--fix-dry-run shows a unified diff and leaves the file alone; JSON carries the changes', () => {
    const f = join(t.dir, 'dry.txt');
    const text = '第一行\n各地区,各部门要认真落实。\n';
    writeFileSync(f, text);
    const r = gongwen(['check', '--fix-dry-run', 'dry.txt'], { cwd: t.dir });
    expect(r.stdout).toContain(
      '--- a/dry.txt\n+++ b/dry.txt\n@@ -2 +2 @@\n-各地区,各部门要认真落实。\n+各地区，各部门要认真落实。\n',
    );
    expect(r.stdout).toContain('将修正 1 处（1 个文件，未写入）');
    expect(readFileSync(f, 'utf8')).toBe(text);
    const json = JSON.parse(gongwen(['check', '--fix-dry-run', '--format', 'json', 'dry.txt'], { cwd: t.dir }).stdout);
    expect(json.files[0].changes).toEqual([
      { ruleId: 'punct/half-width', line: 2, column: 4, before: '各地区,各部门要', after: '各地区，各部门要' },
    ]);
  });
});

describe('Word files and --fix', () => {
  const docx = join(t.dir, '通知.docx');
  copyFileSync(join(repoRoot, 'corpora/fixtures/docx/review-text-fixes.docx'), docx);

  it('check points to review instead of promising --fix, and check --fix says it leaves the file alone', () => {
    const r = gongwen(['check', '通知.docx'], { cwd: t.dir });
    expect(r.stdout).not.toContain('可用 --fix 自动修正');
    expect(r.stdout).toMatch(
      /Word 文件中 \d+ 个可自动修正：gongwen review 通知\.docx（写成修订）或 gongwen review --accept 通知\.docx/,
    );
    const before = readFileSync(docx);
    const f = gongwen(['check', '--fix', '通知.docx'], { cwd: t.dir });
    expect(f.stderr).toContain('gongwen: 通知.docx: --fix 不修改 Word 文件');
    expect(readFileSync(docx)).toEqual(before);
  });

  it('review --accept writes the fixes directly, without tracked changes', () => {
    const r = gongwen(['review', '--accept', '通知.docx', '-o', 'fixed.docx'], { cwd: t.dir });
    expect(r.stdout).toMatch(/通知\.docx → fixed\.docx：已直接修正 [1-9]\d* 处/);
    const xml = strFromU8(unzipSync(readFileSync(join(t.dir, 'fixed.docx')))['word/document.xml']!);
    expect(xml).not.toMatch(/<w:(ins|del) /);
    expect(xml).toContain('〔2024〕5号');
    const again = JSON.parse(gongwen(['check', '--format', 'json', 'fixed.docx'], { cwd: t.dir }).stdout);
    expect(again.files[0].diagnostics.filter((d: { fix?: unknown }) => d.fix)).toEqual([]);
  });
});
