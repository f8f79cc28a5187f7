import type { Rule } from '../../engine/types.js';
import { layoutContext, TWIPS_PER_MM, mm, sectionAnchor } from './common.js';

/** GB/T 9704-2012 5.1 and 8: A4 portrait (landscape only for 横排表格 sections). */
export const paperSizeRule: Rule = {
  meta: {
    id: 'layout/paper-size',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/layout/paper-size.ts',
    formats: ['docx'],
    extent: 'document',
    description: '公文用纸采用 A4 型纸（210 mm × 297 mm），纵向排版；横排表格所在节可横向。',
    message: '纸张应为 A4（210 mm × 297 mm）',
    standard: 'GB/T 9704-2012 5.1',
    examples: { bad: [{ text: '纸张 215.9 mm × 279.4 mm（Letter）' }], good: ['纸张 210 mm × 297 mm（A4），纵向'] },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { info, lp } = lc;
    const w = Math.round(lp.page.widthMm * TWIPS_PER_MM);
    const h = Math.round(lp.page.heightMm * TWIPS_PER_MM);
    const tol = lp.checks.pageSizeToleranceTwips;
    for (const sec of info.sections) {
      const pw = sec.pageWidth;
      const ph = sec.pageHeight;
      if (pw === undefined || ph === undefined) continue;
      const range = sectionAnchor(ctx.document, sec);
      const portraitOk = Math.abs(pw - w) <= tol && Math.abs(ph - h) <= tol;
      const landscapeOk = Math.abs(pw - h) <= tol && Math.abs(ph - w) <= tol;
      if (!portraitOk && !landscapeOk) {
        ctx.report({
          range,
          message: `第 ${sec.index + 1} 节纸张为 ${mm(pw)} mm × ${mm(ph)} mm，应为 A4（${lp.page.widthMm} mm × ${lp.page.heightMm} mm）`,
        });
      } else if (landscapeOk || sec.orient === 'landscape') {
        // Landscape is for sideways tables only (§8).
        const hasTable = ctx.document.blocks
          .slice(sec.firstBlock, sec.lastBlock + 1)
          .some((b) => b.kind === 'table-cell');
        if (!hasTable)
          ctx.report({
            range,
            message: `第 ${sec.index + 1} 节为横向页面，但其中没有横排表格；公文应纵向排版`,
            standard: 'GB/T 9704-2012 8',
          });
      }
    }
  },
};
