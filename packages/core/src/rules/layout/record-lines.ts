import type { Block } from '../../document/types.js';
import type { Rule } from '../../engine/types.js';
import { layoutContext, blockRange, isBlack, visibleBorder } from './common.js';

interface Edge {
  sz?: number;
  color?: string;
  drawn?: boolean;
}

/** The rule above a 版记 block: its top border, its table's top (first row), or the bottom border or line of the block before. */
function edgeAbove(b: Block, prev: Block | undefined): Edge | undefined {
  const f = b.format ?? {};
  if (visibleBorder(f.borders?.top)) return { ...f.borders!.top };
  if (f.table) {
    if (f.table.row === 0 && visibleBorder(f.table.borders?.top)) return { ...f.table.borders!.top };
    if (f.table.row > 0 && visibleBorder(f.table.borders?.insideH)) return { ...f.table.borders!.insideH };
  }
  if (prev) {
    const pf = prev.format ?? {};
    if (visibleBorder(pf.borders?.bottom)) return { ...pf.borders!.bottom };
    const l = pf.lines?.[0];
    if (l)
      return {
        ...(l.weightEmu ? { sz: Math.round((l.weightEmu / 12700) * 8) } : {}),
        ...(l.color ? { color: l.color } : {}),
        drawn: true,
      };
  }
  return undefined;
}

function edgeBelow(b: Block, next: Block | undefined): Edge | undefined {
  const f = b.format ?? {};
  if (visibleBorder(f.borders?.bottom)) return { ...f.borders!.bottom };
  if (f.table) {
    if (f.table.row === f.table.rows - 1 && visibleBorder(f.table.borders?.bottom))
      return { ...f.table.borders!.bottom };
    if (f.table.row < f.table.rows - 1 && visibleBorder(f.table.borders?.insideH))
      return { ...f.table.borders!.insideH };
  }
  if (next) {
    const nf = next.format ?? {};
    if (visibleBorder(nf.borders?.top)) return { ...nf.borders!.top };
    const l = nf.lines?.[0];
    if (l)
      return {
        ...(l.weightEmu ? { sz: Math.round((l.weightEmu / 12700) * 8) } : {}),
        ...(l.color ? { color: l.color } : {}),
        drawn: true,
      };
  }
  return undefined;
}

/** GB/T 9704-2012 7.4.1: the 版记 sits between a thick first rule and a thick last rule, thin rules between its elements, all black. */
export const recordLinesRule: Rule = {
  meta: {
    id: 'layout/record-lines',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/layout/record-lines.ts',
    formats: ['docx'],
    description: '版记中的分隔线与版心等宽，首条和末条为粗线（推荐 0.35 mm），中间为细线（推荐 0.25 mm），黑色。',
    message: '版记分隔线不符合规定',
    standard: 'GB/T 9704-2012 7.4.1',
    examples: {
      bad: [{ text: '抄送和印发机关上下没有分隔线' }],
      good: ['抄送上方粗线、印发上方细线、印发下方粗线，黑色，与版心等宽'],
    },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { doc, info, lp, kind } = lc;
    if (kind === 'letter') return;
    const all = doc.blocks.slice(0, info.bodyBlocks);
    const record = all.filter((b) => b.role === 'cc' || b.role === 'print-line' || b.role === 'main-recipients-end');
    if (!record.length) return;
    const neighbour = (b: Block, dir: -1 | 1) => {
      for (let i = b.index + dir; i >= 0 && i < all.length; i += dir) {
        const n = all[i]!;
        if (n.role !== 'blank' || n.format?.lines?.length || n.format?.borders) return n;
      }
      return undefined;
    };
    const first = record[0]!;
    const last = record[record.length - 1]!;
    const top = edgeAbove(first, neighbour(first, -1));
    const bottom = edgeBelow(last, neighbour(last, 1));
    const [tMin, tMax] = lp.checks.recordThickSz;
    const [nMin, nMax] = lp.checks.recordThinSz;
    if (!top) ctx.report({ range: blockRange(doc, first), message: '版记第一个要素之上缺少分隔线（粗线）' });
    if (!bottom) ctx.report({ range: blockRange(doc, last), message: '版记最后一个要素之下缺少分隔线（粗线）' });
    for (const [edge, b, which] of [
      [top, first, '首条'],
      [bottom, last, '末条'],
    ] as const) {
      if (!edge) continue;
      if (!isBlack(lp, edge.color)) ctx.report({ range: blockRange(doc, b), message: `版记${which}分隔线应为黑色` });
      else if (edge.sz !== undefined && (edge.sz < tMin || edge.sz > tMax)) {
        ctx.report({
          range: blockRange(doc, b),
          message: `版记${which}分隔线应为粗线（约 ${lp.elements.recordLines?.thickMm ?? 0.35} mm，框线宽 ${tMin}–${tMax}/8 磅），当前 ${edge.sz}/8 磅`,
          severity: 'warning',
        });
      }
    }
    // Thin rules between consecutive 版记 elements (e.g. between 抄送 and 印发).
    for (let i = 1; i < record.length; i++) {
      const b = record[i]!;
      if (record[i - 1]!.role === 'main-recipients-end' && b.role === 'cc') continue; // 主送 and 抄送 share no rule (GB/T 9704-2012 7.4.2)
      const edge = edgeAbove(b, record[i - 1]);
      if (!edge) ctx.report({ range: blockRange(doc, b), message: '版记各要素之间应有细分隔线', severity: 'warning' });
      else if (edge.sz !== undefined && (edge.sz < nMin || edge.sz > nMax) && !edge.drawn) {
        ctx.report({
          range: blockRange(doc, b),
          message: `版记中间的分隔线应为细线（约 ${lp.elements.recordLines?.thinMm ?? 0.25} mm），当前 ${edge.sz}/8 磅`,
          severity: 'info',
        });
      }
    }
  },
};
