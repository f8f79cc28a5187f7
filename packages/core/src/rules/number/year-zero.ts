import type { Rule } from '../../engine/types.js';

// A Chinese-numeral year of four digits whose zero is not 〇, or whose digits mix Arabic and Chinese (GB/T 15835-2011 4.3, 5.2.5).
// Four of DIGITS right before 年, not preceded by another numeral (the scan starts from each 年: a regex tried at every
// position of the text was one of the slowest rules).
const DIGITS = new Set('一二三四五六七八九〇零○0OΟ');
const NUMERAL = new Set('一二三四五六七八九十〇零○0123456789OΟ');

export const yearZeroRule: Rule = {
  meta: {
    id: 'number/year-zero',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/number/year-zero.ts',
    locality: 'line',
    description: '用汉字数字书写年份时，作为编号的“零”应写作“〇”（如“二〇二四年”），不写作“零”“○”“0”或字母“O”。',
    message: '年份中的零应写作“〇”',
    standard: 'GB/T 15835-2011 5.2.5',
    fixable: true,
    examples: {
      bad: [
        { text: '二零二四年十二月', fixed: '二〇二四年十二月' },
        { text: '二○一二年', fixed: '二〇一二年' },
      ],
      good: ['二〇二四年十二月', '2024年12月', '一千零五年'],
    },
  },
  create(ctx) {
    const text = ctx.text;
    for (let a = text.indexOf('年', 4); a >= 0; a = text.indexOf('年', a + 1)) {
      const s = a - 4;
      if (!DIGITS.has(text[s]!) || !DIGITS.has(text[s + 1]!) || !DIGITS.has(text[s + 2]!) || !DIGITS.has(text[s + 3]!))
        continue;
      if (s > 0 && NUMERAL.has(text[s - 1]!)) continue;
      const y = text.slice(s, a);
      // At least one Chinese digit, and a zero that is not 〇.
      if (!/[一二三四五六七八九]/.test(y) || !/[零○0OΟ]/.test(y)) continue;
      const range = [s, a] as const;
      // ○ (U+25CB) looks the same as 〇 in print: a code-point slip rather than a wrong word, so only a warning.
      const lookAlike = !/[零0OΟ]/.test(y);
      ctx.report({
        range,
        message: `年份“${y}年”中的零应写作“〇”`,
        fix: { range, text: y.replace(/[零○0OΟ]/g, '〇') },
        ...(lookAlike ? { severity: 'warning' as const } : {}),
      });
    }
  },
};
