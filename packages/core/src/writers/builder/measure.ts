/**
 * Text measurement on the 版心 grid: widths in characters of the element's own size, line counts with the
 * line-start/line-end prohibitions (避头尾) that Word, WPS and LibreOffice apply, and 标题 line breaking.
 */

/** Marks that may not start a line. */
const NO_LINE_START = new Set('，。、；：？！）》」』】〕〉”’…—·%‰,.;:?!)]}'.split(''));
/** Marks that may hang past the right margin (w:overflowPunct, on by default). */
const HANGING = new Set('，。、；：？！,.'.split(''));
/** Marks that may not end a line. */
const NO_LINE_END = new Set('（《「『【〔〈“‘([{'.split(''));

/** Width of one character in characters of its element: ASCII (half-width) counts ½, as the standard's character grid does. */
export function charWidth(c: string): number {
  const cp = c.codePointAt(0)!;
  return cp >= 0x20 && cp < 0x7f ? 0.5 : 1;
}

export function textWidth(s: string): number {
  let w = 0;
  for (const c of s) w += charWidth(c);
  return w;
}

/**
 * Number of lines a paragraph takes. `capacity` is the line length in characters; `first` and `rest` are the
 * indents (in characters) of the first and the following lines.
 */
export function countLines(text: string, capacity: number, first = 0, rest = 0): number {
  const chars = [...text];
  if (chars.length === 0) return 1;
  let lines = 1;
  let room = capacity - first;
  let used = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const w = charWidth(c);
    if (used + w > room + 1e-6) {
      if (HANGING.has(c)) {
        // Word, WPS and LibreOffice let a closing mark hang past the margin rather than break before it.
        if (i + 1 < chars.length) {
          lines++;
          room = capacity - rest;
          used = 0;
        }
        continue;
      }
      // Break before c; a mark that may not start a line, or one that may not end it, moves a character down.
      if (NO_LINE_START.has(c) && i > 0) i--;
      else if (i > 0 && NO_LINE_END.has(chars[i - 1]!)) i--;
      lines++;
      room = capacity - rest;
      used = charWidth(chars[i]!);
      continue;
    }
    used += w;
  }
  return lines;
}

// Made on first use: creating a Chinese word segmenter loads ICU's dictionary (about 100 ms), which a check never needs.
let segmenter: Intl.Segmenter | null | undefined;
const wordSegmenter = () =>
  segmenter === undefined
    ? (segmenter =
        typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('zh', { granularity: 'word' }) : null)
    : segmenter;

/** Splits a title into units that must stay on one line: words, 《…》 and “…” spans, and the given names. */
export function titleUnits(title: string, names: readonly string[] = []): string[] {
  // Protected spans first: names, book titles, quotations.
  const spans: Array<[number, number]> = [];
  const protect = (s: number, e: number) => {
    if (e > s) spans.push([s, e]);
  };
  for (const n of names) {
    if (n.length < 2) continue;
    for (let i = title.indexOf(n); i >= 0; i = title.indexOf(n, i + n.length)) protect(i, i + n.length);
  }
  for (const re of [
    /《[^《》]*》/g,
    /“[^“”]*”/g,
    /（[^（）]*）/g,
    /〔\d+〕\d+号/g,
    /\d+(?:年|月|日|号|次|届|周年)?/g,
  ]) {
    for (let m = re.exec(title); m; m = re.exec(title)) protect(m.index, m.index + m[0].length);
  }
  const breaks = new Set<number>();
  const seg = wordSegmenter();
  if (seg) for (const s of seg.segment(title)) breaks.add(s.index);
  else for (let i = 0; i < title.length; i++) breaks.add(i);
  breaks.add(title.length);
  for (const [s, e] of spans) for (let i = s + 1; i < e; i++) breaks.delete(i);
  const cuts = [...breaks].filter((i) => i > 0).sort((a, b) => a - b);
  const units: string[] = [];
  let prev = 0;
  for (const c of cuts) {
    units.push(title.slice(prev, c));
    prev = c;
  }
  return units;
}

/** Single characters that end a name (某某|市, 人民|政府) or bind to the next word: a break next to them splits a name. */
const BOUND_SUFFIX =
  /^(省|市|县|区|州|盟|旗|乡|镇|村|局|厅|委|办|部|署|院|会|处|科|所|站|中心|政府|办公室|办公厅|委员会|管理局|人民政府)$/;

const HEAD_NOUN = /^(方案|计划|规划|纲要|办法|意见|条例|规定|细则|要点|制度|机制|体系|规则|决定|通知|报告)$/;

/**
 * Breaks a 标题 into lines of at most `max` characters, never inside a word, a name or a 《》 span, avoiding lines
 * that end in 的/关于/和 and preferring a 梯形 or 菱形 outline over a rectangle or an hourglass (GB/T 9704-2012 7.3.1, which leaves the exact shape open).
 */
export function breakTitle(title: string, max: number, names: readonly string[] = []): string[] {
  const t = title.replace(/[\s\u3000]+/g, '');
  if (textWidth(t) <= max) return [t];
  const units = titleUnits(t, names);
  const widths = units.map(textWidth);
  const total = widths.reduce((a, b) => a + b, 0);
  let best: { lines: string[]; cost: number } | undefined;
  const minLines = Math.ceil(total / max);
  for (let k = minLines; k <= Math.min(minLines + 1, 5); k++) {
    const choose = (start: number, left: number, acc: number[]): void => {
      if (left === 1) {
        const w = widths.slice(start).reduce((a, b) => a + b, 0);
        if (w > max || w === 0) return;
        const cuts = [...acc, units.length];
        const lines: string[] = [];
        let p = 0;
        for (const c of cuts) {
          lines.push(units.slice(p, c).join(''));
          p = c;
        }
        const cost = titleCost(lines, units, cuts, max);
        if (!best || cost < best.cost) best = { lines, cost };
        return;
      }
      let w = 0;
      for (let i = start; i < units.length - 1; i++) {
        w += widths[i]!;
        if (w > max) break;
        choose(i + 1, left - 1, [...acc, i + 1]);
      }
    };
    if (units.length <= 60) choose(0, k, []);
  }
  if (best) return best.lines;
  // A unit longer than a line (a very long name): fall back to plain wrapping.
  const out: string[] = [];
  let line = '';
  for (const c of t) {
    if (textWidth(line + c) > max) {
      out.push(line);
      line = '';
    }
    line += c;
  }
  if (line) out.push(line);
  return out;
}

function titleCost(lines: string[], units: string[], cuts: number[], max: number): number {
  const w = lines.map(textWidth);
  const k = w.length;
  const avg = w.reduce((a, b) => a + b, 0) / k;
  let cost = w.reduce((a, x) => a + (x - avg) ** 2, 0) * 0.05;
  cost += (k - 1) * 10; // fewer lines first
  for (let i = 0; i < k - 1; i++) {
    const line = lines[i]!;
    if (/(的|关于|和|与|及|对|在|为|等)$/.test(line)) cost += 40;
    const before = units[cuts[i]! - 1]!;
    const after = units[cuts[i]!]!;
    if (BOUND_SUFFIX.test(after)) cost += 60;
    // A document name ends in its kind (行动|方案): keep the two together. A break before 关于 is the classic one.
    if (HEAD_NOUN.test(after)) cost += 12;
    if (after.startsWith('关于')) cost -= 8;
    if (before.length === 1 && !/[的和与及、]/.test(before) && after.length === 1) cost += 15;
  }
  if (w[k - 1]! < 3) cost += 30;
  if (k >= 2 && w.every((x) => Math.abs(x - w[0]!) < 0.5)) cost += 25; // rectangle
  if (k >= 3) {
    for (let i = 1; i < k - 1; i++) if (w[i]! < w[i - 1]! && w[i]! < w[i + 1]!) cost += 35; // hourglass
  }
  if (w.some((x) => x > max)) cost += 1000;
  return cost;
}
