import type { Rule } from '../../engine/types.js';
import { layoutContext, blockRange } from './common.js';

/** GB/T 9704-2012 7.3.7 and 7.4.1: each 附件 starts on a new page, and all 附件 come before the 版记. */
export const attachmentPageRule: Rule = {
  meta: {
    id: 'layout/attachment-page',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/layout/attachment-page.ts',
    formats: ['docx'],
    description:
      '附件应另面编排，在版记之前，与公文正文一起装订；“附件”二字及编号用 3号黑体顶格编排在版心左上角第一行。',
    message: '附件应另起一页',
    standard: 'GB/T 9704-2012 7.3.7',
    examples: {
      bad: [{ text: '“附件1”紧接在成文日期之后，没有分页' }],
      good: ['“附件1”前有分页符，顶格编排在新一页第一行'],
    },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { doc, info } = lc;
    const body = doc.blocks.slice(0, info.bodyBlocks);
    const labels = body.filter((b) => b.role === 'attachment-label');
    for (const label of labels) {
      // A label at the very start (a file that is the 附件 alone) is on its own first page already.
      let newPage = body.slice(0, label.index).every((b) => b.role === 'blank');
      for (let i = label.index; i >= 0 && !newPage; i--) {
        const b = body[i]!;
        if (b.format?.pageBreakBefore) {
          newPage = true;
          break;
        }
        if (i !== label.index && b.role !== 'blank') break;
      }
      if (!newPage) ctx.report({ range: blockRange(doc, label), message: '附件应另面编排：在“附件”标识前插入分页符' });
      const f = label.format ?? {};
      const indent =
        (f.firstLineIndentChars ?? 0) !== 0 ||
        (f.leftIndentChars ?? 0) !== 0 ||
        (f.indentTwips?.firstLine ?? 0) > 40 ||
        (f.indentTwips?.left ?? 0) > 40;
      if (indent || f.alignment === 'center' || f.alignment === 'right') {
        ctx.report({ range: blockRange(doc, label), message: '“附件”标识应顶格编排在版心左上角', severity: 'warning' });
      }
    }
    const record = body.filter((b) => b.role === 'cc' || b.role === 'print-line');
    const lastLabel = labels[labels.length - 1];
    if (lastLabel && record.length && record[0]!.index < lastLabel.index) {
      ctx.report({
        range: blockRange(doc, record[0]!),
        message: '版记应在最后一个附件之后（公文最后一页）',
        standard: 'GB/T 9704-2012 7.4.1',
      });
    }
  },
};
