import type { Rule } from '../../engine/types.js';

// 4千万, 3百 (GB/T 15835-2011 5.3): a single number must not mix Arabic digits with 十/百/千 (万 and 亿 may follow Arabic digits).
// SI prefixes (千米, 千克, 千瓦 …) are units, not numerals.
const MIXED_RE = /(?<![\d.])(\d+(?:\.\d+)?)([十百千])(?![米克瓦焦帕赫伏升卡字节比特兆])/g;
const FACTOR: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

export const mixedNumeralRule: Rule = {
  meta: {
    id: 'number/mixed-numeral',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/number/mixed-numeral.ts',
    locality: 'line',
    description:
      '一个数值不应混用阿拉伯数字与汉字数字“十、百、千”（如“4千万”应写作“4000万”）；“万”“亿”可与阿拉伯数字连用。',
    message: '数值中阿拉伯数字与汉字数字混用',
    standard: 'GB/T 15835-2011 5.3',
    fixable: true,
    hasSuggestions: true,
    examples: {
      bad: [
        { text: '投资4千万元。', fixed: '投资4000万元。' },
        { text: '约3百人参加。', fixed: '约300人参加。' },
        { text: '增长百分之5。' },
      ],
      good: ['投资4000万元。', '全长30千米。', '装机容量5千瓦。', '增长百分之五。'],
    },
  },
  create(ctx) {
    const text = ctx.text;
    MIXED_RE.lastIndex = 0;
    for (let m = MIXED_RE.exec(text); m; m = MIXED_RE.exec(text)) {
      const range = [m.index, m.index + m[0].length] as const;
      const value = Number(m[1]) * FACTOR[m[2]!]!;
      const exact = Number.isInteger(value) && !/\.\d{4,}/.test(String(value));
      ctx.report({
        range,
        message: `“${m[0]}”混用阿拉伯数字与汉字数字${exact ? `，应写作“${value}”` : ''}`,
        ...(exact ? { fix: { range, text: String(value) } } : {}),
      });
    }
    for (let i = text.indexOf('百分之'); i >= 0; i = text.indexOf('百分之', i + 1)) {
      const m = /^百分之(\d+(?:\.\d+)?)/.exec(text.slice(i, i + 20));
      if (!m) continue;
      const range = [i, i + m[0].length] as const;
      ctx.report({
        range,
        message: `“${m[0]}”混用汉字与阿拉伯数字，应写作“${m[1]}%”`,
        suggestions: [{ message: `改为“${m[1]}%”`, fix: { range, text: `${m[1]}%` } }],
      });
    }
  },
};
