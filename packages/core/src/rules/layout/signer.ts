import type { Rule } from '../../engine/types.js';
import { layoutContext, blockRange, blockText, bodyBlocks, fontGroupOf, inkRuns, spanOf } from './common.js';

/** GB/T 9704-2012 7.2.6: 签发人 belongs to 上行文 only, and every 上行文 with a 版头 carries it. */
export const signerRule: Rule = {
  meta: {
    id: 'layout/signer',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/layout/signer.ts',
    formats: ['docx'],
    description:
      '上报的公文（请示、报告等上行文）应标注签发人姓名；其他公文不标签发人。“签发人”用 3号仿宋，姓名用 3号楷体。',
    message: '签发人标注不符合规定',
    standard: 'GB/T 9704-2012 7.2.6',
    examples: {
      bad: [{ text: '通知（下行文）的文号行标注了“签发人：张三”' }],
      good: ['请示的文号行：“某政发〔2025〕3号　签发人：张三”'],
    },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { doc, info, lp } = lc;
    const head = bodyBlocks(doc, info).slice(0, 15);
    const signer = head.filter((b) => /签发人[：:]/.test(blockText(doc, b)));
    const marks = ctx.structure.byRole('issuer-mark');
    const up = ctx.structure.direction === 'up';
    if (signer.length && !up && ctx.structure.direction) {
      const b = signer[0]!;
      ctx.report({
        range: blockRange(doc, b),
        message: `签发人只在上行文中标注，本文为“${ctx.structure.genre}”，不应标注签发人`,
        severity: 'warning',
      });
    }
    if (!signer.length && up && marks.length) {
      ctx.report({
        range: blockRange(doc, ctx.structure.byRole('doc-number')[0] ?? marks[0]!),
        message: `上行文（${ctx.structure.genre}）应在发文字号同一行标注签发人`,
      });
    }
    for (const b of signer) {
      const t = blockText(doc, b);
      const i = t.search(/签发人[：:]/);
      const labelEnd = b.range[0] + i + 4;
      const runs = inkRuns(doc, b).filter((r) => r.slot === 'eastAsia');
      const names = runs.filter((r) => r.start >= labelEnd);
      const labels = runs.filter((r) => r.start >= b.range[0] + i && r.end <= labelEnd);
      const wrongName = names.filter((r) => fontGroupOf(lp, r.font)?.group !== 'KAITI');
      const wrongLabel = labels.filter((r) => fontGroupOf(lp, r.font)?.group !== 'FANGSONG');
      if (wrongName.length)
        ctx.report({ range: spanOf(wrongName), message: '签发人姓名应使用 3号楷体', severity: 'warning' });
      if (wrongLabel.length)
        ctx.report({ range: spanOf(wrongLabel), message: '“签发人”三字应使用 3号仿宋', severity: 'warning' });
    }
  },
};
