import type { Rule } from '../../engine/types.js';
import { blockRange, inkRuns, isRed } from '../layout/common.js';
import { PT_PER_MM, linesOf, printContext } from './common.js';

/**
 * GB/T 9704-2012 7.2.4 and 7.2.7: the 发文机关标志 is printed red, and so is the 分隔线 under the 发文字号, judged from the
 * fill colour of the mark's text and the colour of the long rule drawn between the 文号 and the title. A document
 * without such a rule (drawn as a picture, or none) is not judged on it.
 */
export const printRedElementsRule: Rule = {
  meta: {
    id: 'print/red-elements',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/print/red-elements.ts',
    formats: ['pdf', 'ofd'],
    description: 'PDF/OFD 中发文机关标志的文字和发文字号下的分隔线应为红色（按文件中的填充色和线条颜色判断）。',
    message: '发文机关标志和分隔线应为红色',
    standard: 'GB/T 9704-2012 7.2.4',
    examples: { bad: [{ text: '发文机关标志填充色 #000000' }], good: ['发文机关标志和分隔线为 #FF0000'] },
  },
  create(ctx) {
    const pc = printContext(ctx);
    if (!pc) return;
    const { doc, lp, info } = pc;
    const marks = ctx.structure.byRole('issuer-mark');
    for (const b of marks) {
      const runs = inkRuns(doc, b).filter((r) => r.color !== undefined);
      if (!runs.length) continue;
      const notRed = runs.filter((r) => !isRed(lp, r.color));
      // Most of the mark's characters (a star or a black organ name of a joint mark aside) decide.
      const len = (rs: typeof runs) => rs.reduce((s, r) => s + (r.end - r.start), 0);
      if (len(notRed) * 2 <= len(runs)) continue;
      ctx.report({
        range: blockRange(doc, b),
        message: `发文机关标志印为 #${notRed[0]!.color}，应为红色`,
        standard: 'GB/T 9704-2012 7.2.4',
      });
    }
    // The separator: a rule at least 120 mm long on the page of the 文号, below it and above the title.
    const num = ctx.structure.byRole('doc-number')[0];
    if (!num) return;
    const numLine = linesOf(pc, num)[0];
    if (!numLine) return;
    const title = ctx.structure.byRole('title')[0];
    const titleLine = title ? linesOf(pc, title)[0] : undefined;
    const below = titleLine && titleLine.page === numLine.page ? titleLine.y - titleLine.size : numLine.y + 120;
    const rules = (info.pages[numLine.page]?.rules ?? []).filter(
      (r) => r.y1 > numLine.y && r.y1 < below && r.x2 - r.x1 >= 120 * PT_PER_MM,
    );
    if (!rules.length || rules.some((r) => isRed(lp, r.color?.replace(/^#/, '')))) return;
    ctx.report({
      range: blockRange(doc, num),
      message: `发文字号下的分隔线为 ${rules[0]!.color ?? '黑色'}，应为红色`,
      standard: 'GB/T 9704-2012 7.2.7',
    });
  },
};
