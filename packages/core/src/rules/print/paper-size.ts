import type { Rule } from '../../engine/types.js';
import { PT_PER_MM, mmOf, pageAnchor, printContext } from './common.js';

/** GB/T 9704-2012 5.1: A4, measured from the printed pages of a PDF or OFD. */
export const printPaperSizeRule: Rule = {
  meta: {
    id: 'print/paper-size',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/print/paper-size.ts',
    formats: ['pdf', 'ofd'],
    extent: 'document',
    description: 'PDF/OFD 的页面尺寸应为 A4（210 mm × 297 mm）；横排表格页可横向。',
    message: '页面应为 A4（210 mm × 297 mm）',
    standard: 'GB/T 9704-2012 5.1',
    examples: { bad: [{ text: 'PDF 页面 215.9 mm × 279.4 mm（Letter）' }], good: ['PDF 页面 210 mm × 297 mm（A4）'] },
  },
  create(ctx) {
    const pc = printContext(ctx);
    if (!pc) return;
    const { widthMm, heightMm, toleranceMm } = pc.lp.page;
    const seen = new Set<string>();
    pc.info.pages.forEach((p, i) => {
      const w = p.width / PT_PER_MM;
      const h = p.height / PT_PER_MM;
      const fits = (a: number, b: number) =>
        Math.abs(a - widthMm) <= toleranceMm && Math.abs(b - heightMm) <= toleranceMm;
      if (fits(w, h) || fits(h, w)) return;
      // One finding per size: an archive of Letter pages says it once.
      const key = `${mmOf(p.width)}×${mmOf(p.height)}`;
      if (seen.has(key)) return;
      seen.add(key);
      ctx.report({
        range: pageAnchor(pc, i),
        message: `第 ${i + 1} 页页面为 ${mmOf(p.width)} mm × ${mmOf(p.height)} mm，应为 A4（${widthMm} mm × ${heightMm} mm）`,
      });
    });
  },
};
