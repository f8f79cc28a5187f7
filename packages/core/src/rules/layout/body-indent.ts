import type { Block, GovDocument } from '../../document/types.js';
import type { Rule } from '../../engine/types.js';
import {
  layoutContext,
  isCaptionLike,
  isUnnumberedHeading,
  mainBodyGroup,
  isPlaceholder,
  blockText,
  bodyBlocks,
  inkRuns,
} from './common.js';

/** Twips of one character of the paragraph's main text size (the size most of its characters have). */
function ownCharTwips(doc: GovDocument, b: Block): number | undefined {
  const count = new Map<number, number>();
  for (const r of inkRuns(doc, b))
    if (!r.label && r.sizePt) count.set(r.sizePt, (count.get(r.sizePt) ?? 0) + r.end - r.start);
  const top = [...count].sort((x, y) => y[1] - x[1])[0];
  return top ? top[0] * 20 : undefined;
}

/** The option letter a paragraph opens with (`A．…`, `B、…`), when it opens with one. */
const OPTION = /^([A-H])[．.、]\s*\S/;
/** The first further option on the same line, after spaces. */
const INLINE_OPTION = /[\s\u3000]([B-H])[．.、]/;

/**
 * Answer options of a multiple-choice question (an exam outline sent as an attachment): lines that open with option
 * letters in sequence (`A．…` then `B．…`, or `A．… B．…` on one line). They are laid out flush left by design and are
 * not the body paragraphs of 7.3.3. A single line opening with a letter, without such a sibling, stays a paragraph.
 */
function answerOptions(texts: readonly string[]): Set<number> {
  const letter = texts.map((t) => OPTION.exec(t)?.[1]);
  const options = new Set<number>();
  for (let i = 0; i < texts.length; i++) {
    const l = letter[i];
    if (!l) continue;
    const next = String.fromCharCode(l.charCodeAt(0) + 1);
    const prev = String.fromCharCode(l.charCodeAt(0) - 1);
    if (letter[i + 1] === next || letter[i - 1] === prev || INLINE_OPTION.exec(texts[i] as string)?.[1] === next)
      options.add(i);
  }
  return options;
}

/** GB/T 9704-2012 7.3.3: body paragraphs start two characters in; wrapped lines start at the margin. */
export const bodyIndentRule: Rule = {
  meta: {
    id: 'layout/body-indent',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/layout/body-indent.ts',
    formats: ['docx'],
    description:
      '正文每个自然段左空二字（首行缩进 2 字符），回行顶格；层次标题与正文缩进相同；主送机关顶格；附件说明左空二字。',
    message: '正文段落应首行缩进 2 字符',
    standard: 'GB/T 9704-2012 7.3.3',
    examples: { bad: [{ text: '正文段落没有首行缩进' }], good: ['正文段落首行缩进 2 字符，主送机关顶格'] },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { doc, info, lp } = lc;
    const want = lp.elements.body?.firstLineIndentChars ?? 2;
    const charTwips = (lp.elements.body?.sizePt ?? 16) * 20;
    const tol = lp.checks.indentToleranceTwips;
    const bodyGroup = mainBodyGroup(lp, doc);
    // Where the first line starts, in characters from the margin: left indent plus first-line (minus hanging) indent.
    const indentOf = (b: (typeof doc.blocks)[number]) => {
      const f = b.format ?? {};
      const left = f.leftIndentChars ?? (f.indentTwips?.left ?? 0) / charTwips;
      const first =
        f.firstLineIndentChars ?? ((f.indentTwips?.firstLine ?? 0) - (f.indentTwips?.hanging ?? 0)) / charTwips;
      return left + first;
    };
    // Whether a paragraph runs onto a second line (only then does a left indent show): its characters at its own
    // size, digits and Latin letters half as wide, against the text width of its section.
    const wraps = (b: Block, own: number, firstChars: number): boolean => {
      const sec =
        info.sections[b.format?.sectionIndex ?? info.sections.length - 1] ?? info.sections[info.sections.length - 1];
      const width =
        sec?.pageWidth !== undefined ? sec.pageWidth - (sec.margins.left ?? 1800) - (sec.margins.right ?? 1800) : 8845;
      let units = firstChars;
      for (const c of blockText(doc, b).trimEnd()) units += c.charCodeAt(0) < 0x2e80 ? 0.5 : 1;
      return units * own > width;
    };
    const blocks = bodyBlocks(doc, info).filter((b) => b.kind === 'paragraph');
    const texts = blocks.map((b) => blockText(doc, b));
    const options = answerOptions(texts);
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i] as Block;
      const t = texts[i] as string;
      // 主送机关 starts at the margin (顶格, 7.3.2); the 附件说明 starts two characters in (7.3.4).
      if (b.role === 'addressee' && !/^[\s\u3000]/.test(t) && Math.abs(indentOf(b)) > 0.25) {
        ctx.report({
          range: [b.range[0], Math.min(b.range[1], b.range[0] + 10)],
          message: '主送机关应顶格编排（不缩进）',
          standard: 'GB/T 9704-2012 7.3.2',
        });
      }
      if (b.role === 'attachment-note' && /^附件[：:]/.test(t) && Math.abs(indentOf(b) - want) > 0.25) {
        ctx.report({
          range: [b.range[0], Math.min(b.range[1], b.range[0] + 10)],
          message: `附件说明应左空二字（首行缩进 ${want} 字符）`,
          standard: 'GB/T 9704-2012 7.3.4',
        });
      }
      if (b.role !== 'body' && b.role !== 'heading' && b.role !== 'closing') continue;
      const f = b.format ?? {};
      if (f.alignment === 'center' || f.alignment === 'right') {
        if (b.role === 'heading')
          ctx.report({
            range: [b.range[0], b.range[1]],
            message: '层次标题不应居中或右对齐，应与正文一样首行缩进 2 字符',
            standard: 'GB/T 9704-2012 7.3.3',
          });
        continue;
      }
      // Spaces typed at the start do the indent's work: alignment by spaces is another finding, not this rule's.
      if (
        /^[\s\u3000]/.test(t) ||
        isPlaceholder(doc, b) ||
        (b.role === 'body' && (isCaptionLike(doc, b) || isUnnumberedHeading(lp, doc, b, bodyGroup)))
      )
        continue;
      // 纪要 attendance lines hang after their label (GB/T 9704-2012 10.3), they are not body paragraphs.
      if (/^(出席|请假|列席)[：:]/.test(t) || options.has(i)) continue;
      // 二字 are two characters of the paragraph's own size (a 15.5 pt body indents 620 twips, not 640).
      const own = ownCharTwips(doc, b) ?? charTwips;
      const left = f.leftIndentChars ?? (f.indentTwips?.left ?? 0) / own;
      const first = f.firstLineIndentChars ?? ((f.indentTwips?.firstLine ?? 0) - (f.indentTwips?.hanging ?? 0)) / own;
      const range = [b.range[0], Math.min(b.range[1], b.range[0] + 10)] as const;
      // Where the first line starts and where the wrapped lines start: 左空二字, 回行顶格.
      if (Math.abs(left + first - want) * own > tol) {
        ctx.report({
          range,
          message: `${b.role === 'heading' ? '层次标题' : '正文段落'}应首行缩进 ${want} 字符（左空二字）`,
        });
      } else if (Math.abs(left) > 0.25 && wraps(b, own, left + first)) {
        ctx.report({ range, message: '回行应顶格：段落不应有左缩进或悬挂缩进，只用首行缩进 2 字符' });
      }
    }
  },
};
