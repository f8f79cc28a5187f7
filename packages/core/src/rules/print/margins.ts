import type { Rule } from '../../engine/types.js';
import { PT_PER_MM, mmOf, pageAnchor, printContext } from './common.js';

/**
 * GB/T 9704-2012 5.2.1: margins (天头 37 mm, 订口 28 mm, 右 26 mm, 下 35 mm ± 1 mm), measured from where the body text
 * prints. Left and right come from the common start of the lines and the common end of full lines, and are judged
 * only when enough lines share them; top and bottom only catch text printed outside the 版心 (or a 版心 that starts
 * lower than one line below its top on every page after the first), since a line box's height is not visible on paper.
 */
export const printMarginsRule: Rule = {
  meta: {
    id: 'print/margins',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/print/margins.ts',
    formats: ['pdf', 'ofd'],
    extent: 'document',
    description:
      'PDF/OFD 的页边距按正文实际印出的位置测量：左（订口）28 mm、右 26 mm，上 37 mm、下 35 mm，允许 1 mm 误差；行数太少无法判断时不报。',
    message: '页边距与规定不符',
    standard: 'GB/T 9704-2012 5.2.1',
    examples: { bad: [{ text: '正文左端距页面左边 20 mm' }], good: ['正文左端距页面左边 28 mm，满行右端距右边 26 mm'] },
  },
  create(ctx) {
    const pc = printContext(ctx);
    if (!pc) return;
    const { info, lp, body } = pc;
    const m = lp.margins;
    // Measured from glyph edges, not from the page setup: half a millimetre more slack than the standard's 1 mm.
    const tol = (m.toleranceMm + 0.5) * PT_PER_MM;
    const found: string[] = [];
    let anchorPage = body[0]?.page ?? 0;
    const left = info.left;
    const right = info.right;
    // Evidence for each edge: lines that start (or end) there, and the long rules the 版心 spans (分隔线, 版记 lines).
    const long = info.pages.flatMap((p) => p.rules).filter((r) => r.x2 - r.x1 >= 120 * PT_PER_MM);
    const atLeft =
      left === undefined
        ? 0
        : body.filter((l) => Math.abs(l.x0 - left) <= 1).length +
          long.filter((r) => Math.abs(r.x1 - left) <= 1.5).length;
    const atRight =
      right === undefined
        ? 0
        : body.filter((l) => Math.abs(l.x1 - right) <= 1).length +
          long.filter((r) => Math.abs(r.x2 - right) <= 1.5).length;
    const pageW = info.pages[body[0]?.page ?? 0]?.width ?? 0;
    if (left !== undefined && atLeft >= 3 && Math.abs(left - m.leftMm * PT_PER_MM) > tol)
      found.push(`左边距约 ${mmOf(left)} mm（应为 ${m.leftMm} mm）`);
    if (right !== undefined && atRight >= 3 && pageW && Math.abs(pageW - right - m.rightMm * PT_PER_MM) > tol)
      found.push(`右边距约 ${mmOf(pageW - right)} mm（应为 ${m.rightMm} mm）`);
    // Top and bottom: glyphs rise about 0.88 em above the baseline and reach 0.12 em below it.
    const top = m.topMm * PT_PER_MM;
    let above: number | undefined;
    let below: number | undefined;
    // The top of each page whose first line carries on a paragraph from the page before: it prints on the 版心's
    // first line (a page that starts with a new paragraph may start lower, after blank lines).
    const firstTop = new Map<number, number>();
    const lastBlock = new Map<number, number>();
    // The 版头 prints where its format puts it (a 信函's mark 30 mm from the top edge): only what follows is measured.
    const head = new Set(['copy-number', 'secrecy', 'urgency', 'issuer-mark', 'doc-number', 'signer']);
    for (const l of body) {
      const h = info.pages[l.page]!.height;
      if (head.has(pc.doc.blocks[l.block]?.role ?? '')) continue;
      const glyphTop = l.y - 0.88 * l.size;
      const glyphBottom = l.y + 0.12 * l.size;
      if (glyphTop < top - tol && (above === undefined || glyphTop < above)) {
        above = glyphTop;
        anchorPage = l.page;
      }
      if (glyphBottom > h - m.bottomMm * PT_PER_MM + tol && (below === undefined || glyphBottom > below)) {
        below = glyphBottom;
        anchorPage = l.page;
      }
      if (!firstTop.has(l.page) && lastBlock.get(l.page - 1) === l.block) firstTop.set(l.page, glyphTop);
      if (!firstTop.has(l.page)) firstTop.set(l.page, Number.NaN);
      lastBlock.set(l.page, l.block);
    }
    if (above !== undefined) found.push(`正文印到距页面上边 ${mmOf(above)} mm 处，已进入天头（应为 ${m.topMm} mm）`);
    if (below !== undefined) {
      const h = info.pages[anchorPage]!.height;
      found.push(`正文印到距页面下边 ${mmOf(h - below)} mm 处，已进入下白边（应为 ${m.bottomMm} mm）`);
    }
    const later = [...firstTop].filter(([p, t]) => p > 0 && !Number.isNaN(t)).map(([, t]) => t);
    const pitch = info.pitch ?? 29;
    if (above === undefined && later.length >= 1 && Math.min(...later) > top + pitch + tol)
      found.push(`续页正文最早从距页面上边 ${mmOf(Math.min(...later))} mm 处开始，天头大于 ${m.topMm} mm`);
    if (!found.length) return;
    ctx.report({ range: pageAnchor(pc, anchorPage), message: `${found.join('；')}` });
  },
};
