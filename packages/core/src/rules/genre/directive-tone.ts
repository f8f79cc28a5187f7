import type { Rule } from '../../engine/types.js';
import { CLOSING_RE } from '../../structure/patterns.js';
import { bodyBlocks, genreOf } from './common.js';
import { directionOf, partiesOf } from './organs.js';

// Words that order rather than ask. 务必/必须/要 only count with the recipient as their subject (贵局务必…, 请你局务必…):
// a 报告 may well say what the writer itself must do.
const ORDER_RE =
  /请?(?:贵|你)(?:局|委|厅|部|办|院|校|市|县|区|单位|公司|中心|府|们)(?:务必|必须|一定要|要|须|应当|立即)|请务必|务必于|请(?:遵照执行|认真遵照执行|认真贯彻执行|认真贯彻落实|严格执行|认真执行|抓好落实)|不得有误/g;

export const directiveToneRule: Rule = {
  meta: {
    id: 'genre/directive-tone',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/directive-tone.ts',
    description:
      '向上级机关行文（请示、报告）和向不相隶属机关行文（函）应使用商洽、请求的语气，不用“务必”“必须”“请遵照执行”等指令性用语。',
    message: '行文语气与行文关系不符：不应对上级或不相隶属机关使用指令性用语',
    standard: '《党政机关公文处理工作条例》第十三条、第八条（函：不相隶属机关之间商洽工作）',
    examples: {
      bad: [
        {
          text: '青川市交通运输局关于商请提供道路施工计划的函\n青川市住房和城乡建设局：\n贵局务必于6月15日前提供施工计划。\n特此函告。',
        },
        {
          text: '临江县水利局关于水库度汛准备情况的报告\n临江县人民政府：\n请县政府务必于5月底前安排维修资金。\n特此报告。',
        },
      ],
      good: [
        '青川市交通运输局关于商请提供道路施工计划的函\n青川市住房和城乡建设局：\n恳请贵局于6月15日前提供施工计划。\n特此函告。',
        '青川市人民政府关于做好防汛工作的通知\n各区人民政府：\n各区务必于5月底前完成检查。\n特此通知。',
        '临江县水利局关于水库度汛准备情况的报告\n临江县人民政府：\n我局要求各乡镇务必于5月底前完成检查。\n特此报告。',
      ],
    },
  },
  create(ctx) {
    const genre = genreOf(ctx);
    if (!genre) return;
    // Only a 上行文 or a 函 can be concerned; another 文种 only when a 主送 shows it goes up.
    if (!/^(请示|报告|议案|函)$/.test(genre) && !ctx.structure.byRole('addressee').length) return;
    const direction = directionOf(ctx, partiesOf(ctx));
    const up = direction === 'up';
    // A 函 to an organ of another line; a 函 down to a subordinate government (国务院办公厅 to a 省) may direct.
    const unrelated = genre === '函' && (direction === 'unrelated' || direction === 'parallel');
    if (!up && !unrelated) return;
    const text = ctx.text;
    for (const b of bodyBlocks(ctx)) {
      const t = text.slice(b.range[0], b.range[1]);
      // A closing of the wrong 文种 (请遵照执行 ending a 报告) is genre/closing's finding.
      if (CLOSING_RE.test(t.trim())) continue;
      ORDER_RE.lastIndex = 0;
      for (let m = ORDER_RE.exec(t); m; m = ORDER_RE.exec(t)) {
        // 我局要求各乡镇务必…: an order the writer passes down, reported to the superior, not given to it.
        const before = t.slice(Math.max(0, m.index - 12), m.index);
        if (/(要求|督促|责令|通知|指导|部署)[^，。；]*$/.test(before) && !/^请?(贵|你)/.test(m[0])) continue;
        const s = b.range[0] + m.index;
        ctx.report({
          range: [s, s + m[0].length],
          message: up
            ? `向上级机关行文不宜使用指令性用语“${m[0]}”，宜用请求、报告的语气`
            : `函用于不相隶属机关之间商洽工作，不宜使用指令性用语“${m[0]}”，宜用商请、恳请等语气`,
        });
      }
    }
  },
};
