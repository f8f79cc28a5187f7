import type { Rule } from '../../engine/types.js';
import { REQUEST_RE, bodyBlocks, genreOf } from './common.js';

// Requests for approval or support phrased without the closing formulas: 恳请市政府给予资金支持, 请求追加经费.
// 申请人、邀请、报请…同意 are not the writer asking.
const ASK_RE =
  /恳请[^。；，：]{0,15}?(?:批准|同意|审批|核准|解决|拨付|支持|给予|安排|追加|增加)|请求[^。；，：]{0,10}?(?:批准|同意|审批|核准|解决|拨付|给予|追加|增加|安排)|(?<![申邀聘提报宴])请[^示求。；，：]{0,8}?(?:予以|给予|帮助|协调)(?:批准|同意|支持|解决|安排|拨付)|(?<![申邀聘提报宴])请予(?:支持|解决|安排|拨付|同意)|(?<![申邀聘提报宴])请[^示求。；，：]{1,6}?(?:批准|审批|批示|核准|审定|批复|批转)/g;
// A 报告 whose very subject is a request: 关于申请追加经费的报告 (it should have been a 请示).
const TITLE_ASK_RE = /关于(申请|请求|恳请|拟请|请予|要求(?:追加|增加|拨付|解决|批准|调整))/;

export const reportRequestRule: Rule = {
  meta: {
    id: 'genre/report-request',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/genre/report-request.ts',
    description:
      '报告等非请示性公文不得夹带请示事项：报告中不应出现“妥否，请批示”“请批准”“恳请……给予支持”等请求批复的用语，标题不应是“关于申请……的报告”。',
    message: '报告中不得夹带请示事项',
    standard: '《党政机关公文处理工作条例》第十五条（四）',
    examples: {
      bad: [
        { text: '某某局关于2024年工作情况的报告\n市政府：\n现将有关情况报告如下。\n妥否，请批示。' },
        { text: '某某局关于2024年工作情况的报告\n市政府：\n恳请市政府给予资金支持。\n特此报告。' },
        { text: '某某局关于申请追加办公经费的报告\n市政府：\n现将有关情况报告如下。\n特此报告。' },
      ],
      good: [
        '某某局关于2024年工作情况的报告\n市政府：\n现将有关情况报告如下。\n特此报告。',
        '某某局关于增加办公经费的请示\n市财政局：\n妥否，请批示。',
      ],
    },
  },
  create(ctx) {
    if (genreOf(ctx) !== '报告') return;
    const text = ctx.text;
    const title = ctx.structure.titleBlocks;
    const tm = TITLE_ASK_RE.exec((ctx.structure.title ?? '').replace(/[\s\u3000]+/g, ''));
    if (tm && title.length)
      ctx.report({
        range: [title[0]!.range[0], title[title.length - 1]!.range[1]],
        message: `标题“关于${tm[1]}……的报告”提出了请求：需要上级批准的事项应使用请示，不得在报告中夹带请示事项`,
        // The subject may only name a request someone else made (关于申请人…): strong, not certain.
        severity: 'warning',
      });
    for (const b of bodyBlocks(ctx)) {
      const t = text.slice(b.range[0], b.range[1]);
      const seen: Array<[number, number]> = [];
      REQUEST_RE.lastIndex = 0;
      for (let m = REQUEST_RE.exec(t); m; m = REQUEST_RE.exec(t)) {
        const s = b.range[0] + m.index;
        seen.push([s, s + m[0].length]);
        ctx.report({
          range: [s, s + m[0].length],
          message: `报告中不得夹带请示事项（“${m[0]}”）；需要上级批复的事项应另行请示`,
        });
      }
      ASK_RE.lastIndex = 0;
      for (let m = ASK_RE.exec(t); m; m = ASK_RE.exec(t)) {
        const s = b.range[0] + m.index;
        if (seen.some(([a, e]) => s < e && a < s + m![0].length)) continue;
        ctx.report({
          range: [s, s + m[0].length],
          message: `报告中不得夹带请示事项（“${m[0]}”）；需要上级批准或支持的事项应另行请示`,
          severity: 'warning',
        });
      }
    }
  },
};
