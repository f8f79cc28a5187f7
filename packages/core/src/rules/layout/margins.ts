import type { DocxSection } from '../../document/types.js';
import type { Rule } from '../../engine/types.js';
import { TWIPS_PER_MM, bodyBlocks, docxInfo, layoutProfile, sectionAnchor } from './common.js';


function mm(twips: number): string {
  return (twips / TWIPS_PER_MM).toFixed(1);
}

function isLandscape(sec: DocxSection): boolean {
  return sec.orient === 'landscape' || (sec.pageWidth ?? 0) > (sec.pageHeight ?? 0);
}

/** F-PAGE-01, F-PAGE-02: A4 portrait (landscape only for 横排表格 sections). */
export const paperSizeRule: Rule = {
  meta: {
    id: 'layout/paper-size', level: 'error', kind: 'code', formats: ['docx'],
    description: '公文用纸采用 A4 型纸（210 mm × 297 mm），纵向排版；横排表格所在节可横向。',
    message: '纸张应为 A4（210 mm × 297 mm）', standard: 'GB/T 9704-2012 5.1', examples: { bad: [{ text: '纸张 215.9 mm × 279.4 mm（Letter）' }], good: ['纸张 210 mm × 297 mm（A4），纵向'] },
  },
  create(ctx) {
    const info = docxInfo(ctx.document);
    if (!info) return;
    const lp = layoutProfile(ctx.profile);
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
        ctx.report({ range, message: `第 ${sec.index + 1} 节纸张为 ${mm(pw)} mm × ${mm(ph)} mm，应为 A4（${lp.page.widthMm} mm × ${lp.page.heightMm} mm）` });
      } else if (landscapeOk || sec.orient === 'landscape') {
        // Landscape is for sideways tables only (§8).
        const hasTable = ctx.document.blocks.slice(sec.firstBlock, sec.lastBlock + 1).some((b) => b.kind === 'table-cell');
        if (!hasTable) ctx.report({ range, message: `第 ${sec.index + 1} 节为横向页面，但其中没有横排表格；公文应纵向排版`, standard: 'GB/T 9704-2012 8' });
      }
    }
  },
};

/** F-PAGE-03/04/05/13: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (so right 26 mm, bottom 35 mm), each ± 1 mm. */
export const marginsRule: Rule = {
  meta: {
    id: 'layout/margins', level: 'error', kind: 'code', formats: ['docx'],
    description: '页边距：天头（上白边）37 mm、订口（左白边）28 mm，版心 156 mm × 225 mm（右 26 mm、下 35 mm），误差不超过 1 mm；每一节都应如此。',
    message: '页边距不符合规定', standard: 'GB/T 9704-2012 5.2.1', fixable: false, examples: { bad: [{ text: '页边距 上 25.4 mm、下 25.4 mm、左 31.8 mm、右 31.8 mm（Word 默认）' }], good: ['页边距 上 37 mm、下 35 mm、左 28 mm、右 26 mm'] },
  },
  create(ctx) {
    const info = docxInfo(ctx.document);
    if (!info) return;
    const lp = layoutProfile(ctx.profile);
    const m = lp.margins;
    const tol = m.toleranceMm;
    for (const sec of info.sections) {
      const g = sec.margins;
      if (g.top === undefined || g.left === undefined || g.right === undefined || g.bottom === undefined) continue;
      const range = sectionAnchor(ctx.document, sec);
      const problems: string[] = [];
      const gutter = info.settings.gutterAtTop ? 0 : g.gutter ?? 0;
      const top = Math.abs(g.top) + (info.settings.gutterAtTop ? g.gutter ?? 0 : 0);
      const left = g.left + gutter;
      const pw = sec.pageWidth ?? lp.page.widthMm * TWIPS_PER_MM;
      const ph = sec.pageHeight ?? lp.page.heightMm * TWIPS_PER_MM;
      const wMm = (pw - g.left - g.right - gutter) / TWIPS_PER_MM;
      const hMm = (ph - Math.abs(g.top) - Math.abs(g.bottom)) / TWIPS_PER_MM;
      const expW = lp.page.widthMm - m.leftMm - m.rightMm;
      const expH = lp.page.heightMm - m.topMm - m.bottomMm;
      if (isLandscape(sec)) {
        // A sideways table keeps the 225 × 156 mm 版心 whichever way the printer turns it (F-TAB-02).
        if (Math.abs(wMm - expH) > tol || Math.abs(hMm - expW) > tol) {
          ctx.report({ range, message: `第 ${sec.index + 1} 节（横向）版心为 ${wMm.toFixed(1)} mm × ${hMm.toFixed(1)} mm，应为 ${expH} mm × ${expW} mm`, severity: 'warning', standard: 'GB/T 9704-2012 8' });
        }
        continue;
      }
      if (Math.abs(top / TWIPS_PER_MM - m.topMm) > tol) problems.push(`上边距（天头）${mm(top)} mm，应为 ${m.topMm} mm`);
      if (Math.abs(left / TWIPS_PER_MM - m.leftMm) > tol) problems.push(`左边距（订口）${mm(left)} mm，应为 ${m.leftMm} mm`);
      if (Math.abs(wMm - expW) > tol) problems.push(`版心宽 ${wMm.toFixed(1)} mm（右边距 ${mm(g.right)} mm），应为 ${expW} mm（右边距 ${m.rightMm} mm）`);
      if (Math.abs(hMm - expH) > tol) problems.push(`版心高 ${hMm.toFixed(1)} mm（下边距 ${mm(Math.abs(g.bottom))} mm），应为 ${expH} mm（下边距 ${m.bottomMm} mm）`);
      if (problems.length) ctx.report({ range, message: `第 ${sec.index + 1} 节页边距不符合规定：${problems.join('；')}` });
    }
  },
};

/** F-PAGE-07/09: 22 lines × 28 characters, derived from the grid and the body line spacing. */
export const gridRule: Rule = {
  meta: {
    id: 'layout/grid', level: 'warning', kind: 'code', formats: ['docx'],
    description: '一般每面排 22 行，每行排 28 个字，撑满版心；行数由正文行距或文档网格推算，字数由网格字距推算。',
    message: '每页行数或每行字数不符合规定', standard: 'GB/T 9704-2012 5.2.3', examples: { bad: [{ text: '正文固定行距 15.6 磅（每页 40 行）' }], good: ['文档网格每页 22 行、每行 28 字，正文单倍行距对齐网格'] },
  },
  create(ctx) {
    const info = docxInfo(ctx.document);
    if (!info) return;
    const lp = layoutProfile(ctx.profile);
    const body = bodyBlocks(ctx.document, info).filter((b) => (b.role === 'body' || b.role === 'heading') && b.kind === 'paragraph');
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
        if (sp.lineRule === 'exact' && sp.line) p = sp.line;
        else if ((sec.grid.type === 'lines' || sec.grid.type === 'linesAndChars') && (sp.lineRule ?? 'auto') === 'auto' && (sp.line ?? 240) <= 240 && b.format?.snapToGrid !== false && sec.grid.linePitch) p = sec.grid.linePitch;
        if (p) pitches.set(p, (pitches.get(p) ?? 0) + 1);
      }
      const top = [...pitches.entries()].sort((a, b) => b[1] - a[1])[0];
      if (top) {
        const lines = Math.floor(H / top[0]);
        if (lines !== lp.grid.linesPerPage) {
          ctx.report({ range, message: `第 ${sec.index + 1} 节正文行距 ${(top[0] / 20).toFixed(2)} 磅，每页 ${lines} 行，一般应为 ${lp.grid.linesPerPage} 行（行距约 ${(lp.grid.linePitchTwipsMin / 20).toFixed(2)}–${(lp.grid.linePitchTwipsMax / 20).toFixed(2)} 磅）` });
        }
      } else {
        ctx.report({ range, message: `第 ${sec.index + 1} 节正文未使用固定行距或文档网格，无法保证每页 ${lp.grid.linesPerPage} 行`, severity: 'info' });
      }
      // Character pitch: the grid's when it snaps characters, else the body font size plus run spacing.
      let pitchPt: number | undefined;
      if (sec.grid.type === 'linesAndChars' && sec.grid.charSpace !== undefined) {
        pitchPt = (info.normal.sizePt ?? 10.5) + sec.grid.charSpace / 4096;
      } else {
        const run = inSec.flatMap((b) => b.format?.runs ?? []).find((r) => r.slot === 'eastAsia');
        if (run?.sizePt) pitchPt = run.sizePt + (run.charSpacingTwips ?? 0) / 20;
      }
      if (pitchPt && pitchPt > 0) {
        // Word rounds the pitch it stores (charSpace ≈ −848 for 28 per line), so allow a hair under the integer.
        const chars = Math.floor(W / (pitchPt * 20) + 0.01);
        if (chars !== lp.grid.charsPerLine) {
          ctx.report({ range, message: `第 ${sec.index + 1} 节每行约 ${chars} 字，一般应为 ${lp.grid.charsPerLine} 字（可用“文档网格”指定每行字数）` });
        }
      }
    }
  },
};
