import type { Rule } from '../../engine/types.js';
import { layoutContext, isSeparatorStar, inkRuns, isBlack, isRed, spanOf } from './common.js';

/** GB/T 9704-2012 5.2.4 and 7.2.4: text is black; only the 发文机关标志 (and the special formats' marks) are red. */
export const textColorRule: Rule = {
  meta: {
    id: 'layout/text-color',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/layout/text-color.ts',
    formats: ['docx'],
    description: '公文中文字的颜色均为黑色；发文机关标志（含信函、命令、纪要标志）为红色；不应有突出显示或底纹。',
    message: '文字颜色不符合规定',
    standard: 'GB/T 9704-2012 5.2.4',
    examples: { bad: [{ text: '正文文字为蓝色（#0000FF）' }], good: ['正文为自动（黑色），发文机关标志为红色'] },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { doc, lp } = lc;
    for (const b of doc.blocks) {
      if (b.role === 'blank' || isSeparatorStar(doc, b)) continue;
      const runs = inkRuns(doc, b).filter((r) => !r.hidden);
      if (!runs.length) continue;
      if (b.role === 'issuer-mark') {
        const notRed = runs.filter((r) => !isRed(lp, r.color));
        if (notRed.length)
          ctx.report({ range: spanOf(notRed), message: '发文机关标志应使用红色', standard: 'GB/T 9704-2012 7.2.4' });
        continue;
      }
      // White text in a header or footer prints nothing (WPS pads page-number lines with it): not a colour to fix.
      const hf = b.kind === 'header' || b.kind === 'footer';
      const coloured = runs.filter((r) => !isBlack(lp, r.color) && !(hf && /^FFFFFF$/i.test(r.color ?? '')));
      if (coloured.length) {
        ctx.report({ range: spanOf(coloured), message: `文字颜色应为黑色（当前为 #${coloured[0]!.color}）` });
      }
      const marked = runs.filter((r) => r.highlight || (r.shading && r.shading !== 'FFFFFF'));
      if (marked.length)
        ctx.report({ range: spanOf(marked), message: '文字带有突出显示或底纹，印发前应清除', severity: 'warning' });
    }
  },
};
