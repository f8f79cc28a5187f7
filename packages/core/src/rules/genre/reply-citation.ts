import type { Rule } from '../../engine/types.js';
import { genreOf, openingText } from './common.js';

// A 批复 answers one 请示 (条例 第八条（十二）); its opening names that 请示 by title and 文号 and says 收悉
// (`你委《关于……的请示》（某发〔2026〕5号）收悉`), so the reply and the request can be matched in the files. Of the
// 102 published 国务院 批复 read, 101 open so; 43 of them give no 文号, so a missing 文号 is advice only.
const CITES_RE = /(请示|报告|函|来文|《[^》]{2,}》)[^。]{0,40}收悉|收悉[^。]{0,10}(请示|来文)/;
const NUMBER_RE = /〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号/;

export const replyCitationRule: Rule = {
  meta: {
    id: 'genre/reply-citation',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/reply-citation.ts',
    description:
      '批复开头应引述来文，写明所答复请示的标题和发文字号，如“你委《关于××的请示》（××〔2026〕5号）收悉”；只写“来文收悉”不够。',
    message: '批复未引述来文',
    standard: '《党政机关公文处理工作条例》第八条（十二）（公文写作惯例）',
    examples: {
      bad: [
        { text: '某某市人民政府关于同意设立某某产业园的批复\n某某区人民政府：\n经研究，同意设立某某产业园。\n此复。' },
        {
          text: '某某市人民政府关于同意设立某某产业园的批复\n某某区人民政府：\n你区关于设立某某产业园的请示收悉。经研究，同意设立。\n此复。',
        },
        {
          text: '某某市人民政府关于同意设立某某产业园的批复\n某某区人民政府：\n你区的请示收悉。经研究，同意设立。\n此复。',
        },
      ],
      good: [
        '某某市人民政府关于同意设立某某产业园的批复\n某某区人民政府：\n你区《关于设立某某产业园的请示》（某区政〔2026〕5号）收悉。经研究，同意设立。\n此复。',
      ],
    },
  },
  create(ctx) {
    if (genreOf(ctx) !== '批复') return;
    const opening = openingText(ctx, 2);
    if (!opening) return;
    const m = CITES_RE.exec(opening.text);
    if (!m) {
      const first = opening.text.search(/[^\s\u3000]/);
      const s = opening.start + Math.max(0, first);
      const e = opening.text.indexOf('\n', first) < 0 ? opening.end : opening.start + opening.text.indexOf('\n', first);
      ctx.report({
        range: [s, e],
        message: '批复开头应引述来文：写明所答复请示的标题和发文字号，如“你委《关于××的请示》（××〔2026〕5号）收悉”',
      });
      return;
    }
    // The sentence that cites: from its start to 收悉.
    const from = Math.max(opening.text.lastIndexOf('。', m.index), opening.text.lastIndexOf('\n', m.index)) + 1;
    const citing = opening.text.slice(from, m.index + m[0].length);
    if (!/《|关于/.test(citing)) {
      const s = opening.start + from + (citing.length - citing.trimStart().length);
      ctx.report({
        range: [s, opening.start + m.index + m[0].length],
        message: '引述来文应写明其标题（如“你委《关于××的请示》（××〔2026〕5号）收悉”），不宜只写“来文收悉”“请示收悉”',
      });
      return;
    }
    if (!NUMBER_RE.test(opening.text.slice(0, m.index + m[0].length))) {
      const s = opening.start + m.index;
      ctx.report({
        range: [s, s + m[0].length],
        message: '引述来文时宜在标题后用圆括号注明其发文字号，如“《关于××的请示》（××〔2026〕5号）收悉”',
        severity: 'info',
      });
    }
  },
};
