// What --fix says it did, the dry-run diff, and the summary line that must not promise a fix a command will not make.
import { describe, expect, it } from 'vitest';
import {
  Checker,
  formatFixChanges,
  formatStylish,
  readDocument,
  textDocument,
  unifiedDiff,
  type FileResult,
} from '@gongwen/core';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const checker = new Checker();

describe('fix report', () => {
  it('lists each change with file:line, before → after and the rule, then a count', () => {
    const text = '一、总体要求\n各地区,各部门要认真落实。\n序号为"（1）"。\n';
    const r = checker.fix(text, 'text');
    const out = formatFixChanges([{ path: 'a.txt', changes: r.changes }]);
    expect(out.split('\n')[0]).toBe(`已修正 ${r.applied} 处（1 个文件） / fixed ${r.applied}:`);
    expect(out).toContain('  a.txt:2  各地区,各部门要 → 各地区，各部门要  punct/half-width');
    expect(out).toContain('  a.txt:3  序号为"（1）"。 → 序号为“（1）”。  punct/straight-quotes');
    expect(formatFixChanges([{ path: 'a.txt', changes: [] }])).toContain('没有可自动修正的问题');
    expect(formatFixChanges([{ path: 'a.txt', changes: r.changes }], { dryRun: true })).toMatch(/^将修正 2 处/);
  });

  it('shows a dry run as a unified diff of the changed lines', () => {
    const before = '第一行\n各地区,各部门\n第三行\n序号为"1"\n';
    const after = checker.fix(before, 'text').output;
    expect(unifiedDiff('a.txt', before, after)).toBe(
      '--- a/a.txt\n+++ b/a.txt\n@@ -2 +2 @@\n-各地区,各部门\n+各地区，各部门\n@@ -4 +4 @@\n-序号为"1"\n+序号为“1”\n',
    );
    expect(unifiedDiff('a.txt', before, before)).toBe('');
  });
});

describe('the summary line of check', () => {
  it('offers --fix for text and points Word files to review', () => {
    const text = textDocument('各地区,各部门要认真落实。');
    const docx = readDocument(
      new Uint8Array(readFileSync(join(root, 'corpora/fixtures/docx/review-text-fixes.docx'))),
      'docx',
    );
    const results: FileResult[] = [
      { path: 'a.txt', format: 'text', error: null, diagnostics: checker.check(text).diagnostics, document: text },
      { path: '通知.docx', format: 'docx', error: null, diagnostics: checker.check(docx).diagnostics, document: docx },
    ];
    const inWord = results[1]!.diagnostics.filter((d) => d.fix).length;
    expect(inWord).toBeGreaterThan(0);
    const out = formatStylish(results);
    expect(out).toContain('其中 1 个可用 --fix 自动修正');
    expect(out).toContain(
      `Word 文件中 ${inWord} 个可自动修正：gongwen review 通知.docx（写成修订）或 gongwen review --accept 通知.docx（直接修正的副本）`,
    );
    expect(formatStylish([results[1]!])).not.toContain('--fix');
    expect(formatStylish(results, { fixHint: false })).not.toMatch(/--fix|gongwen review/);
  });
});
