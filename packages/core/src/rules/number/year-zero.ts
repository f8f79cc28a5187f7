import type { Rule } from '../../engine/types.js';

// A Chinese-numeral year of four digits whose zero is not 〇, or whose digits mix Arabic and Chinese (GB/T 15835-2011 4.3, 5.2.5).
const YEAR_RE = /(?<![一二三四五六七八九十〇零○0-9OΟ])([一二三四五六七八九〇零○0OΟ]{4})(?=年)/gu;

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
    YEAR_RE.lastIndex = 0;
    for (let m = YEAR_RE.exec(text); m; m = YEAR_RE.exec(text)) {
      const y = m[1]!;
      // At least one Chinese digit, and a zero that is not 〇.
      if (!/[一二三四五六七八九]/.test(y) || !/[零○0OΟ]/.test(y)) continue;
      const range = [m.index, m.index + y.length] as const;
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
