import type { Rule } from '../../engine/types.js';
import { layoutContext, bodyBlocks, isLandscape, sectionAnchor } from './common.js';

/** GB/T 9704-2012 5.2.3: 22 lines × 28 characters, derived from the grid and the body line spacing. */
export const gridRule: Rule = {
  meta: {
    id: 'layout/grid',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/layout/grid.ts',
    formats: ['docx'],
    extent: 'document',
    description: '一般每面排 22 行，每行排 28 个字，撑满版心；行数由正文行距或文档网格推算，字数由网格字距推算。',
    message: '每页行数或每行字数不符合规定',
    standard: 'GB/T 9704-2012 5.2.3',
    examples: {
      bad: [{ text: '正文固定行距 15.6 磅（每页 40 行）' }],
      good: ['文档网格每页 22 行、每行 28 字，正文单倍行距对齐网格'],
    },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { info, lp } = lc;
    const body = bodyBlocks(ctx.document, info).filter(
      (b) => (b.role === 'body' || b.role === 'heading') && b.kind === 'paragraph',
    );
    for (const sec of info.sections) {
      if (isLandscape(sec) || sec.pageHeight === undefined || sec.pageWidth === undefined) continue;
      const g = sec.margins;
      if (g.top === undefined || g.bottom === undefined || g.left === undefined || g.right === undefined) continue;
      const inSec = body.filter((b) => b.index >= sec.firstBlock && b.index <= sec.lastBlock);
      if (!inSec.length) continue;
      const range = sectionAnchor(ctx.document, sec);
      const H = sec.pageHeight - Math.abs(g.top) - Math.abs(g.bottom);
      const W = sec.pageWidth - g.left - g.right - (g.gutter ?? 0);
      // The line pitch most body paragraphs use: exact spacing, or single spacing snapped to the grid.
      const pitches = new Map<number, number>();
      for (const b of inSec) {
        const sp = b.format?.spacing ?? {};
        let p: number | undefined;
        // At-least spacing above the text's own height sets the pitch just as exact spacing does.
        if ((sp.lineRule === 'exact' || sp.lineRule === 'atLeast') && sp.line) p = sp.line;
        else if (
          (sec.grid.type === 'lines' || sec.grid.type === 'linesAndChars') &&
          (sp.lineRule ?? 'auto') === 'auto' &&
          (sp.line ?? 240) <= 240 &&
          b.format?.snapToGrid !== false &&
          sec.grid.linePitch
        )
          p = sec.grid.linePitch;
        if (p) pitches.set(p, (pitches.get(p) ?? 0) + 1);
      }
      const top = [...pitches.entries()].sort((a, b) => b[1] - a[1])[0];
      if (top) {
        const lines = Math.floor(H / top[0]);
        if (lines !== lp.grid.linesPerPage) {
          ctx.report({
            range,
            message: `第 ${sec.index + 1} 节正文行距 ${(top[0] / 20).toFixed(2)} 磅，每页 ${lines} 行，一般应为 ${lp.grid.linesPerPage} 行（行距约 ${(lp.grid.linePitchTwipsMin / 20).toFixed(2)}–${(lp.grid.linePitchTwipsMax / 20).toFixed(2)} 磅）`,
          });
        }
      } else {
        ctx.report({
          range,
          message: `第 ${sec.index + 1} 节正文未使用固定行距或文档网格，无法保证每页 ${lp.grid.linesPerPage} 行`,
          severity: 'info',
        });
      }
      // Character pitch: the grid's when it snaps characters, else the body font size plus run spacing.
      let pitchPt: number | undefined;
      if (sec.grid.type === 'linesAndChars' && sec.grid.charSpace !== undefined) {
        pitchPt = (info.normal.sizePt ?? 10.5) + sec.grid.charSpace / 4096;
      } else {
        // The size and spacing most body characters have (not the first run's, which may be a label or a heading).
        const count = new Map<number, number>();
        for (const r of inSec.flatMap((b) => b.format?.runs ?? [])) {
          if (r.slot !== 'eastAsia' || r.label || !r.sizePt) continue;
          const p = r.sizePt + (r.charSpacingTwips ?? 0) / 20;
          count.set(p, (count.get(p) ?? 0) + r.end - r.start);
        }
        pitchPt = [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
      }
      if (pitchPt && pitchPt > 0) {
        // Word rounds the pitch it stores (charSpace ≈ −848 for 28 per line), so allow a hair under the integer.
        const chars = Math.floor(W / (pitchPt * 20) + 0.01);
        if (chars !== lp.grid.charsPerLine) {
          ctx.report({
            range,
            message: `第 ${sec.index + 1} 节每行约 ${chars} 字，一般应为 ${lp.grid.charsPerLine} 字（可用“文档网格”指定每行字数）`,
          });
        }
      }
    }
  },
};
