import type { Rule } from '../../engine/types.js';
import { blockRange } from '../layout/common.js';
import { linesOf, printContext } from './common.js';

/**
 * GB/T 9704-2012 7.5: page numbers printed as `— 1 —` (a one-em dash on each side), odd pages at the right and even
 * pages at the left of the 版心, one character in. Read from the page-number lines the reader found at the foot of each
 * page; a document without them is not judged.
 */
export const printPageNumberRule: Rule = {
  meta: {
    id: 'print/page-number',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/print/page-number.ts',
    formats: ['pdf', 'ofd'],
    description: 'PDF/OFD 的页码应为“— 1 —”形式，单页居右、双页居左（按页码实际打印的位置判断）。',
    message: '页码形式或位置不符合规定',
    standard: 'GB/T 9704-2012 7.5',
    examples: { bad: [{ text: '第 1 页页码“- 1 -”居中' }], good: ['第 1 页页码“— 1 —”居右，第 2 页居左'] },
  },
  create(ctx) {
    const pc = printContext(ctx);
    if (!pc) return;
    const { doc, info } = pc;
    const left = info.left;
    const right = info.right;
    let formSaid = false;
    let placeSaid = false;
    for (const b of doc.blocks) {
      if (b.role !== 'page-number') continue;
      const t = doc.text.slice(b.range[0], b.range[1]).trim();
      if (!formSaid && !/^—\s?\d{1,4}\s?—$/.test(t)) {
        formSaid = true;
        ctx.report({ range: blockRange(doc, b), message: `页码印为“${t}”，应为“— 1 —”形式（数字左右各一条一字线）` });
      }
      const l = linesOf(pc, b)[0];
      if (!l || left === undefined || right === undefined || placeSaid) continue;
      const page = l.page + 1;
      const mid = (left + right) / 2;
      const centre = (l.x0 + l.x1) / 2;
      // A page number centred on the page, or on the wrong side for its page.
      const onRight = centre > mid + l.size * 2;
      const onLeft = centre < mid - l.size * 2;
      const wrong = page % 2 === 1 ? !onRight : !onLeft;
      if (!wrong) continue;
      placeSaid = true;
      ctx.report({
        range: blockRange(doc, b),
        message: `第 ${page} 页页码${onRight ? '居右' : onLeft ? '居左' : '居中'}，应${page % 2 === 1 ? '单页居右' : '双页居左'}`,
      });
    }
  },
};
