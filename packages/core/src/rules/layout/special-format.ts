import type { Rule } from '../../engine/types.js';
import {
  blockRange,
  layoutContext,
  blockText,
  bodyBlocks,
  fontGroupOf,
  inkRuns,
  isRed,
  linesNear,
  spanOf,
} from './common.js';

/** §10: 信函, 命令 (令) and 纪要 formats, recognised from the mark, each checked by its own rules. */
export const specialFormatRule: Rule = {
  meta: {
    id: 'layout/special-format',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/layout/special-format.ts',
    formats: ['docx'],
    description:
      '信函格式、命令（令）格式、纪要格式的特定要求：信函首页不显示页码、有红色双线、无印发机关；令号为“第N号”；纪要的出席、请假、列席用黑体标注。',
    message: '特定格式公文不符合规定',
    standard: 'GB/T 9704-2012 10',
    examples: { bad: [{ text: '命令格式的令号写作“第05号”' }], good: ['命令格式的令号“第5号”居中编排在标志之下'] },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { doc, info, lp, kind } = lc;
    const body = bodyBlocks(doc, info);
    const marks = ctx.structure.byRole('issuer-mark');
    if (kind === 'letter') {
      const clause = lp.formats.letter?.clause ?? 'GB/T 9704-2012 10.1';
      const all = doc.blocks.slice(0, info.bodyBlocks);
      const red = linesNear(all, 0, Math.min(all.length - 1, marks[marks.length - 1]!.index + 6)).filter((l) =>
        isRed(lp, l.color),
      );
      // The double lines may also sit in the first-page header or footer.
      const inHeaders = linesNear(doc.blocks.slice(info.bodyBlocks), info.bodyBlocks, doc.blocks.length).filter((l) =>
        isRed(lp, l.color),
      );
      if (!red.length && !inHeaders.length)
        ctx.report({
          range: blockRange(doc, marks[0]!),
          message: '信函格式应在发文机关标志下方印红色双线',
          severity: 'error',
          standard: clause,
        });
      const print = ctx.structure.byRole('print-line')[0];
      if (print)
        ctx.report({ range: blockRange(doc, print), message: '信函格式不编排印发机关和印发日期', standard: clause });
    } else if (kind === 'order') {
      const clause = lp.formats.order?.clause ?? 'GB/T 9704-2012 10.2';
      const mark = marks[marks.length - 1]!;
      const next = body.find((b) => b.index > mark.index);
      const t = next ? blockText(doc, next).replace(/[\s\u3000]+/g, '') : '';
      if (next && /^第号$/.test(t))
        ctx.report({ range: blockRange(doc, next), message: '令号尚未填写', standard: clause });
      else if (!next || !/^第.*号$/.test(t))
        ctx.report({
          range: blockRange(doc, mark),
          message: '命令（令）格式应在发文机关标志下空二行居中编排令号（如“第1号”）',
          standard: clause,
        });
      else if (!/^第[1-9]\d*号$/.test(t))
        ctx.report({
          range: blockRange(doc, next),
          message: `令号“${t}”应为“第N号”（阿拉伯数字，不编虚位）`,
          severity: 'error',
          standard: clause,
        });
      else if (next.format?.alignment !== 'center')
        ctx.report({ range: blockRange(doc, next), message: '令号应居中编排', standard: clause });
    } else if (kind === 'minutes') {
      const clause = lp.formats.minutes?.clause ?? 'GB/T 9704-2012 10.3';
      for (const b of body) {
        const t = blockText(doc, b);
        const m = /^[\s\u3000]*(出席|请假|列席)[：:]/.exec(t);
        if (!m) continue;
        const labelEnd = b.range[0] + m[0].length;
        const runs = inkRuns(doc, b).filter((r) => r.slot === 'eastAsia');
        const label = runs.filter((r) => r.start < labelEnd);
        const names = runs.filter((r) => r.start >= labelEnd);
        const badLabel = label.filter((r) => fontGroupOf(lp, r.font)?.group !== 'HEITI');
        const badNames = names.filter((r) => fontGroupOf(lp, r.font)?.group !== 'FANGSONG');
        if (badLabel.length)
          ctx.report({ range: spanOf(badLabel), message: `“${m[1]}”应使用 3号黑体`, standard: clause });
        if (badNames.length)
          ctx.report({ range: spanOf(badNames), message: `${m[1]}单位和人员名单应使用 3号仿宋`, standard: clause });
      }
    }
  },
};
