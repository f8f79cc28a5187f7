// Internal consistency, dates and cited basis (element/superseded-basis, consistency/*, wording/relative-time).
import { describe, expect, it } from 'vitest';
import {
  Checker,
  ConfigError,
  DATA_PACK_FILES,
  documentFromSource,
  normalizeConfig,
  textDocument,
} from '@gongwen/core';
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

const dated = (body: string, date = '2024年4月10日') =>
  `某某县人民政府办公室关于做好有关工作的通知\n各乡镇人民政府：\n${body}\n某某县人民政府办公室\n${date}`;

describe('wording/relative-time', () => {
  it('computes the date from the 成文日期 (2024年4月10日 is a Wednesday)', () => {
    const text = dated('定于下周一召开，上周五已发通知，本周内报送，请于下月5日前完成，自明年1月起施行。');
    const got = findings('wording/relative-time', text).map((d) => [
      excerpt(text, d),
      d.severity,
      d.suggestions?.[0]?.fix.text,
    ]);
    expect(got).toEqual([
      ['下周一', 'warning', '2024年4月15日'],
      ['上周五', 'warning', '2024年4月5日'],
      ['本周', 'warning', '2024年4月8日至2024年4月14日'],
      ['下月', 'warning', '2024年5月'],
      ['明年', 'warning', '2025年'],
    ]);
  });
  it('leaves a recurring time alone (每月5日前报送上月情况)', () => {
    expect(findings('wording/relative-time', dated('请于每月5日前将上月情况报送，每周一报送上周进度。'))).toEqual([]);
  });
  it('crosses month and year ends', () => {
    const text = dated('明天开始，下个月结束。', '2024年12月31日');
    expect(findings('wording/relative-time', text).map((d) => d.suggestions?.[0]?.fix.text)).toEqual([
      '2025年1月1日',
      '2025年1月',
    ]);
  });
  it('leaves narrative year words alone and gives only info without a 成文日期 or for 近日', () => {
    expect(findings('wording/relative-time', dated('今年以来，去年同期，本周期内。'))).toEqual([]);
    const undated = '请于下周五前报送。近日召开会议。';
    expect(findings('wording/relative-time', undated).map((d) => d.severity)).toEqual(['info', 'info']);
    expect(findings('wording/relative-time', dated('近日召开会议。')).map((d) => d.severity)).toEqual(['info']);
  });
});

describe('consistency/total', () => {
  it('converts 亿元 and 万元, reads Chinese numerals, and allows the rounding of the written digits', () => {
    expect(findings('consistency/total', '中央资金1.2亿元、省级资金3000万元，合计1.5亿元。')).toEqual([]);
    expect(findings('consistency/total', '中央资金1.2亿元、省级资金3000万元，合计1.8亿元。')).toHaveLength(1);
    expect(findings('consistency/total', '城东六个、城西四个，共计十个。')).toEqual([]);
    expect(findings('consistency/total', '甲类33.3%、乙类33.3%、丙类33.3%，合计100%。')).toEqual([]);
    expect(findings('consistency/total', '甲类33%、乙类33%、丙类30%，合计100%。')).toHaveLength(1);
  });
  it('does not judge a sentence whose amounts are not its parts', () => {
    for (const s of [
      '共投入120万元，其中市级50万元、区级80万元。',
      '比上年增加20万元、30万元，合计60万元。',
      '2023年投入30万元、2024年投入40万元，合计80万元。',
      '投入资金50万元、设备3台，合计60万元。',
    ])
      expect(findings('consistency/total', s), s).toEqual([]);
  });
  it('is linear on a long run of amounts', () => {
    const long = `${'甲项1万元、'.repeat(20000)}合计1万元。`;
    const t0 = performance.now();
    findings('consistency/total', long);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe('consistency/list-count', () => {
  it('counts headings of the first item’s level, skipping deeper ones, up to a shallower heading', () => {
    const text = dated(
      '一、检查内容\n检查包括两个方面：\n（一）校舍。\n1.围墙。\n2.护栏。\n（二）食堂。\n二、工作要求\n（三）其他。',
    );
    expect(findings('consistency/list-count', text)).toEqual([]);
  });
  it('says nothing when the list cannot be read', () => {
    expect(findings('consistency/list-count', dated('提出以下三项措施：\n加强领导。\n完善制度。'))).toEqual([]);
    expect(findings('consistency/list-count', dated('提出以下三项措施：\n二是加强领导。\n三是完善制度。'))).toEqual([]);
  });
});

describe('consistency/print-date', () => {
  it('compares the 印发日期 with the 成文日期, in any numerals', () => {
    const doc = (d: string) =>
      `某某局关于某事的通知\n各科室：\n现通知如下。\n某某局\n二〇二四年六月十五日\n抄送：某某办。\n某某局办公室 ${d}印发`;
    expect(findings('consistency/print-date', doc('2024年6月14日'))).toHaveLength(1);
    expect(findings('consistency/print-date', doc('2024年6月15日'))).toEqual([]);
  });
});

describe('consistency/organ-name', () => {
  it('lets an organ named in full in its title call itself by its short form', () => {
    const text =
      '某县人力资源和社会保障局关于做好就业见习工作的通知\n各乡镇人民政府：\n请将岗位信息报送县人社局。\n某县人力资源和社会保障局\n2024年3月5日';
    expect(findings('consistency/organ-name', text)).toEqual([]);
  });
  it('flags an undefined short form and a second short form, not a defined one or a different organ', () => {
    const text = dated(
      '由某县人力资源和社会保障局牵头，县人社局负责。某县住房和城乡建设局（以下简称“县住建局”）配合，县住建局汇总，县住房城乡建设局督办。县财政局、县公安局参加。',
    );
    expect(findings('consistency/organ-name', text).map((d) => excerpt(text, d))).toEqual([
      '县人社局',
      '县住房城乡建设局',
    ]);
  });
});

describe('rules/packs/superseded.yaml', () => {
  it('is versioned and every entry is valid, dated and names a successor', () => {
    const pack = DATA_PACK_FILES.superseded as { version: unknown; entries: unknown[] };
    expect(String(pack.version)).toMatch(/^\d{4}\.\d+$/);
    // The config's own validation: a unit's entries and the pack's have one shape.
    const entries = normalizeConfig({ superseded: pack.entries }).superseded ?? [];
    expect(entries.length).toBe(pack.entries.length);
    for (const e of entries) expect(e.successor).toMatch(/《|GB/);
  });
});
describe('consistency/table-total', () => {
  const md = (rows: string[]) => `${rows[0]}\n| --- | --- | --- |\n${rows.slice(1).join('\n')}`;
  const checker = new Checker();
  const check = (text: string, format: 'markdown' | 'text' = 'markdown') =>
    checker.check(documentFromSource(text, format)).diagnostics.filter((d) => d.ruleId === 'consistency/table-total');
  it('compares the 合计 row with the sum of the column, first or last', () => {
    const bad = md([
      '| 单位 | 资金（万元） | 增长率（%） |',
      '| 合计 | 120 | 5.5 |',
      '| 甲 | 50 | 5 |',
      '| 乙 | 60 | 6 |',
    ]);
    const found = check(bad);
    expect(found.map((d) => bad.slice(d.range[0], d.range[1]))).toEqual(['120']);
    expect(found[0]!.message).toContain('110');
    expect(check(bad.replace('| 120 |', '| 110 |'))).toEqual([]);
    // The same table typed in a plain-text file, with pipes or tabs.
    expect(check(bad, 'text').map((d) => bad.slice(d.range[0], d.range[1]))).toEqual(['120']);
    const tabs = '单位\t资金（万元）\n甲\t50\n乙\t60\n合计\t120';
    expect(check(tabs, 'text').map((d) => tabs.slice(d.range[0], d.range[1]))).toEqual(['120']);
  });
  it('leaves tables with 小计 rows, ragged rows or text cells alone', () => {
    expect(
      check(
        md(['| 单位 | 资金 | 人数 |', '| 甲 | 50 | 3 |', '| 小计 | 50 | 3 |', '| 乙 | 60 | 2 |', '| 合计 | 120 | 5 |']),
      ),
    ).toEqual([]);
    expect(
      check(md(['| 单位 | 资金 | 备注 |', '| 甲 | 50 | 无 |', '| 乙 | 待定 | 无 |', '| 合计 | 120 | 无 |'])),
    ).toEqual([]);
  });
});
