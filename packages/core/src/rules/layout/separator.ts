import type { Block } from '../../document/types.js';
import type { Rule } from '../../engine/types.js';
import {
  EMU_PER_MM, TWIPS_PER_MM, visibleBorder, blockRange, blockText, bodyBlocks, docxInfo, documentFormat, fontGroupOf, inkRuns, isRed, layoutProfile, spanOf,
} from './common.js';


interface FoundLine { block: Block; color?: string; how: string; lengthEmu?: number; paragraphWidth?: boolean }

/** Lines at or just after a block: paragraph borders, drawn shapes, table borders (spec F-HEAD-12 patterns a–d). */
export function linesNear(blocks: Block[], from: number, to: number): FoundLine[] {
  const out: FoundLine[] = [];
  for (const b of blocks) {
    if (b.index < from || b.index > to) continue;
    const f = b.format ?? {};
    for (const side of ['bottom', 'top'] as const) {
      const bd = f.borders?.[side];
      if (visibleBorder(bd)) out.push({ block: b, ...(bd.color ? { color: bd.color } : {}), how: `段落${side === 'top' ? '上' : '下'}框线`, paragraphWidth: true });
    }
    for (const l of f.lines ?? []) out.push({ block: b, ...(l.color ? { color: l.color } : {}), how: '线条', ...(l.lengthEmu ? { lengthEmu: l.lengthEmu } : {}) });
    const tb = f.table?.borders;
    if (tb) for (const bd of [tb.top, tb.bottom, tb.insideH]) if (visibleBorder(bd)) out.push({ block: b, ...(bd.color ? { color: bd.color } : {}), how: '表格框线' });
  }
  return out;
}

/** F-HEAD-12: the red separator below the 发文字号, as wide as the 版心. */
export const separatorRule: Rule = {
  meta: {
    id: 'layout/separator', level: 'error', kind: 'code', formats: ['docx'],
    description: '发文字号之下 4 mm 处居中印一条与版心等宽的红色分隔线。',
    message: '缺少版头红色分隔线', standard: 'GB/T 9704-2012 7.2.7', examples: { bad: [{ text: '发文字号下没有红色分隔线' }], good: ['发文字号段落带红色下框线，与版心等宽'] },
  },
  create(ctx) {
    const doc = ctx.document;
    const info = docxInfo(doc);
    if (!info) return;
    const lp = layoutProfile(ctx.profile);
    if (documentFormat(doc, ctx.structure, lp) !== 'formal') return;
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
    const want = lp.elements.separator?.widthMm as number | undefined;
    if (want !== undefined) {
      const tol = lp.checks.separatorLengthToleranceMm;
      for (const l of red) {
        if (l.lengthEmu !== undefined && Math.abs(l.lengthEmu / EMU_PER_MM - want) > tol) {
          ctx.report({ range: anchor, message: `红色分隔线长 ${(l.lengthEmu / EMU_PER_MM).toFixed(1)} mm，应与版心等宽（${want} mm）`, severity: 'warning' });
        }
        if (l.paragraphWidth) {
          const ind = l.block.format?.indentTwips ?? {};
          const off = Math.abs(ind.left ?? 0) + Math.abs(ind.right ?? 0) + Math.abs((l.block.format?.leftIndentChars ?? 0) * 320) + Math.abs((l.block.format?.rightIndentChars ?? 0) * 320);
          if (off / TWIPS_PER_MM > tol) ctx.report({ range: anchor, message: '红色分隔线所在段落有左右缩进，线长不等于版心宽度', severity: 'warning' });
        }
      }
    }
  },
};

/** F-HEAD-11: 签发人 belongs to 上行文 only, and every 上行文 with a 版头 carries it. */
export const signerRule: Rule = {
  meta: {
    id: 'layout/signer', level: 'error', kind: 'code', formats: ['docx'],
    description: '上报的公文（请示、报告等上行文）应标注签发人姓名；其他公文不标签发人。“签发人”用 3号仿宋，姓名用 3号楷体。',
    message: '签发人标注不符合规定', standard: 'GB/T 9704-2012 7.2.6', examples: { bad: [{ text: '通知（下行文）的文号行标注了“签发人：张三”' }], good: ['请示的文号行：“某政发〔2025〕3号　签发人：张三”'] },
  },
  create(ctx) {
    const doc = ctx.document;
    const info = docxInfo(doc);
    if (!info) return;
    const lp = layoutProfile(ctx.profile);
    const head = bodyBlocks(doc, info).slice(0, 15);
    const signer = head.filter((b) => /签发人[：:]/.test(blockText(doc, b)));
    const marks = ctx.structure.byRole('issuer-mark');
    const up = ctx.structure.direction === 'up';
    if (signer.length && !up && ctx.structure.direction) {
      const b = signer[0]!;
      ctx.report({ range: blockRange(doc, b), message: `签发人只在上行文中标注，本文为“${ctx.structure.genre}”，不应标注签发人`, severity: 'warning' });
    }
    if (!signer.length && up && marks.length) {
      ctx.report({ range: blockRange(doc, ctx.structure.byRole('doc-number')[0] ?? marks[0]!), message: `上行文（${ctx.structure.genre}）应在发文字号同一行标注签发人` });
    }
    for (const b of signer) {
      const t = blockText(doc, b);
      const i = t.search(/签发人[：:]/);
      const labelEnd = b.range[0] + i + 4;
      const runs = inkRuns(doc, b).filter((r) => r.slot === 'eastAsia');
      const names = runs.filter((r) => r.start >= labelEnd);
      const labels = runs.filter((r) => r.start >= b.range[0] + i && r.end <= labelEnd);
      const wrongName = names.filter((r) => fontGroupOf(lp, r.font)?.group !== 'KAITI');
      const wrongLabel = labels.filter((r) => fontGroupOf(lp, r.font)?.group !== 'FANGSONG');
      if (wrongName.length) ctx.report({ range: spanOf(wrongName), message: '签发人姓名应使用 3号楷体', severity: 'warning' });
      if (wrongLabel.length) ctx.report({ range: spanOf(wrongLabel), message: '“签发人”三字应使用 3号仿宋', severity: 'warning' });
    }
  },
};
