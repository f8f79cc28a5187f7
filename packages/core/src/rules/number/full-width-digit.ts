import type { Rule } from '../../engine/types.js';

const FW_RE = /[０-９]+(?:[．.][０-９]+)?[％]?|[Ａ-Ｚａ-ｚ]+|％/g;
const toHalf = (s: string) => s.replace(/[０-９Ａ-Ｚａ-ｚ．％]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

export const fullWidthDigitRule: Rule = {
  meta: {
    id: 'number/full-width-digit',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/number/full-width-digit.ts',
    locality: 'line',
    description: '阿拉伯数字应使用半角形式（占半个汉字位置），不应使用全角数字；全角拉丁字母和全角百分号也应改为半角。',
    message: '应使用半角数字',
    standard: 'GB/T 15835-2011 5.1',
    fixable: true,
    examples: {
      bad: [
        { text: '截至２０２４年底，共完成１２项。', fixed: '截至2024年底，共完成12项。' },
        { text: '增长３．５％。', fixed: '增长3.5%。' },
        { text: '推广ＡＩ技术。', fixed: '推广AI技术。' },
      ],
      good: ['截至2024年底，共完成12项。', '增长3.5%。'],
    },
  },
  create(ctx) {
    const text = ctx.text;
    FW_RE.lastIndex = 0;
    for (let m = FW_RE.exec(text); m; m = FW_RE.exec(text)) {
      const range = [m.index, m.index + m[0].length] as const;
      const digits = /[０-９]/.test(m[0]);
      ctx.report({
        range,
        message: digits
          ? `应使用半角数字“${toHalf(m[0])}”，不用全角“${m[0]}”`
          : `应使用半角“${toHalf(m[0])}”，不用全角“${m[0]}”`,
        fix: { range, text: toHalf(m[0]) },
        ...(digits ? {} : { severity: 'warning' as const }),
      });
    }
  },
};
