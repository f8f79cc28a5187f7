import type { Rule } from '../../engine/types.js';
import { layoutContext, TWIPS_PER_MM, isLandscape, mm, sectionAnchor } from './common.js';

/** GB/T 9704-2012 5.2.1 and 6.1, in every portrait section: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (so right 26 mm, bottom 35 mm), each ± 1 mm. */
export const marginsRule: Rule = {
  meta: {
    id: 'layout/margins',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/layout/margins.ts',
    formats: ['docx'],
    extent: 'document',
    description:
      '页边距：天头（上白边）37 mm、订口（左白边）28 mm，版心 156 mm × 225 mm（右 26 mm、下 35 mm），误差不超过 1 mm；每一节都应如此。',
    message: '页边距不符合规定',
    standard: 'GB/T 9704-2012 5.2.1',
    fixable: false,
    examples: {
      bad: [{ text: '页边距 上 25.4 mm、下 25.4 mm、左 31.8 mm、右 31.8 mm（Word 默认）' }],
      good: ['页边距 上 37 mm、下 35 mm、左 28 mm、右 26 mm'],
    },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { info, lp } = lc;
    const m = lp.margins;
    const tol = m.toleranceMm;
    for (const sec of info.sections) {
      const g = sec.margins;
      if (g.top === undefined || g.left === undefined || g.right === undefined || g.bottom === undefined) continue;
      const range = sectionAnchor(ctx.document, sec);
      const problems: string[] = [];
      const gutter = info.settings.gutterAtTop ? 0 : (g.gutter ?? 0);
      const top = Math.abs(g.top) + (info.settings.gutterAtTop ? (g.gutter ?? 0) : 0);
      const left = g.left + gutter;
      const pw = sec.pageWidth ?? lp.page.widthMm * TWIPS_PER_MM;
      const ph = sec.pageHeight ?? lp.page.heightMm * TWIPS_PER_MM;
      const wMm = (pw - g.left - g.right - gutter) / TWIPS_PER_MM;
      const hMm = (ph - Math.abs(g.top) - Math.abs(g.bottom)) / TWIPS_PER_MM;
      const expW = lp.page.widthMm - m.leftMm - m.rightMm;
      const expH = lp.page.heightMm - m.topMm - m.bottomMm;
      if (isLandscape(sec)) {
        // A sideways table keeps the 225 × 156 mm 版心 whichever way the printer turns it (GB/T 9704-2012 8).
        if (Math.abs(wMm - expH) > tol || Math.abs(hMm - expW) > tol) {
          ctx.report({
            range,
            message: `第 ${sec.index + 1} 节（横向）版心为 ${wMm.toFixed(1)} mm × ${hMm.toFixed(1)} mm，应为 ${expH} mm × ${expW} mm`,
            severity: 'warning',
            standard: 'GB/T 9704-2012 8',
          });
        }
        continue;
      }
      if (Math.abs(top / TWIPS_PER_MM - m.topMm) > tol)
        problems.push(`上边距（天头）${mm(top)} mm，应为 ${m.topMm} mm`);
      if (Math.abs(left / TWIPS_PER_MM - m.leftMm) > tol)
        problems.push(`左边距（订口）${mm(left)} mm，应为 ${m.leftMm} mm`);
      if (Math.abs(wMm - expW) > tol)
        problems.push(
          `版心宽 ${wMm.toFixed(1)} mm（右边距 ${mm(g.right)} mm），应为 ${expW} mm（右边距 ${m.rightMm} mm）`,
        );
      if (Math.abs(hMm - expH) > tol)
        problems.push(
          `版心高 ${hMm.toFixed(1)} mm（下边距 ${mm(Math.abs(g.bottom))} mm），应为 ${expH} mm（下边距 ${m.bottomMm} mm）`,
        );
      if (problems.length)
        ctx.report({ range, message: `第 ${sec.index + 1} 节页边距不符合规定：${problems.join('；')}` });
    }
  },
  // --fix-layout: every portrait section gets the profile's margins (a sideways table's section keeps its own).
  docxFix: {
    target: 'page',
    apply(editor, _diagnostics, profile) {
      const m = profile.margins;
      const twips = (v: number) => Math.round(v * TWIPS_PER_MM);
      const n = editor.setPortraitMargins({
        top: twips(m.topMm),
        left: twips(m.leftMm),
        right: twips(m.rightMm),
        bottom: twips(m.bottomMm),
      });
      return n
        ? `页边距改为上 ${m.topMm} mm、下 ${m.bottomMm} mm、左 ${m.leftMm} mm、右 ${m.rightMm} mm（${n} 节）`
        : undefined;
    },
  },
};
