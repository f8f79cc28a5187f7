import { describe, expect, it } from 'vitest';
import { csvMaterialText, factsIn, parseNumber } from '@gongwen/core';

const keys = (text: string) => factsIn(text).map((f) => [f.kind, f.text, f.provides[0] ?? '']);

describe('drafting facts', () => {
  it('reads numbers as Arabic, with separators, scales and Chinese numerals alike', () => {
    expect(parseNumber('120万')).toBe(1_200_000);
    expect(parseNumber('1,200,000')).toBe(1_200_000);
    expect(parseNumber('一百二十万')).toBe(1_200_000);
    expect(parseNumber('1.2亿')).toBe(120_000_000);
    expect(parseNumber('两千三百')).toBe(2300);
    expect(parseNumber('一亿二千万')).toBe(120_000_000);
    expect(parseNumber('三点五')).toBe(3.5);
    expect(parseNumber('统一')).toBeUndefined();
  });

  it('gives 120万元, 1,200,000元 and 一百二十万元 one key; 百分之五 and 5% one key', () => {
    const f = factsIn('需资金120万元，即1,200,000元（一百二十万元），占百分之五，即5%。');
    expect(f.map((x) => [x.kind, x.provides[0]])).toEqual([
      ['amount', 'num:1200000'],
      ['amount', 'num:1200000'],
      ['amount', 'num:1200000'],
      ['percent', 'num:5'],
      ['percent', 'num:5'],
    ]);
  });

  it('reads 6月底 as the last day of the month and proves it by the 30th', () => {
    const [end] = factsIn('2026年6月底前完成');
    expect(end!.provides).toContain('d:2026-06-30');
    expect(end!.accepts).toContain('mend:2026-06');
    const [day] = factsIn('2026年6月30日前完成');
    expect(day!.provides).toContain('mend:2026-06');
  });

  it('leaves out sequence markers, 文号, set phrases and the article 一', () => {
    expect(
      keys('一、总体情况\n（二）工作措施\n1. 加强领导\n依据某政〔2025〕12号，增强四个意识，开展一次检查。'),
    ).toEqual([]);
  });

  it('finds organs with their place, people with a title or a label, and decisions (not requests)', () => {
    const f = factsIn(
      '青川市教育局会同市财政局，经市政府第30次常务会议研究，同意拨付。请予批准。联系人：李明。市长张某某主持。形成新发展格局。',
    );
    expect(f.filter((x) => x.kind === 'organ').map((x) => x.text)).toEqual(['青川市教育局', '市财政局']);
    expect(f.filter((x) => x.kind === 'person').map((x) => x.text)).toEqual(['李明', '张某某']);
    expect(f.filter((x) => x.kind === 'decision').map((x) => x.text)).toEqual(['经市政府第30次常务会议研究', '同意']);
  });

  it('carries a CSV column unit into its numbers', () => {
    expect(csvMaterialText('学校,金额（万元）\n一中,50\n二中,70')).toBe('学校,金额（万元）\n一中,50万元\n二中,70万元');
    expect(csvMaterialText('a,b\n1,2')).toBe('a,b\n1,2');
  });
});
