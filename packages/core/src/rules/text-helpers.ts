import type { GovDocument, Range } from '../document/types.js';

/** Shared by the text rule packs: line iteration and Chinese numerals. */

export const HAN_RE = /\p{Script=Han}/u;

/** Where a line's text starts and ends, past indents and masked Markdown markup (`## `, `**`, U+FFFC). */
export function contentBounds(line: string): [number, number] {
  let s = 0;
  let e = line.length;
  while (s < e && isPad(line.charCodeAt(s))) s++;
  while (e > s && isPad(line.charCodeAt(e - 1))) e--;
  return [s, e];
}

// No-break and other Unicode spaces count as padding: text copied from a web page indents with U+00A0.
const isPad = (c: number) =>
  c === 0x20 ||
  c === 0x09 ||
  c === 0x3000 ||
  c === 0xfffc ||
  c === 0xa0 ||
  (c >= 0x2000 && c <= 0x200b) ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0xfeff;

export interface TextLine {
  readonly start: number;
  readonly end: number;
  readonly line: string;
}

/** Every line of the text with its start offset (lines are paragraphs in text and Markdown documents). */
export function lines(text: string): TextLine[] {
  const out: TextLine[] = [];
  let start = 0;
  for (;;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    out.push({ start, end, line: text.slice(start, end) });
    if (end === text.length) return out;
    start = end + 1;
  }
}

const linesByDocument = new WeakMap<GovDocument, readonly TextLine[]>();

/**
 * The lines of a document's text, split once for all the rules that read them (kept while the document lives).
 */
export function documentLines(doc: GovDocument): readonly TextLine[] {
  let list = linesByDocument.get(doc);
  if (!list) linesByDocument.set(doc, (list = Object.freeze(lines(doc.text))));
  return list;
}

const CN_DIGIT: Record<string, number> = {
  〇: 0,
  零: 0,
  '○': 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Parses Chinese numerals up to 9999 (一, 十一, 二十, 一百零五); undefined when the string is not one. */
export function parseChineseNumber(s: string): number | undefined {
  if (!s) return undefined;
  if (/^[〇零○一二三四五六七八九]{2,}$/.test(s)) {
    // Digit by digit, as in years (二〇二四).
    return Number([...s].map((c) => CN_DIGIT[c]).join(''));
  }
  let total = 0;
  let cur = 0;
  let seen = false;
  for (const c of s) {
    if (c in CN_DIGIT) {
      cur = CN_DIGIT[c]!;
      seen = true;
      continue;
    }
    const unit = c === '十' ? 10 : c === '百' ? 100 : c === '千' ? 1000 : 0;
    if (!unit) return undefined;
    total += (cur || (c === '十' ? 1 : 0)) * unit;
    if (!cur && c !== '十') return undefined;
    cur = 0;
    seen = true;
  }
  return seen ? total + cur : undefined;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

export function rangeOf(start: number, text: string): Range {
  return [start, start + text.length];
}
