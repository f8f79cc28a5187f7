import type { Rule } from '../../engine/types.js';
import { genreOf, hasAddressee } from './common.js';

// 主送机关 (条例 第九条（八）) is the organ that must act on the document: a 请示 or 报告 goes to the superior that
// handles it, a 函 to the organ asked, a 批复 to the organ that asked. Without one nobody is bound to answer.
const NEEDS = new Set(['请示', '报告', '函', '批复', '议案']);

export const missingAddresseeRule: Rule = {
  meta: {
    id: 'genre/missing-addressee',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/missing-addressee.ts',
    description:
      '请示、报告、函、批复、议案应当写明主送机关（公文的主要受理机关），在标题下空一行顶格编排，后标全角冒号。',
    message: '缺少主送机关',
    standard: '《党政机关公文处理工作条例》第九条（八）；GB/T 9704-2012 7.3.2',
    examples: {
      bad: [
        {
          text: '某某局关于增加办公经费的请示\n因工作需要，拟增加办公经费10万元。\n妥否，请批示。\n某某局\n2024年3月5日',
        },
        { text: '某某市教育局关于商请支持开展研学活动的函\n为丰富学生课外实践，我局拟组织研学活动。\n请予函复。' },
      ],
      good: [
        '某某局关于增加办公经费的请示\n市财政局：\n因工作需要，拟增加办公经费10万元。\n妥否，请批示。',
        '某某市人民政府关于做好防汛工作的通知\n为做好防汛工作，现通知如下。\n特此通知。',
        // A feasibility study report is a report of its own kind, not the 文种 报告 sent to a superior.
        '某某会展中心会议服务项目可行性研究报告\n一、项目名称\n某某会展中心会议服务。',
      ],
    },
  },
  create(ctx) {
    const genre = genreOf(ctx);
    if (!genre || !NEEDS.has(genre) || hasAddressee(ctx)) return;
    const blocks = ctx.structure.titleBlocks;
    const last = blocks[blocks.length - 1];
    if (!last) return;
    ctx.report({
      range: [blocks[0]!.range[0], last.range[1]],
      message: `${genre}缺少主送机关：应在标题下一行顶格写明主送机关，后标全角冒号`,
    });
  },
};
