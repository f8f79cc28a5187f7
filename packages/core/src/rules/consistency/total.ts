import type { Rule } from '../../engine/types.js';
import { parseChineseNumber } from '../text-helpers.js';

/** Units as the text writes them: the base they count in and the factor to it. */
const UNITS: Record<string, [string, number]> = {
  亿元: ['元', 1e8],
  万元: ['元', 1e4],
  元: ['元', 1],
  万人次: ['人次', 1e4],
  人次: ['人次', 1],
  万人: ['人', 1e4],
  人: ['人', 1],
  名: ['名', 1],
  万户: ['户', 1e4],
  户: ['户', 1],
  个: ['个', 1],
  项: ['项', 1],
  家: ['家', 1],
  件: ['件', 1],
  所: ['所', 1],
  座: ['座', 1],
  台: ['台', 1],
  辆: ['辆', 1],
  套: ['套', 1],
  万亩: ['亩', 1e4],
  亩: ['亩', 1],
  万吨: ['吨', 1e4],
  吨: ['吨', 1],
  公里: ['公里', 1],
  '%': ['%', 1],
  '％': ['%', 1],
};
const UNIT_ALT = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const CN_NUM = '[一二两三四五六七八九十百千零〇]+';
// An amount: Arabic (thousands commas, decimals) or Chinese numerals, then a unit that is not the start of a longer
// word (3个月, 5项目, 2人民, 10家庭).
const AMOUNT_RE = new RegExp(
  `(?<![\\d.,，一二两三四五六七八九十百千零〇])(\\d+(?:,\\d{3})*(?:\\.\\d+)?|${CN_NUM})(${UNIT_ALT})(?![月百工小时年天日民均庭籍口目次])`,
  'g',
);
const SENTENCE_END = '。；！？\n;';
const TOTAL_RE = /(?:合计|共计|总计)[为达：:]?$/;
// A sentence that says a number only roughly, or compares, may not add up and is not judged.
const ROUGH_RE = /约|近|余|多万|多个|多人|左右|以上|以下|超过|不足|增|减|比|较|提高|下降|其中|平均|人均|每|分别|占比/;

interface Amount {
  start: number;
  end: number;
  value: number;
  /** Half of the last written digit, in the base unit: what rounding may account for. */
  slack: number;
  base: string;
  text: string;
}

function amountOf(num: string, unit: string, start: number, end: number, text: string): Amount | undefined {
  const [base, factor] = UNITS[unit]!;
  if (/^\d/.test(num)) {
    const plain = num.replace(/,/g, '');
    const decimals = plain.includes('.') ? plain.length - plain.indexOf('.') - 1 : 0;
    return { start, end, value: Number(plain) * factor, slack: 0.5 * 10 ** -decimals * factor, base, text };
  }
  const v = parseChineseNumber(num);
  return v === undefined ? undefined : { start, end, value: v * factor, slack: 0, base, text };
}

function format(v: number, like: Amount): string {
  const unit = Object.keys(UNITS).find((u) => like.text.endsWith(u))!;
  const factor = UNITS[unit]![1];
  return `${Number((v / factor).toFixed(6))}${unit}`;
}

export const totalRule: Rule = {
  meta: {
    id: 'consistency/total',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/consistency/total.ts',
    description:
      '同一句中逐项列出的数额与“合计”“共计”“总计”的数额应一致（按原文的单位换算：万元、亿元、%、个等，允许原文小数位的舍入误差）；含“约”“其中”“增长”等的句子不判断。',
    message: '分项之和与合计数不一致',
    standard: '《党政机关公文处理工作条例》第十九条（三）（表述准确）',
    examples: {
      bad: [
        { text: '市级安排50万元、区级安排30万元、社会资金30万元，合计120万元。' },
        { text: '一季度完成3项、二季度完成四项，共计八项。' },
      ],
      good: [
        '市级安排50万元、区级安排30万元、社会资金40万元，合计120万元。',
        '中央资金1.2亿元、省级资金3000万元，合计1.5亿元。',
        '共投入资金120万元，其中市级50万元。',
        '三项分别为20.3%、35.1%、44.7%，合计100%。',
      ],
    },
  },
  create(ctx) {
    const text = ctx.text;
    // Only sentences holding a total are read, each once; the bounded look around keeps a text without sentence
    // marks linear.
    const MARKER_RE = /合计|共计|总计/g;
    let done = 0;
    for (let m = MARKER_RE.exec(text); m; m = MARKER_RE.exec(text)) {
      if (m.index < done) continue;
      let s = m.index;
      while (s > done && m.index - s < 1000 && !SENTENCE_END.includes(text[s - 1]!)) s--;
      let e = m.index;
      while (e < text.length && e - m.index < 1000 && !SENTENCE_END.includes(text[e]!)) e++;
      done = e;
      const sentence = text.slice(s, e);
      if (!ROUGH_RE.test(sentence)) checkSentence(sentence, s, ctx);
    }
  },
};

function checkSentence(sentence: string, offset: number, ctx: Parameters<Rule['create']>[0]): void {
  const amounts: Amount[] = [];
  const re = new RegExp(AMOUNT_RE.source, 'g');
  let depth = 0;
  let scanned = 0;
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    // Amounts inside brackets are details of the one before, not parts of the sum.
    for (; scanned < m.index; scanned++) {
      const c = sentence[scanned]!;
      if (c === '（' || c === '(') depth++;
      else if ((c === '）' || c === ')') && depth > 0) depth--;
    }
    if (depth > 0) continue;
    const a = amountOf(m[1]!, m[2]!, m.index, m.index + m[0].length, m[0]);
    if (a) amounts.push(a);
  }
  let from = 0;
  for (let k = 0; k < amounts.length; k++) {
    const total = amounts[k]!;
    if (!TOTAL_RE.test(sentence.slice(Math.max(0, total.start - 4), total.start))) continue;
    const parts = amounts.slice(from, k);
    from = k + 1;
    // Every amount before the total counts the same thing, and nothing else is numbered there (a year, a rank).
    if (parts.length < 2 || parts.some((p) => p.base !== total.base)) continue;
    let numbered = false;
    for (let j = 0; j < parts.length && !numbered; j++)
      numbered = /\d/.test(sentence.slice(parts[j]!.end, j + 1 < parts.length ? parts[j + 1]!.start : total.start));
    if (numbered) continue;
    const sum = parts.reduce((n, p) => n + p.value, 0);
    const slack = parts.reduce((n, p) => n + p.slack, total.slack) + 1e-9 * Math.abs(total.value);
    if (Math.abs(sum - total.value) <= slack) continue;
    const start = offset + total.start;
    ctx.report({
      range: [start, start + total.text.length],
      message: `前列${parts.length}项之和为${format(sum, total)}，与合计数“${total.text}”不一致，请核对`,
    });
  }
}
