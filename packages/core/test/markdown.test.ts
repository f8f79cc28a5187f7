import { describe, expect, it } from 'vitest';
import { Checker, MASK_CHAR, markdownFromText } from '@gongwen/core';

const checker = new Checker();
const ids = (src: string) =>
  checker.check(markdownFromText(src)).diagnostics.map((d) => [d.ruleId, src.slice(d.range[0], d.range[1])]);

describe('Markdown reader', () => {
  it('keeps offsets identical to the source and masks markup', () => {
    const src = '# 一、总体要求\n\n各地区**要**认真`code,x`落实。\n';
    const doc = markdownFromText(src);
    expect(doc.text.length).toBe(src.length);
    expect(doc.text.slice(0, 2)).toBe(MASK_CHAR + MASK_CHAR);
    expect(doc.text).toContain('一、总体要求');
    expect(doc.text).not.toContain('code');
    expect(
      doc.blocks.map((b) => doc.text.slice(b.range[0], b.range[1]).replace(new RegExp(MASK_CHAR, 'g'), '')),
    ).toEqual(['一、总体要求', '各地区要认真落实。']);
  });

  it('reports at the exact source position', () => {
    const src = '第一段。\n\n各地区,各部门要落实。\n';
    const d = checker.check(markdownFromText(src)).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]!.range).toEqual([src.indexOf(','), src.indexOf(',') + 1]);
    expect(markdownFromText(src).sourceMap.position(d[0]!.range[0])).toEqual({ line: 3, column: 4 });
  });

  it('never reports inside code, inline code, HTML, URLs, link targets or front-matter keys', () => {
    const src = [
      '---',
      '标题: 关于做好防汛工作的通知',
      '备注,说明: 值',
      '---',
      '',
      '```',
      '各地区,各部门',
      '```',
      '',
      '行内`各地区,各部门`代码。见[链接文字](https://example.gov.cn/a,b;c)和<span title="甲,乙">标签</span>。',
      '',
      '网址https://www.gov.cn/zhengce/a,b.html可查。',
      '',
      '<!-- 注释,注释 -->',
    ].join('\n');
    expect(ids(src)).toEqual([]);
  });

  it('checks link text and front-matter values', () => {
    const src = '---\n标题: "关于做好防汛工作的通知,"\n---\n\n见[各地区,各部门](https://a.cn)。\n';
    expect(ids(src)).toEqual([
      ['punct/half-width', ','],
      ['punct/half-width', ','],
    ]);
    const doc = markdownFromText(src);
    expect(doc.frontMatter).toEqual({ 标题: '关于做好防汛工作的通知,' });
    expect(doc.blocks.find((b) => b.role === 'title')).toBeDefined();
  });

  it('honours inline suppression comments', () => {
    const src = [
      '<!-- gongwen-disable-next-line punct/half-width -->',
      '甲,乙。',
      '',
      '丙,丁。',
      '',
      '<!-- gongwen-disable -->',
      '戊,己。',
      '',
      '<!-- gongwen-enable -->',
      '庚,辛。',
    ].join('\n');
    expect(ids(src).map(([, t]) => t)).toHaveLength(2);
    const lines = checker
      .check(markdownFromText(src))
      .diagnostics.map((d) => markdownFromText(src).sourceMap.position(d.range[0]).line);
    expect(lines).toEqual([4, 10]);
  });

  it('rejects broken front matter with a clear error', () => {
    expect(() => markdownFromText('---\n标题: [未闭合\n---\n正文。\n')).toThrow(/YAML/);
  });
});

describe('Markdown escapes', () => {
  it('keeps only the characters a reader sees: backslash escapes and entities are masked', () => {
    const src = '1\\. 第一项 &amp; 其他\n';
    const doc = markdownFromText(src);
    expect(doc.text.length).toBe(src.length);
    expect(doc.text.split(MASK_CHAR).join('')).toBe('1. 第一项 & 其他\n');
  });

  it('an escaped level-3 number is still a heading', async () => {
    const { recognizeStructure } = await import('@gongwen/core');
    const doc = markdownFromText('# 关于开展检查的通知\n\n各单位：\n\n1\\. 第一项工作\n');
    recognizeStructure(doc);
    expect(doc.blocks.map((b) => [b.role, b.level])).toEqual([
      ['title', undefined],
      ['addressee', undefined],
      ['heading', 3],
    ]);
  });
});
