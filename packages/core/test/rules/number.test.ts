import { describe, expect, it } from 'vitest';
import { findings, fixed } from './helpers.js';

describe('number/full-width-digit', () => {
  it('converts full-width digits, percent and Latin letters', () => {
    expect(fixed('number/full-width-digit', '增长３．５％，推广ＡＩ。')).toBe('增长3.5%，推广AI。');
    expect(findings('number/full-width-digit', '推广ＡＩ。')[0]?.severity).toBe('warning');
  });
});

describe('number/year-zero', () => {
  it('writes the zero of a Chinese-numeral year as 〇', () => {
    expect(fixed('number/year-zero', '二零二四年')).toBe('二〇二四年');
    expect(findings('number/year-zero', '二○二○年')[0]?.severity).toBe('warning');
    expect(findings('number/year-zero', '一千零五年')).toEqual([]);
  });
});

describe('number/mixed-numeral', () => {
  it('multiplies out 千/百 after Arabic digits but leaves SI prefixes', () => {
    expect(fixed('number/mixed-numeral', '投资4千万元，约1.5千人')).toBe('投资4000万元，约1500人');
    expect(findings('number/mixed-numeral', '全长30千米，功率5千瓦。')).toEqual([]);
    const [d] = findings('number/mixed-numeral', '增长百分之5。');
    expect(d?.fix).toBeUndefined();
    expect(d?.suggestions?.[0]?.fix.text).toBe('5%');
  });
});

describe('number/range', () => {
  it('repeats % and 万/亿 on both ends and uses the right connector', () => {
    expect(fixed('number/range', '增长10-15%。')).toBe('增长10%～15%。');
    expect(fixed('number/range', '增长10至15%。')).toBe('增长10%至15%。');
    expect(fixed('number/range', '投资3～5亿元。')).toBe('投资3亿～5亿元。');
    expect(fixed('number/range', '规划（2018－2022年）')).toBe('规划（2018—2022年）');
    expect(fixed('number/range', '5月1日——5日')).toBe('5月1日—5日');
  });
  it('leaves phone numbers, table numbers and ISO dates alone', () => {
    for (const t of ['电话010-12345678。', '见表2-8。', '2011-02-15', '增长10%～15%。'])
      expect(findings('number/range', t)).toEqual([]);
  });
  it('takes an ASCII hyphen for a range only before a unit (a warning), and a 破折号 between any two numbers', () => {
    expect(fixed('number/range', '每亩补助200-300元。')).toBe('每亩补助200～300元。');
    expect(fixed('number/range', '编制2023-2025年行动计划。')).toBe('编制2023—2025年行动计划。');
    expect(findings('number/range', '每亩补助200-300元。')[0]?.severity).toBe('warning');
    expect(fixed('number/range', '今年1——3月，完成投资120亿元。')).toBe('今年1—3月，完成投资120亿元。');
    for (const t of [
      '见表2-8所列数据。',
      '执行GB/T 9704-2012标准。',
      '依据GB 3100-1993年版。',
      '受理时间8:30-12:00。',
      '型号A3-5型',
    ]) {
      expect(findings('number/range', t), t).toEqual([]);
    }
  });
});

describe('number/impossible-date', () => {
  it('reports dates that do not exist and wrong weekdays, with the right weekday as a suggestion', () => {
    expect(findings('number/impossible-date', '2025年2月29日')).toHaveLength(1);
    expect(findings('number/impossible-date', '2024年2月29日')).toEqual([]);
    expect(findings('number/impossible-date', '13月1日')).toHaveLength(1);
    const [d] = findings('number/impossible-date', '2025年5月26日（星期二）');
    expect(d?.message).toContain('星期一');
    expect(d?.suggestions?.[0]?.fix.text).toBe('一');
    expect(findings('number/impossible-date', '2025年5月26日（星期一）')).toEqual([]);
  });
});
