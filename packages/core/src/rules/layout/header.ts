import type { Rule } from '../../engine/types.js';
import { layoutContext, blockRange, effectiveRefs, partBlocks } from './common.js';

/** Practice (GB/T 9704-2012 names no header among the elements): no running header. */
export const headerRule: Rule = {
  meta: {
    id: 'layout/header',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/layout/header.ts',
    formats: ['docx'],
    description: '公文不设页眉；页眉中不应有文字或页眉横线。',
    message: '公文不应有页眉',
    standard: 'GB/T 9704-2012 7.1（实践）',
    examples: { bad: [{ text: '页眉中有单位名称和横线' }], good: ['页眉为空'] },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { doc, info } = lc;
    const headers = effectiveRefs(info, 'headers');
    const seen = new Set<string>();
    for (const h of headers) {
      for (const part of h.values()) {
        if (seen.has(part)) continue;
        seen.add(part);
        const blocks = partBlocks(doc, part);
        const text = blocks.find((b) => doc.text.slice(b.range[0], b.range[1]).trim() !== '');
        const rule = blocks.find((b) => {
          const bd = b.format?.borders?.bottom;
          return bd && bd.val !== 'none' && bd.val !== 'nil';
        });
        if (text) ctx.report({ range: blockRange(doc, text), message: '公文不设页眉，页眉中有文字' });
        else if (rule)
          ctx.report({
            range: [rule.range[0], rule.range[0]],
            message: '页眉中有横线（页眉框线），应删除',
            severity: 'info',
          });
      }
    }
  },
};
