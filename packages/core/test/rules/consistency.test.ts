// Internal consistency, dates and cited basis (element/superseded-basis, consistency/*, wording/relative-time).
import { describe, expect, it } from 'vitest';
import { Checker, ConfigError, normalizeConfig, textDocument } from '@gongwen/core';
import { excerpt, findings } from './helpers.js';

describe('element/superseded-basis', () => {
  const doc = (body: string, date: string) =>
    `某某市人民政府关于规范公文的通知\n各区人民政府：\n${body}\n某某市人民政府\n${date}`;
  it('judges the citation against the 成文日期', () => {
    const body = '依据《国家行政机关公文处理办法》，现通知如下。';
    expect(findings('element/superseded-basis', doc(body, '2012年7月1日'))).toHaveLength(1);
    expect(findings('element/superseded-basis', doc(body, '2012年6月30日'))).toHaveLength(0);
  });
  it('names the successor and offers it as a suggestion only', () => {
    const text = doc('版式执行GB／T 9704—1999《国家行政机关公文格式》。', '2024年3月5日');
    const [d, ...rest] = findings('element/superseded-basis', text);
    expect(rest).toHaveLength(0);
    expect(excerpt(text, d!)).toBe('GB／T 9704—1999');
    expect(d!.message).toContain('GB/T 9704-2012《党政机关公文格式》');
    expect(d!.fix).toBeUndefined();
    expect(d!.suggestions?.[0]?.fix.text).toBe('GB/T 9704-2012');
  });
  it('does not read a longer number or a current edition as the old one', () => {
    const text = doc('执行GB/T 9704-19990和GB/T 9704-2012。', '2024年3月5日');
    expect(findings('element/superseded-basis', text)).toHaveLength(0);
  });
  it('takes a unit’s own entries from the config', () => {
    const config = normalizeConfig({
      superseded: [
        {
          titles: ['《某某市公文管理办法》'],
          until: '2020-01-01',
          successor: '《某某市公文处理规定》（某政发〔2019〕8号）',
        },
      ],
    });
    const text = doc('依据《某某市公文管理办法》，现通知如下。', '2024年3月5日');
    const ds = new Checker({ config })
      .check(textDocument(text))
      .diagnostics.filter((d) => d.ruleId === 'element/superseded-basis');
    expect(ds.map((d) => excerpt(text, d))).toEqual(['《某某市公文管理办法》']);
    expect(ds[0]!.message).toContain('《某某市公文处理规定》（某政发〔2019〕8号）');
    // The built-in entries still apply beside the unit's.
    const both = `${text.split('\n').slice(0, 2).join('\n')}\n依据《合同法》和《某某市公文管理办法》。\n某某市人民政府\n2024年3月5日`;
    expect(
      new Checker({ config })
        .check(textDocument(both))
        .diagnostics.filter((d) => d.ruleId === 'element/superseded-basis'),
    ).toHaveLength(2);
  });
  it('refuses a malformed entry with a message naming it', () => {
    expect(() =>
      normalizeConfig({ superseded: [{ titles: ['某办法'], until: '2020年1月1日', successor: 'x' }] }, 'a.yaml'),
    ).toThrow(ConfigError);
    expect(() =>
      normalizeConfig({ superseded: [{ codes: ['9704'], until: '2020-01-01', successor: 'x' }] }, 'a.yaml'),
    ).toThrow(/superseded\[0\]\.codes/);
    expect(() => normalizeConfig({ superseded: [{ until: '2020-01-01', successor: 'x' }] })).toThrow(/titles 或 codes/);
  });
});
