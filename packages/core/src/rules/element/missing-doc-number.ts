import type { Rule } from '../../engine/types.js';

// A document under a 发文机关标志 (红头) is numbered (条例 第九条（五）, GB/T 9704-2012 7.2.5): the 发文字号 stands two
// lines below the mark. 纪要 (期号), 命令 (令号), 公告 and 通告 (第N号 or none) and telegrams (发电) number themselves
// otherwise.
export const missingDocNumberRule: Rule = {
  meta: {
    id: 'element/missing-doc-number',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/element/missing-doc-number.ts',
    description:
      '有发文机关标志的公文应编排发文字号（发文机关代字、年份、发文顺序号），在发文机关标志下空二行居中编排。',
    message: '缺少发文字号',
    standard: 'GB/T 9704-2012 7.2.5；《党政机关公文处理工作条例》第九条（五）',
    examples: {
      bad: [
        {
          text: '某某市人民政府文件\n某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请做好防汛工作。\n特此通知。',
        },
      ],
      good: [
        '某某市人民政府文件\n某政发〔2026〕3号\n某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请做好防汛工作。\n特此通知。',
        '某某市人民政府常务会议纪要\n第3期\n会议研究了防汛工作。',
      ],
    },
  },
  create(ctx) {
    const marks = ctx.structure.byRole('issuer-mark');
    const mark = marks[0];
    if (!mark || ctx.structure.byRole('doc-number').length) return;
    const marksText = marks.map((b) => ctx.text.slice(b.range[0], b.range[1])).join('');
    if (/(纪要|命令|令|公告|通告|发电)[\s\u3000]*$/.test(marksText)) return;
    ctx.report({
      range: mark.range,
      message: '有发文机关标志的公文应在标志下空二行居中编排发文字号（如“某政发〔2026〕3号”）',
    });
  },
};
