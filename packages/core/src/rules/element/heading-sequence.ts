import type { Rule } from '../../engine/types.js';
import { chineseCounting } from '../../formats/docx/numbering.js';
import { parseChineseNumber } from '../text-helpers.js';

/** A level's sequence number as written: 一、 （一） 1. （1）. */
function marker(level: number, n: number): string {
  if (level === 1) return `${chineseCounting(n)}、`;
  if (level === 2) return `（${chineseCounting(n)}）`;
  return level === 3 ? `${n}.` : `（${n}）`;
}

/** Whitespace, or a line end, before a sequence number that is not at its paragraph's start. */
const SPACE_BEFORE = /\s/;

/**
 * Whether every number from..to-1 of the level is written in `span` after a space or a line end, though at no
 * paragraph's start: a form read from a PDF or OFD puts two columns on one line (`发证日期… 二、未经…`), and a list
 * typed on one line has its items mid-line. Up to 5 numbers; a longer gap is reported.
 */
function writtenInside(span: string, level: number, from: number, to: number): boolean {
  if (to - from > 5) return false;
  for (let n = from; n < to; n++) {
    const forms = level === 3 ? [`${n}.`, `${n}．`] : [marker(level, n)];
    let found = false;
    for (const m of forms) {
      for (let i = span.indexOf(m); i >= 0 && !found; i = span.indexOf(m, i + 1)) {
        // After a space, and (for 1. and the like) not the tail of a longer number or a decimal.
        const after = span.charCodeAt(i + m.length);
        if (i > 0 && SPACE_BEFORE.test(span[i - 1]!) && !(level === 3 && after >= 0x30 && after <= 0x39)) found = true;
      }
      if (found) break;
    }
    if (!found) return false;
  }
  return true;
}

const LEVEL_RES: Array<[number, RegExp]> = [
  [1, /^([一二三四五六七八九十百]+)、/],
  [2, /^（([一二三四五六七八九十百]+)）/],
  [3, /^(\d{1,3})[.．](?!\d)/],
  [4, /^（(\d{1,3})）/],
];

// 层次序数 (GB/T 9704-2012 7.3.3): each level counts 1, 2, 3 … with no gap or repeat and restarts under a new parent.
export const headingSequenceRule: Rule = {
  meta: {
    id: 'element/heading-sequence',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/element/heading-sequence.ts',
    description:
      '结构层次序数依次为“一、”“（一）”“1.”“（1）”，同级序号应连续、不重复，下级序号在新的上级之下重新编号。',
    message: '层次序号不连续',
    standard: 'GB/T 9704-2012 7.3.3',
    examples: {
      bad: [
        { text: '一、总体要求\n二、主要任务\n四、保障措施' },
        { text: '一、总体要求\n（一）指导思想\n（三）工作目标' },
        { text: '一、总体要求\n二、主要任务\n二、保障措施' },
      ],
      good: [
        '一、总体要求\n（一）指导思想\n（二）工作目标\n二、主要任务\n（一）加强领导\n1.明确责任\n2.强化考核',
        '一、总体要求\n二、主要任务',
        '注意事项：\n一、本证放置施工现场。\n发证日期2020年10月9日 二、未经许可，本证内容不得变更。\n三、本证可以查验。',
      ],
    },
  },
  create(ctx) {
    const text = ctx.text;
    // Only body paragraphs: a quoted amendment (“一、…”) or an attachment restarts numbering.
    const blocks = ctx.structure.blocks.filter(
      (b) => b.role === 'heading' || b.role === 'body' || b.role === 'attachment-body' || b.role === 'attachment-label',
    );
    const last = [0, 0, 0, 0, 0];
    // Where the text after the last number of each level begins (its marker's end).
    const after = [0, 0, 0, 0, 0];
    // Central documents often number a level on through the whole text ((十四) under 四、); that is not a gap.
    const running = [0, 0, 0, 0, 0];
    for (const b of blocks) {
      const t = text.slice(b.range[0], b.range[1]);
      if (b.role === 'attachment-label') {
        last.fill(0);
        running.fill(0);
        continue;
      }
      for (const [level, re] of LEVEL_RES) {
        const m = re.exec(t);
        if (!m) continue;
        const n = level <= 2 ? parseChineseNumber(m[1]!) : Number(m[1]);
        if (n === undefined) break;
        const want = last[level]! + 1;
        // Numbering may start again at 1: a new list after a colon, an article (第N条) or an unlabelled attachment.
        const ok =
          running[level] === 0 ||
          n === want ||
          n === running[level]! + 1 ||
          n === 1 ||
          (n > want && writtenInside(text.slice(after[level]!, b.range[0]), level, want, n));
        if (!ok) {
          const range = [b.range[0], b.range[0] + m[0].length] as const;
          // Under a new parent the level may restart (want is 1) or run on from the last one of the text.
          const on = running[level]! + 1;
          ctx.report({
            range,
            message:
              n === last[level]
                ? `层次序号“${m[0]}”与上一个同级序号重复`
                : on !== want
                  ? `层次序号“${m[0]}”不连续：应为“${marker(level, want)}”（在新的上级之下重新编号）或“${marker(level, on)}”（接续上文编号）`
                  : `层次序号“${m[0]}”不连续：应为“${marker(level, want)}”`,
          });
        }
        last[level] = n;
        running[level] = n;
        after[level] = b.range[0] + m[0].length;
        for (let k = level + 1; k <= 4; k++) {
          last[k] = 0;
          after[k] = after[level]!;
        }
        break;
      }
    }
  },
};
