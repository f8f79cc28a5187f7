import type { Block } from '../../document/types.js';
import type { Rule } from '../../engine/types.js';
import { blockRange, layoutContext, blockText } from './common.js';

/** Indent in characters of the element's own size: chars attributes win over twips, as in Word. */
function indents(b: Block, charTwips: number): { left: number; right: number; first: number } {
  const f = b.format ?? {};
  const left = f.leftIndentChars ?? (f.indentTwips?.left ?? 0) / charTwips;
  const right = f.rightIndentChars ?? (f.indentTwips?.right ?? 0) / charTwips;
  const first = f.firstLineIndentChars ?? ((f.indentTwips?.firstLine ?? 0) - (f.indentTwips?.hanging ?? 0)) / charTwips;
  return { left, right, first };
}

/**
 * Horizontal placement of the 版头 and 版记 elements: 份号/密级/紧急程度 顶格 at the left (GB/T 9704-2012 7.2.1–7.2.3), the 文号 centred,
 * or one character in for 上行文 (7.2.5), the 标题 centred (7.3.1), 抄送 and 印发 one character in (7.4.2, 7.4.3).
 */
export const elementPositionRule: Rule = {
  meta: {
    id: 'layout/element-position',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/layout/element-position.ts',
    formats: ['docx'],
    description:
      '版头和版记要素的左右位置：份号、密级、紧急程度顶格居左；发文字号居中（上行文左空一字）；标题居中；抄送机关、印发机关左空一字。',
    message: '要素位置不符合规定',
    standard: 'GB/T 9704-2012 7.2',
    examples: { bad: [{ text: '标题居左编排' }], good: ['标题居中，发文字号居中，抄送机关左空一字'] },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { doc, info, kind } = lc;
    const body = doc.blocks.slice(0, info.bodyBlocks).filter((b) => b.role !== 'blank' && b.kind === 'paragraph');
    const tol = 0.5;
    // A 红头 of the general format carries a 发文字号 below the mark (公告, 通告 and 公报 may go without one).
    const marks = ctx.structure.byRole('issuer-mark');
    const markText = marks.map((b) => blockText(doc, b).replace(/[\s\u3000]+/g, '')).join('');
    if (
      kind === 'formal' &&
      marks.length &&
      !/(公告|通告|公报)$/.test(markText) &&
      !ctx.structure.byRole('doc-number').length
    ) {
      ctx.report({
        range: blockRange(doc, marks[marks.length - 1]!),
        message: '版头缺少发文字号：应在发文机关标志下空二行居中编排（如“×发〔2025〕1号”）',
        standard: 'GB/T 9704-2012 7.2.5',
      });
    }
    for (const b of body) {
      const jc = b.format?.alignment ?? 'left';
      const t = blockText(doc, b);
      const range = blockRange(doc, b);
      switch (b.role) {
        case 'copy-number':
        case 'secrecy':
        case 'urgency': {
          const ind = indents(b, 320);
          if (jc === 'right' || jc === 'center' || Math.abs(ind.left) > tol || Math.abs(ind.first) > tol) {
            ctx.report({
              range,
              message: '份号、密级和保密期限、紧急程度应顶格编排在版心左上角',
              standard: 'GB/T 9704-2012 7.2.1',
            });
          }
          break;
        }
        case 'doc-number': {
          if (kind === 'letter') break; // 信函: the 文号 goes 顶格 at the right (GB/T 9704-2012 10.1)
          if (ctx.structure.direction === 'up') {
            const ind = indents(b, 320);
            if (jc === 'center' || Math.abs(ind.left + ind.first - 1) > tol) {
              ctx.report({
                range,
                message: '上行文的发文字号应居左空一字编排，与签发人同处一行',
                standard: 'GB/T 9704-2012 7.2.5',
              });
            }
          } else if (jc !== 'center') {
            ctx.report({ range, message: '发文字号应居中编排', standard: 'GB/T 9704-2012 7.2.5' });
          }
          break;
        }
        case 'title': {
          if (jc !== 'center' && jc !== 'distribute')
            ctx.report({ range, message: '标题应居中编排', standard: 'GB/T 9704-2012 7.3.1' });
          break;
        }
        case 'cc':
        case 'main-recipients-end': {
          const ind = indents(b, 280);
          if (Math.abs(ind.left + ind.first - 1) > tol && !/^[\s\u3000]/.test(t)) {
            ctx.report({ range, message: '抄送机关应左空一字编排', standard: 'GB/T 9704-2012 7.4.2' });
          }
          break;
        }
      }
    }
  },
};
