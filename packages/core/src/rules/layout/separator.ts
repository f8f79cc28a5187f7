import type { Rule } from '../../engine/types.js';
import { layoutContext, EMU_PER_MM, TWIPS_PER_MM, blockRange, blockText, isRed, linesNear } from './common.js';

/** GB/T 9704-2012 7.2.7: the red separator below the 发文字号, as wide as the 版心. */
export const separatorRule: Rule = {
  meta: {
    id: 'layout/separator',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/layout/separator.ts',
    formats: ['docx'],
    description: '发文字号之下 4 mm 处居中印一条与版心等宽的红色分隔线。',
    message: '缺少版头红色分隔线',
    standard: 'GB/T 9704-2012 7.2.7',
    examples: { bad: [{ text: '发文字号下没有红色分隔线' }], good: ['发文字号段落带红色下框线，与版心等宽'] },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { doc, info, lp, kind } = lc;
    if (kind !== 'formal') return;
    const marks = ctx.structure.byRole('issuer-mark');
    const mark = marks[marks.length - 1]!;
    const number = ctx.structure.byRole('doc-number')[0];
    // A mark that is not a …文件 mark and no 发文字号 (公告, 通告 and the like): the separator is not asked for.
    const markText = marks.map((b) => blockText(doc, b).replace(/[\s\u3000]+/g, '')).join('');
    if (!number && !/文件$/.test(markText)) return;
    const all = doc.blocks.slice(0, info.bodyBlocks);
    const title = ctx.structure.titleBlocks[0];
    const from = mark.index;
    const to = Math.min(number ? number.index + 3 : mark.index + 8, title ? title.index - 1 : Infinity);
    const lines = linesNear(all, from, to).filter((l) => l.block.role !== 'issuer-mark' || l.how === '线条');
    const anchor = blockRange(doc, number ?? mark);
    if (!lines.length) {
      ctx.report({ range: anchor, message: '发文字号之下缺少红色分隔线' });
      return;
    }
    const red = lines.filter((l) => isRed(lp, l.color));
    if (!red.length) {
      ctx.report({ range: anchor, message: '版头分隔线应为红色' });
      return;
    }
    const want = lp.elements.separator?.widthMm;
    if (want !== undefined) {
      const tol = lp.checks.separatorLengthToleranceMm;
      for (const l of red) {
        if (l.lengthEmu !== undefined && Math.abs(l.lengthEmu / EMU_PER_MM - want) > tol) {
          ctx.report({
            range: anchor,
            message: `红色分隔线长 ${(l.lengthEmu / EMU_PER_MM).toFixed(1)} mm，应与版心等宽（${want} mm）`,
            severity: 'warning',
          });
        }
        if (l.paragraphWidth) {
          const ind = l.block.format?.indentTwips ?? {};
          const off =
            Math.abs(ind.left ?? 0) +
            Math.abs(ind.right ?? 0) +
            Math.abs((l.block.format?.leftIndentChars ?? 0) * 320) +
            Math.abs((l.block.format?.rightIndentChars ?? 0) * 320);
          if (off / TWIPS_PER_MM > tol)
            ctx.report({
              range: anchor,
              message: '红色分隔线所在段落有左右缩进，线长不等于版心宽度',
              severity: 'warning',
            });
        }
      }
    }
  },
};
