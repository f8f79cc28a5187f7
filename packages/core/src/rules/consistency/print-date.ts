import type { Rule } from '../../engine/types.js';
import { matchPrintLine } from '../../structure/patterns.js';
import { compareYmd, documentDate, formatYmd, parseYmd } from '../doc-date.js';

export const printDateRule: Rule = {
  meta: {
    id: 'consistency/print-date',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/consistency/print-date.ts',
    description: '版记中的印发日期是公文的送印日期，不应早于成文日期（成文日期为负责人签发或会议通过的日期）。',
    message: '印发日期早于成文日期',
    standard: 'GB/T 9704-2012 7.3.5.4、7.4.3',
    examples: {
      bad: [
        {
          text: '某某市人民政府\n2024年3月5日\n抄送：市委办公室。\n某某市人民政府办公室 2024年3月1日印发',
        },
      ],
      good: ['某某市人民政府\n2024年3月5日\n抄送：市委办公室。\n某某市人民政府办公室 2024年3月6日印发'],
    },
  },
  create(ctx) {
    const text = ctx.text;
    const dated = documentDate(text, ctx.structure);
    if (!dated) return;
    for (const b of ctx.structure.byRole('print-line')) {
      const line = text.slice(b.range[0], b.range[1]);
      const t = line.trim();
      const found = matchPrintLine(t);
      const printed = found && parseYmd(found.date);
      if (!found || !printed || compareYmd(printed, dated.date) >= 0) continue;
      const s = b.range[0] + line.indexOf(t) + t.lastIndexOf(found.date);
      ctx.report({
        range: [s, s + found.date.length],
        message: `印发日期${formatYmd(printed)}早于成文日期${formatYmd(dated.date)}：公文应在成文后印发，请核对两个日期`,
      });
    }
  },
};
