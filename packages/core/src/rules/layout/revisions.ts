import type { Rule } from '../../engine/types.js';
import { layoutContext, blockRange } from './common.js';

/** Practice (no clause): tracked changes and comments left in a document that is about to go out. */
export const revisionsRule: Rule = {
  meta: {
    id: 'layout/revisions',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/layout/revisions.ts',
    formats: ['docx'],
    extent: 'document',
    description: '印发前应接受或拒绝全部修订并删除批注。',
    message: '文档中仍有修订或批注',
    standard: 'GB/T 9704-2012 5.2.4（实践）',
    examples: { bad: [{ text: '文档中还有未接受的修订和批注' }], good: ['所有修订已接受，批注已删除'] },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { info } = lc;
    const first = ctx.document.blocks.find((b) => b.role !== 'blank');
    const range = first ? blockRange(ctx.document, first) : ([0, 0] as const);
    if (info.revisions > 0)
      ctx.report({ range, message: `文档中仍有 ${info.revisions} 处修订，印发前应全部接受或拒绝` });
    if (info.comments > 0) ctx.report({ range, message: `文档中仍有 ${info.comments} 条批注，印发前应删除` });
  },
};
