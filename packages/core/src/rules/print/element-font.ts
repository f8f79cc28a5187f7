import type { Range } from '../../document/types.js';
import type { Rule } from '../../engine/types.js';
import { GROUP_NAMES, blockRange, elementKey, inkRuns, sizeName } from '../layout/common.js';
import { ROLE_NAMES } from '../layout/element-font.js';
import { printContext, printedFontGroup } from './common.js';

/** The elements whose printed fonts are checked (named as the .docx rule names them). */
const CHECKED = new Set([
  'issuerMark',
  'docNumber',
  'title',
  'addressee',
  'body',
  'heading1',
  'heading2',
  'heading3',
  'signature',
  'date',
  'attachmentLabel',
]);

/**
 * GB/T 9704-2012 5.2.2, 7.2.4, 7.3.1, 7.3.3: the fonts and sizes elements are printed in, read from the fonts the PDF
 * or OFD embeds or names. A font outside the profile's groups is named as it is: a file printed on a machine without
 * the GB fonts embeds the font that stood in for them, and the document then really does not carry 仿宋 or 小标宋.
 */
export const printElementFontRule: Rule = {
  meta: {
    id: 'print/element-font',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/print/element-font.ts',
    formats: ['pdf', 'ofd'],
    description:
      'PDF/OFD 中各要素实际使用（嵌入）的字体和字号：标题小标宋二号，正文仿宋三号，一级标题黑体，二级标题楷体；字体以文件中的字体名判断。',
    message: '字体或字号与规定不符',
    standard: 'GB/T 9704-2012 7.3.3',
    examples: { bad: [{ text: '标题嵌入字体为 宋体' }], good: ['标题嵌入字体为 FZXBSJW--GB1-0（方正小标宋简体）'] },
  },
  create(ctx) {
    const pc = printContext(ctx);
    if (!pc) return;
    const { doc, lp } = pc;
    // One finding per element and font (a body printed wholly in a stand-in font says so once, not per paragraph).
    const said = new Set<string>();
    const unknown = new Map<string, { range: Range; elements: Set<string>; wanted: Set<string> }>();
    const sizes = new Map<
      string,
      { range: Range; elements: Set<string>; message: (names: string) => string; standard: string }
    >();
    for (const b of ctx.structure.blocks) {
      if (b.kind !== 'paragraph') continue;
      const key = elementKey(b);
      if (!key || !CHECKED.has(key)) continue;
      const spec = lp.elements[key];
      if (!spec) continue;
      const runs = inkRuns(doc, b).filter((r) => /[\u4e00-\u9fff]/.test(doc.text.slice(r.start, r.end)));
      if (!runs.length) continue;
      const clause = spec.clause;
      const name = ROLE_NAMES[key]!;
      const want = spec.font;
      if (want) {
        for (const r of runs) {
          const font = r.font;
          if (!font) continue;
          const g = printedFontGroup(lp, font);
          if (g && g.group === want) continue;
          if (!g) {
            // A font outside every group: said once for the whole file, with the elements it prints.
            const u = unknown.get(font) ?? { range: blockRange(doc, b), elements: new Set(), wanted: new Set() };
            u.elements.add(name);
            u.wanted.add(GROUP_NAMES[want] ?? want);
            unknown.set(font, u);
            continue;
          }
          const sig = `${key}|font|${font}`;
          if (said.has(sig)) continue;
          said.add(sig);
          ctx.report({
            range: blockRange(doc, b),
            message: `${name}实际使用的字体为 ${GROUP_NAMES[g.group] ?? g.group}（${font}），不是${GROUP_NAMES[want] ?? want}`,
            standard: clause,
          });
        }
      }
      const size = spec.sizePt;
      const min = spec.minSizePt;
      if (size !== undefined || min !== undefined) {
        const tol = lp.sizeTolerancePt;
        const r = runs[0]!;
        const pt = r.sizePt;
        if (pt === undefined) continue;
        const wrong = size !== undefined ? Math.abs(pt - size) > tol : pt < min! - tol;
        if (!wrong) continue;
        // Elements printed in one wrong size for one required size: one finding naming them all.
        const printed = Math.round(pt * 10) / 10;
        const sig = `${printed}|${size ?? `min${min}`}`;
        const entry = sizes.get(sig) ?? {
          range: blockRange(doc, b),
          elements: new Set<string>(),
          message: (names: string) =>
            size !== undefined
              ? `${names}字号为 ${printed} 磅，应为${sizeName(size)}`
              : `${names}字号为 ${printed} 磅，不应小于${sizeName(min!)}`,
          standard: clause,
        };
        entry.elements.add(name);
        sizes.set(sig, entry);
      }
    }
    for (const e of sizes.values())
      ctx.report({ range: e.range, message: e.message([...e.elements].join('、')), standard: e.standard });
    for (const [font, u] of unknown) {
      ctx.report({
        range: u.range,
        message: `${[...u.elements].join('、')}实际使用的字体为 ${font}，不是规定的${[...u.wanted].join('、')}（文件中没有嵌入或指定规定字体，可能是排版时被替换）`,
        standard: 'GB/T 9704-2012 5.2.2',
      });
    }
  },
};
