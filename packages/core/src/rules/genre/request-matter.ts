import type { Rule } from '../../engine/types.js';
import { genreOf } from './common.js';

// A 请示 asks a superior for instructions or approval (条例 第八条（十一）): without a 请示事项 — no request, nothing
// proposed — it is a report under another name. Only a body with no request word at all is reported: 请 outside the
// word 请示 (请批准, 申请, 提请), or what a request proposes (拟, 批准, 同意, 审批, 核准, 指示, 支持, 解决, 拨付, 给予, 予以).
const MATTER_RE = /请(?!示)|拟|批准|同意|审批|核准|审定|指示|支持|解决|拨付|给予|予以|协调|帮助/;

export const requestMatterRule: Rule = {
  meta: {
    id: 'genre/request-matter',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/request-matter.ts',
    description:
      '请示应当写明请示事项：请求上级机关指示、批准的具体事项（如“拟……，请予批准”）；只陈述情况而不提出请求的，不是请示。',
    message: '请示缺少请示事项',
    standard: '《党政机关公文处理工作条例》第八条（十一）、第十五条（四）',
    examples: {
      bad: [
        {
          text: '某某局关于办公经费有关情况的请示\n市财政局：\n今年以来，我局办公经费支出较多，主要用于设备维修。\n特此请示。\n某某局\n2024年3月5日',
        },
      ],
      good: [
        '某某局关于增加办公经费的请示\n市财政局：\n因工作需要，拟增加办公经费10万元。\n妥否，请批示。',
        '某某局关于办公经费有关情况的报告\n市财政局：\n今年以来，我局办公经费支出较多。\n特此报告。',
      ],
    },
  },
  create(ctx) {
    if (genreOf(ctx) !== '请示') return;
    const titles = ctx.structure.titleBlocks;
    const last = titles[titles.length - 1];
    if (!last) return;
    const body = ctx.text.slice(last.range[1]);
    if (!body.trim() || MATTER_RE.test(body)) return;
    ctx.report({
      range: [titles[0]!.range[0], last.range[1]],
      message: '请示应写明请示事项（请求指示、批准的具体事项，如“拟……，请予批准”），只陈述情况的不是请示',
    });
  },
};
