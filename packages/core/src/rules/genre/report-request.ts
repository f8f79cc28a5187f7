import type { Rule } from '../../engine/types.js';
import { REQUEST_RE, bodyBlocks, genreOf } from './common.js';

export const reportRequestRule: Rule = {
  meta: {
    id: 'genre/report-request',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/genre/report-request.ts',
    description: '报告等非请示性公文不得夹带请示事项：报告中不应出现“妥否，请批示”“请批准”等请求批复的用语。',
    message: '报告中不得夹带请示事项',
    standard: '《党政机关公文处理工作条例》第十五条',
    examples: {
      bad: [{ text: '某某局关于2024年工作情况的报告\n市政府：\n现将有关情况报告如下。\n妥否，请批示。' }],
      good: [
        '某某局关于2024年工作情况的报告\n市政府：\n现将有关情况报告如下。\n特此报告。',
        '某某局关于增加办公经费的请示\n市财政局：\n妥否，请批示。',
      ],
    },
  },
  create(ctx) {
    if (genreOf(ctx) !== '报告') return;
    const text = ctx.text;
    for (const b of bodyBlocks(ctx)) {
      const t = text.slice(b.range[0], b.range[1]);
      REQUEST_RE.lastIndex = 0;
      for (let m = REQUEST_RE.exec(t); m; m = REQUEST_RE.exec(t)) {
        const s = b.range[0] + m.index;
        ctx.report({
          range: [s, s + m[0].length],
          message: `报告中不得夹带请示事项（“${m[0]}”）；需要上级批复的事项应另行请示`,
        });
      }
    }
  },
};
