import type { Rule } from '../../engine/types.js';

// Numeric ranges (GB/T 15835-2011 5.1.3, GB/T 15834-2011 4.13): a percent or 万/亿 must be written on both ends (10%～15%, 13万～17万), and the
// connector of a pure numeric range is ～ (or —), never an ASCII -, ~ or a full-width －.
// Spaces between the parts, not line breaks: a range is written on one line, and so the rule is line-local.
const PERCENT_RE =
  /(?<![\d.%％\-—～~])(\d+(?:\.\d+)?)[^\S\n]*([～~〜—\-－]|至|到)[^\S\n]*(\d+(?:\.\d+)?)[^\S\n]*(%|‰)/g;
const MAGNITUDE_RE =
  /(?<![\d.%\-—～~])(\d+(?:\.\d+)?)[^\S\n]*([～~〜—\-－])[^\S\n]*(\d+(?:\.\d+)?)[^\S\n]*(万亿|万|亿)(?!分之)/g;
const CONNECTOR_RE = /(?<=[^\d.\-:/A-Za-z]|^)(\d+(?:\.\d+)?)([~－])(\d+(?:\.\d+)?)(?=[\p{Script=Han}%‰℃])/gu;
const HAN_RANGE_RE = /(?<=\d{1,2}[月日])(-|－|~|——)(?=\d{1,4}[年月日])|(?<=\d)(——)(?=\d)/g;
// An ASCII hyphen between two numbers is also a phone, standard, table or model number (010-1234, GB/T 9704-2012,
// 表2-8): it is taken for a range only when a unit of measure or time follows and no letter, slash or 表/图/第 leads.
const HYPHEN_RE =
  /(?<=[^\d.\-:/A-Za-z表图式第号附]|^)(?<![A-Za-z/][ \u3000])(\d+(?:\.\d+)?)(-)(\d+(?:\.\d+)?)(?=(?:万|亿)?(?:元|人|名|个|岁|周岁|天|日|月|年|周|小时|分钟|次|倍|家|所|户|项|件|台|辆|套|间|米|千米|公里|毫米|厘米|平方米|亩|公顷|吨|公斤|千克|克|升|℃))/gu;
const HYPHEN_MARK_RE = /-/g;
// Marks every match of CONNECTOR_RE / HAN_RANGE_RE holds.
const CONNECTOR_MARK_RE = /[~－]/g;
const HAN_RANGE_MARK_RE = /[-－~—]/g;

/**
 * Matches of a global expression that can neither match nor look across a line break (as CONNECTOR_RE and
 * HAN_RANGE_RE), found on the lines that hold `mark` only: the same matches a scan of the whole text gives, without
 * trying the lookbehinds at every position of a long text.
 */
function* matchesOnLinesWith(text: string, mark: RegExp, re: RegExp): Generator<RegExpExecArray> {
  mark.lastIndex = 0;
  for (let hit = mark.exec(text); hit; hit = mark.exec(text)) {
    const start = text.lastIndexOf('\n', hit.index) + 1;
    let end = text.indexOf('\n', hit.index);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      m.index += start;
      yield m;
    }
    mark.lastIndex = end;
  }
}

const norm = (c: string) => (c === '至' || c === '到' ? c : c === '〜' || c === '—' ? c : '～');

export const rangeRule: Rule = {
  meta: {
    id: 'number/range',
    level: 'error',
    kind: 'code',
    locality: 'line',
    file: 'packages/core/src/rules/number/range.ts',
    description:
      '数值范围用浪纹线“～”（或一字线“—”）连接；百分数、带“万”“亿”的数值两端都要写出（如“10%～15%”“13万～17万”）；不用半角“-”“~”、全角“－”或破折号“——”。',
    message: '数值范围的写法不符合规定',
    standard: 'GB/T 15835-2011 5.1.3；GB/T 15834-2011 4.13',
    fixable: true,
    examples: {
      bad: [
        { text: '增长10-15%。', fixed: '增长10%～15%。' },
        { text: '增长10～15%。', fixed: '增长10%～15%。' },
        { text: '投资3～5亿元。', fixed: '投资3亿～5亿元。' },
        { text: '气温20~25℃。', fixed: '气温20～25℃。' },
        { text: '规划（2018－2022年）', fixed: '规划（2018—2022年）' },
        { text: '5月1日——5日放假。', fixed: '5月1日—5日放假。' },
      ],
      good: [
        '增长10%～15%。',
        '投资3亿～5亿元。',
        '电话010-12345678。',
        '表2-8所列。',
        '2011-02-15',
        '5月1日—5日放假。',
      ],
    },
  },
  create(ctx) {
    const text = ctx.text;
    const seen = new Set<number>();
    PERCENT_RE.lastIndex = 0;
    for (let m = PERCENT_RE.exec(text); m; m = PERCENT_RE.exec(text)) {
      const range = [m.index, m.index + m[0].length] as const;
      seen.add(m.index);
      const fixed = `${m[1]}${m[4]}${norm(m[2]!)}${m[3]}${m[4]}`;
      ctx.report({ range, message: `百分数范围两端都应带“${m[4]}”，应写作“${fixed}”`, fix: { range, text: fixed } });
    }
    MAGNITUDE_RE.lastIndex = 0;
    for (let m = MAGNITUDE_RE.exec(text); m; m = MAGNITUDE_RE.exec(text)) {
      const range = [m.index, m.index + m[0].length] as const;
      seen.add(m.index);
      const fixed = `${m[1]}${m[4]}${norm(m[2]!)}${m[3]}${m[4]}`;
      ctx.report({ range, message: `“${m[4]}”不能省略，应写作“${fixed}”`, fix: { range, text: fixed } });
    }
    for (const m of matchesOnLinesWith(text, CONNECTOR_MARK_RE, CONNECTOR_RE)) {
      if (seen.has(m.index)) continue;
      const at = m.index + m[1]!.length;
      // Year spans (2018－2022年) are time spans and take the 一字线.
      const years = /^(19|20)\d\d$/.test(m[1]!) && /^(19|20)\d\d年/.test(text.slice(at + 1, at + 6));
      const want = years ? '—' : '～';
      ctx.report({
        range: [at, at + 1],
        message: `${years ? '年份' : '数值'}范围应使用${years ? '一字线' : '浪纹线'}“${want}”，不用“${m[2]}”`,
        fix: { range: [at, at + 1], text: want },
        severity: 'warning',
      });
    }
    for (const m of matchesOnLinesWith(text, HYPHEN_MARK_RE, HYPHEN_RE)) {
      if (seen.has(m.index)) continue;
      const at = m.index + m[1]!.length;
      const after = text.slice(at + 1 + m[3]!.length, at + 3 + m[3]!.length);
      // Spans of time (years, months, days) take the 一字线, other quantities the 浪纹线.
      const time = /^(年|月|日|周)/.test(after) && !/^(年龄|月薪)/.test(after);
      const want = time ? '—' : '～';
      ctx.report({
        range: [at, at + 1],
        message: `${time ? '时间' : '数值'}范围应使用${time ? '一字线' : '浪纹线'}“${want}”，不用半角“-”`,
        fix: { range: [at, at + 1], text: want },
        severity: 'warning',
      });
    }
    for (const m of matchesOnLinesWith(text, HAN_RANGE_MARK_RE, HAN_RANGE_RE)) {
      const c = m[1] ?? m[2]!;
      const range = [m.index, m.index + c.length] as const;
      ctx.report({
        range,
        message: `时间范围应使用一字线“—”（或浪纹线“～”），不用“${c}”`,
        fix: { range, text: '—' },
        ...(c === '——' ? {} : { severity: 'warning' as const }),
      });
    }
  },
};
