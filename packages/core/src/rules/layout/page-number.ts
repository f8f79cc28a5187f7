import type { Block } from '../../document/types.js';
import type { Rule } from '../../engine/types.js';
import { blockRange, layoutContext, effectiveRefs, partBlocks, sectionAnchor } from './common.js';

const GOOD_FORM = /^[—―][ \u2009\u00a0]?#[ \u2009\u00a0]?[—―]$/;

function pageBlock(blocks: Block[]): Block | undefined {
  return blocks.find((b) => b.format?.pageField);
}

/** GB/T 9704-2012 7.5 and 10.1: “— 1 —”, odd pages right and even pages left, one character in. */
export const pageNumberRule: Rule = {
  meta: {
    id: 'layout/page-number',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/layout/page-number.ts',
    formats: ['docx'],
    description:
      '页码用 4号半角宋体阿拉伯数字，数字左右各放一条一字线（如“— 1 —”）；单页码居右空一字，双页码居左空一字。',
    message: '页码不符合规定',
    standard: 'GB/T 9704-2012 7.5',
    examples: {
      bad: [{ text: '页码居中、为“1”，首页不显示页码' }],
      good: ['页码“— 1 —”，4号宋体，单页居右空一字、双页居左空一字'],
    },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { doc, info, lp, kind } = lc;
    if (kind === 'telegram') return;
    const letter = kind === 'letter';
    const footers = effectiveRefs(info, 'footers');
    const [minInd, maxInd] = lp.checks.pageNumberIndentTwips;
    const seen = new Set<string>();
    const SIDE: Record<string, string> = { left: '居左', right: '居右', center: '居中' };
    const missing: typeof info.sections = [];
    info.sections.forEach((sec, i) => {
      const f = footers[i]!;
      const anchor = sectionAnchor(doc, sec);
      const def = f.get('default');
      const defBlock = def ? pageBlock(partBlocks(doc, def)) : undefined;
      if (!defBlock) {
        missing.push(sec);
        return;
      }
      if (sec.pageNumberStart !== undefined && i > 0) {
        ctx.report({
          range: anchor,
          message: `第 ${sec.index + 1} 节重新从 ${sec.pageNumberStart} 开始编页码；附件与正文一起装订时页码应连续`,
          severity: 'warning',
        });
      }
      if (sec.pageNumberFormat === 'numberInDash') {
        ctx.report({
          range: blockRange(doc, defBlock),
          message: '页码使用了 Word 的“- 1 -”格式（连字符），应为一字线“— 1 —”',
          severity: 'warning',
        });
      } else if (sec.pageNumberFormat && sec.pageNumberFormat !== 'decimal') {
        ctx.report({
          range: blockRange(doc, defBlock),
          message: `页码应使用阿拉伯数字（当前格式 ${sec.pageNumberFormat}）`,
          severity: 'warning',
        });
      }
      const first = f.get('first');
      const firstHasPage = first ? !!pageBlock(partBlocks(doc, first)) : false;
      if (sec.titlePg && i === 0) {
        if (!letter && !firstHasPage)
          ctx.report({ range: anchor, message: '首页不显示页码；除信函格式外，公文首页也应标注页码' });
      }
      if (letter && i === 0 && !(sec.titlePg && !firstHasPage)) {
        ctx.report({
          range: anchor,
          message: '信函格式首页不显示页码（应设置“首页不同”且首页页脚不含页码）',
          standard: 'GB/T 9704-2012 10.1',
        });
      }
      const evenOdd = info.settings.evenAndOddHeaders;
      for (const [type, part] of f) {
        // Word prints the even-page footer only with 奇偶页不同 on, and the first-page one only with 首页不同.
        if ((type === 'even' && !evenOdd) || (type === 'first' && !sec.titlePg)) continue;
        if (seen.has(part)) continue;
        seen.add(part);
        const b = pageBlock(partBlocks(doc, part));
        if (!b) continue;
        const pattern = (b.format?.fieldPattern ?? '').trim();
        if (!GOOD_FORM.test(pattern)) {
          const shown = pattern.replace('#', '1');
          ctx.report({
            range: blockRange(doc, b),
            message: `页码形式应为“— 1 —”（数字两侧各一条一字线），当前为“${shown}”`,
            severity: 'warning',
          });
        }
        if (type === 'first') continue;
        // Where the number prints on odd and even pages: a frame's or text box's alignment (outside = right on odd
        // pages and left on even ones), else the paragraph's.
        const fmt = b.format ?? {};
        const frame = fmt.frameAlignment;
        const sideOn = (odd: boolean): string => {
          if (frame === 'outside') return odd ? 'right' : 'left';
          if (frame === 'inside') return odd ? 'left' : 'right';
          if (frame) return frame;
          return fmt.alignment === 'right' || fmt.alignment === 'center' ? fmt.alignment : 'left';
        };
        const range = blockRange(doc, b);
        // One finding per footer for where its number sits.
        let placed = true;
        if (!evenOdd) {
          const odd = sideOn(true);
          const even = sideOn(false);
          if (odd !== 'right' || even !== 'left') {
            placed = false;
            if (odd === even && odd === 'center') {
              ctx.report({
                range,
                message: '页码居中；应设置“奇偶页不同”，单页码居右、双页码居左',
                severity: 'warning',
              });
            } else if (odd === 'right') {
              placed = true;
              ctx.report({ range, message: '未设置“奇偶页不同”，所有页码都居右；双页码应居左', severity: 'warning' });
            } else {
              ctx.report({
                range,
                message: `单页码应居右（当前${SIDE[odd]}）；应设置“奇偶页不同”，单页码居右、双页码居左`,
              });
            }
          }
        } else {
          const want = type === 'even' ? 'left' : 'right';
          const now = sideOn(type !== 'even');
          if (now !== want) {
            placed = false;
            ctx.report({ range, message: `${type === 'even' ? '双' : '单'}页码应${SIDE[want]}（当前${SIDE[now]}）` });
          }
        }
        // One character in from the edge; a frame's own offset is not known here.
        if (!placed || frame) continue;
        const side = type === 'even' ? 'left' : 'right';
        const chars = side === 'right' ? fmt.rightIndentChars : fmt.leftIndentChars;
        const twips = side === 'right' ? fmt.indentTwips?.right : fmt.indentTwips?.left;
        const ok =
          chars !== undefined ? Math.abs(chars - 1) < 0.05 : twips !== undefined && twips >= minInd && twips <= maxInd;
        if (!ok) {
          ctx.report({
            range,
            message: `${type === 'even' ? '双' : '单'}页码应${side === 'right' ? '右' : '左'}空一字（缩进 1 字符）`,
            severity: 'warning',
          });
        }
      }
    });
    // Sections without a page number: one finding for all of them.
    if (missing.length) {
      const which =
        missing.length === info.sections.length && missing.length > 1
          ? '各节'
          : `第 ${missing.map((s) => s.index + 1).join('、')} 节`;
      ctx.report({ range: sectionAnchor(doc, missing[0]!), message: `${which}没有页码（页脚中缺少 PAGE 域）` });
    }
  },
};
