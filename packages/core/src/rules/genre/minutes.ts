import type { Rule } from '../../engine/types.js';
import { bodyBlocks, formatGenreOf } from './common.js';

// 纪要 (GB/T 9704-2012 10.3) records a meeting for those who attended and those who must know: it carries no 主送机关
// (its distribution goes in the 版记 as 分送), and it names who attended in 出席/请假/列席 lines, or in the text.
export const minutesRule: Rule = {
  meta: {
    id: 'genre/minutes',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/minutes.ts',
    description:
      '纪要不写主送机关（分送范围列入版记）；应标注出席人员名单（“出席：”“请假：”“列席：”），或在正文中写明参加会议的人员。',
    message: '纪要要素不符合规定',
    standard: 'GB/T 9704-2012 10.3',
    examples: {
      bad: [
        {
          text: '某某市人民政府常务会议纪要\n各区人民政府：\n3月5日，市长主持召开市政府常务会议。出席：张某、李某。\n会议议定事项如下。',
        },
        { text: '某某市人民政府常务会议纪要\n会议研究了防汛工作。\n会议议定如下事项。' },
      ],
      good: [
        '某某市人民政府常务会议纪要\n3月5日，市长主持召开市政府常务会议，研究防汛工作。\n会议议定如下事项。\n出席：张某、李某、王某',
        '某某市人民政府常务会议纪要\n3月5日，市政府召开常务会议，各副市长参加会议。\n会议议定如下事项。',
      ],
    },
  },
  create(ctx) {
    if (formatGenreOf(ctx) !== '纪要') return;
    const text = ctx.text;
    for (const b of ctx.structure.byRole('addressee')) {
      ctx.report({ range: b.range, message: '纪要一般不写主送机关，分送范围列入版记（“分送：”）' });
    }
    const blocks = ctx.structure.blocks.filter(
      (b) => b.role !== 'blank' && b.role !== 'title' && b.role !== 'issuer-mark',
    );
    const lists = blocks.some((b) =>
      /^[\s\u3000]*(出\s*席|列\s*席|请\s*假)[：:]/.test(text.slice(b.range[0], b.range[1])),
    );
    if (lists) return;
    const body = bodyBlocks(ctx);
    const said = body.some((b) => /出席|列席|参加|参会|与会|主持/.test(text.slice(b.range[0], b.range[1])));
    if (said || !body.length) return;
    const head = ctx.structure.titleBlocks.length ? ctx.structure.titleBlocks : ctx.structure.byRole('issuer-mark');
    ctx.report({
      range: [head[0]?.range[0] ?? body[0]!.range[0], head[head.length - 1]?.range[1] ?? body[0]!.range[1]],
      message: '纪要应标注出席人员（“出席：”“请假：”“列席：”），或在正文中写明参加会议的人员',
    });
  },
};
