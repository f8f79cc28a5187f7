import type { Rule } from '../../engine/types.js';
import { genreOf } from '../genre/common.js';

// A 版记 ends with the 印发机关和印发日期 line (GB/T 9704-2012 7.4.3, 条例 第九条（十七）): the 抄送 line alone leaves the
// record without who printed the document and when. The 信函 format (函) has no 印发 line (GB/T 9704-2012 10.1).
export const missingPrintLineRule: Rule = {
  meta: {
    id: 'element/missing-print-line',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/element/missing-print-line.ts',
    description: '版记中应有印发机关和印发日期（“××办公室　2026年3月5日印发”），两者都应写明，编排在末条分隔线之上。',
    message: '版记缺少印发机关和印发日期',
    standard: 'GB/T 9704-2012 7.4.3；《党政机关公文处理工作条例》第九条（十七）',
    examples: {
      bad: [
        {
          text: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请做好防汛工作。\n特此通知。\n某某市人民政府\n2026年3月5日\n抄送：市委办公室，市人大常委会办公室。',
        },
        {
          text: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请做好防汛工作。\n特此通知。\n某某市人民政府\n2026年3月5日\n抄送：市委办公室。\n某某市人民政府办公室印发',
        },
      ],
      good: [
        '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请做好防汛工作。\n特此通知。\n某某市人民政府\n2026年3月5日\n抄送：市委办公室，市人大常委会办公室。\n某某市人民政府办公室　　2026年3月5日印发',
        '某某市教育局关于商请支持开展研学活动的函\n某某大学：\n请予函复。\n某某市教育局\n2026年3月5日\n抄送：市委办公室。',
      ],
    },
  },
  create(ctx) {
    // A print line with one of its two parts missing (`某某市人民政府办公室印发`, `2026年3月5日印发`) is not taken for
    // one by the recognizer; it is among the last lines.
    let seen = 0;
    for (let i = ctx.structure.blocks.length - 1; i >= 0 && seen < 4; i--) {
      const b = ctx.structure.blocks[i]!;
      const t = ctx.text.slice(b.range[0], b.range[1]).trim();
      if (!t || b.kind === 'front-matter') continue;
      seen++;
      if (b.role === 'print-line' || !/印发$/.test(t) || t.length > 60 || /[。，；]/.test(t)) continue;
      const dated = /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/.exec(t);
      const lead = ctx.text.slice(b.range[0], b.range[1]).search(/\S/);
      const range = [b.range[0] + lead, b.range[0] + lead + t.length] as const;
      if (!dated)
        ctx.report({ range, message: '印发机关之后应写明印发日期（如“某某市人民政府办公室　　2026年3月5日印发”）' });
      else if (dated.index === 0)
        ctx.report({ range, message: '印发日期之前应写明印发机关（如“某某市人民政府办公室　　2026年3月5日印发”）' });
      return;
    }
    const cc = ctx.structure.byRole('cc');
    if (!cc.length || ctx.structure.byRole('print-line').length) return;
    if (genreOf(ctx) === '函') return;
    // Front matter of a draft leaves the print line to the builder's fields.
    if (cc.every((b) => b.kind === 'front-matter')) return;
    const last = cc[cc.length - 1]!;
    ctx.report({
      range: last.range,
      message: '版记应在抄送机关之下编排印发机关和印发日期（如“某某市人民政府办公室　　2026年3月5日印发”）',
    });
  },
};
