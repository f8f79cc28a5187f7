import type { Block } from '../../document/types.js';
import type { Rule } from '../../engine/types.js';
import { headingLevel } from '../../structure/patterns.js';

const FORM = ['', '一、', '（一）', '1.', '（1）'];

// 结构层次序数 (GB/T 9704-2012 7.3.3) are used in the order 一、 → （一） → 1. → （1）. A heading that skips one
// under its parent (（一） → （1）, 一、 → （1）) breaks that order. 一、 → 1. is what short documents commonly do (16 of 649
// published central documents): advice only, unless the same document also nests （一） under 一、, where the skip
// is an inconsistency.
export const headingLevelRule: Rule = {
  meta: {
    id: 'element/heading-level',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/element/heading-level.ts',
    description:
      '结构层次序数依次为“一、”“（一）”“1.”“（1）”，下一层应紧接上一层使用，不宜越级（如“（一）”之下直接用“（1）”）。',
    message: '结构层次越级',
    standard: 'GB/T 9704-2012 7.3.3',
    examples: {
      bad: [
        { text: '一、总体要求\n（一）指导思想\n（1）坚持人民至上\n（2）坚持系统观念' },
        { text: '一、总体要求\n（1）坚持人民至上\n（2）坚持系统观念' },
        { text: '一、总体要求\n（一）指导思想\n（二）工作目标\n二、主要任务\n1.加强监测\n2.做好储备' },
      ],
      good: [
        '一、总体要求\n（一）指导思想\n1.坚持人民至上\n（1）生命至上\n二、主要任务',
        '（一）指导思想\n1.坚持人民至上\n（二）工作目标',
      ],
    },
  },
  create(ctx) {
    const text = ctx.text;
    const skips: Array<{ block: Block; parent: number; level: number }> = [];
    let nested12 = false;
    const stack: number[] = [];
    let prev = 0;
    for (const b of ctx.structure.blocks) {
      if (b.role === 'attachment-label') {
        stack.length = 0;
        prev = 0;
        continue;
      }
      let level: number | undefined;
      if (b.role === 'heading') level = b.level;
      else if (b.role === 'attachment-body' || b.role === 'body') {
        // Full-width digits (`（１）`) number a heading as well; --fix turns them into ASCII ones.
        const head = text.slice(b.range[0], Math.min(b.range[1], b.range[0] + 12)).trimStart();
        const ascii = head.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
        level = b.role === 'body' && ascii === head ? undefined : headingLevel(ascii);
      }
      if (!level) continue;
      while (stack.length && stack[stack.length - 1]! >= level) stack.pop();
      const parent = stack.length ? stack[stack.length - 1]! : 0;
      if (parent === 1 && level === 2) nested12 = true;
      // Only the first child under the parent: its siblings share the one skip.
      if (parent && level > parent + 1 && prev === parent) skips.push({ block: b, parent, level });
      stack.push(level);
      prev = level;
    }
    let advised = false;
    for (const { block, parent, level } of skips) {
      const advice = parent === 1 && level === 3 && !nested12;
      // The advice concerns the document's scheme of levels: once.
      if (advice && advised) continue;
      advised ||= advice;
      const t = text.slice(block.range[0], block.range[1]);
      const lead = t.length - t.trimStart().length;
      const mark = /^[（(]?[一二三四五六七八九十百\d０-９]+[）)]?[、.．，,:：]?/.exec(t.slice(lead))?.[0] ?? '';
      const start = block.range[0] + lead;
      const missing = FORM.slice(parent + 1, level).join('”“');
      ctx.report({
        range: [start, start + (mark.length || 1)],
        message: advice
          ? `“${FORM[parent]}”之下直接使用第三层序数“${mark}”：层次较少时可以这样用，但序数依次应为“一、”“（一）”“1.”“（1）”`
          : `结构层次越级：“${FORM[parent]}”之下直接使用“${mark}”，缺少“${missing}”一层`,
        ...(advice ? { severity: 'info' as const } : {}),
      });
    }
  },
};
