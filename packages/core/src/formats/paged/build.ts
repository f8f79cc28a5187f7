import type { Block, BlockFormat, GovDocument, RunFormat, SourceMap, SourcePosition } from '../../document/types.js';
import { isRedHex } from '../docx/roles.js';
import { DocumentError } from '../errors.js';
import type { PagedLayoutInfo, PagedLine, PagedPage, PagedRun, PagedSource } from './types.js';

/** CJK characters, CJK punctuation and full-width forms: lines and runs of these join without a space. */
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f\u2014\u2026\u201c\u201d\u2018\u2019]/;
/** Page numbers as printed: `— 1 —`, `- 1 -`, `1`, `第 1 页`, `第1页 共3页`. */
export const PAGE_NUMBER_RE =
  /^(?:[—–\-－─―]{0,2}\s*\d{1,4}\s*[—–\-－─―]{0,2}|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?)$/;
export const NO_TEXT_LAYER = '没有文字层，需先进行文字识别（OCR）';

interface Line {
  page: number;
  y: number;
  x0: number;
  x1: number;
  size: number;
  text: string;
  /** Run formats relative to the line's text. */
  runs: RunFormat[];
  kind: 'body' | 'header' | 'footer';
  pageNumber: boolean;
}

const isCjk = (c: string | undefined) => c !== undefined && CJK.test(c);

function stripSubset(font: string | undefined): string | undefined {
  if (!font) return undefined;
  return font.replace(/^[A-Z]{6}\+/, '');
}

/**
 * The runs less those printed again over an earlier one: the same text at the same size within a fifth of it across and
 * down. A template layer drawn twice (OFD corpus zsbk.ofd: every label of its form twice, so `工程名称：` read as
 * `工工程程名名称称：：`) or text made bold by printing it twice a hair apart is one text on paper. Looked up by cells of
 * that size (the text and size in the key), so a page of many runs stays linear.
 */
function withoutOverprints(runs: PagedRun[]): PagedRun[] {
  const kept: PagedRun[] = [];
  const cells = new Map<string, PagedRun>();
  for (const r of runs) {
    const near = 0.2 * r.size;
    const cx = Math.floor(r.x / near);
    const cy = Math.floor(r.y / near);
    let again = false;
    for (let i = -1; i <= 1 && !again; i++)
      for (let j = -1; j <= 1 && !again; j++) {
        const k = cells.get(`${r.size}|${cx + i}|${cy + j}|${r.text}`);
        again = k !== undefined && Math.abs(k.x - r.x) <= near && Math.abs(k.y - r.y) <= near;
      }
    if (again) continue;
    kept.push(r);
    // One run a cell: two in a cell are within `near` of each other, so a second one is never kept.
    cells.set(`${r.size}|${cx}|${cy}|${r.text}`, r);
  }
  return kept;
}

/** The runs of one page grouped into printed lines, top to bottom, each left to right. */
function pageLines(page: PagedPage, index: number): Line[] {
  const runs = withoutOverprints(page.runs.filter((r) => r.text.trim() !== '' && r.size > 0));
  runs.sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: PagedRun[][] = [];
  let cur: PagedRun[] = [];
  let curY = Number.NaN;
  let curSize = 0;
  for (const r of runs) {
    // Runs on one baseline, allowing for sub- and superscripts and renderers' rounding.
    if (cur.length && Math.abs(r.y - curY) <= 0.4 * Math.max(curSize, r.size)) {
      cur.push(r);
      if (r.size > curSize) {
        curSize = r.size;
        curY = r.y;
      }
    } else {
      if (cur.length) groups.push(cur);
      cur = [r];
      curY = r.y;
      curSize = r.size;
    }
  }
  if (cur.length) groups.push(cur);
  const out: Line[] = [];
  for (const g of groups) {
    g.sort((a, b) => a.x - b.x);
    let text = '';
    const fmts: RunFormat[] = [];
    let size = 0;
    let y = g[0]!.y;
    let end = Number.NEGATIVE_INFINITY;
    for (const r of g) {
      const t = r.text.replace(/[\r\n\t]/g, ' ');
      if (text) {
        const gap = r.x - end;
        const prev = text[text.length - 1];
        const next = t[0];
        // A wide gap is a real separation (a tab, two fields on a line); a narrow one only between Latin words.
        const wide = gap > 1.5 * Math.max(r.size, size);
        const latin = gap > 0.2 * r.size && !isCjk(prev) && !isCjk(next) && prev !== ' ' && next !== ' ';
        if (wide || latin) text += ' ';
      }
      const start = text.length;
      text += t;
      const f: RunFormat = { start, end: text.length, sizePt: round2(r.size) };
      const font = stripSubset(r.font);
      if (font) {
        f.font = font;
        f.fontEastAsia = font;
        if (/bold|black|heavy|[-_]B$/i.test(font)) f.bold = true;
      }
      if (r.color) f.color = r.color.replace(/^#/, '').toUpperCase();
      fmts.push(f);
      if (r.size > size) {
        size = r.size;
        y = r.y;
      }
      end = Math.max(end, r.x + r.width);
    }
    out.push({
      page: index,
      y,
      x0: g[0]!.x,
      x1: end,
      size,
      text: text.trim() === text ? text : text.replace(/\s+$/, ''),
      runs: fmts,
      kind: 'body',
      pageNumber: false,
    });
  }
  return out;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const r2 = round2;

/**
 * The smallest (or largest) value, rounded to a point, that at least `need` of the values share: the body's left edge is
 * where continuation lines start (first lines are indented, centred and right-aligned lines are few), its right edge
 * where full lines end.
 */
function sharedExtreme(values: number[], need: number, largest: boolean): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) {
    const k = Math.round(v);
    // Renderers place the same edge within a point: count a value for its neighbours too.
    for (const j of [k - 1, k, k + 1]) counts.set(j, (counts.get(j) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [k, n] of counts) {
    if (n < need) continue;
    if (best === undefined || (largest ? k > best : k < best)) best = k;
  }
  if (best === undefined) return undefined;
  // The edge itself: the mean of the values within a point of it.
  const near = values.filter((v) => Math.abs(v - best!) <= 1.5);
  return near.length ? near.reduce((a, b) => a + b, 0) / near.length : best;
}

function mode(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  let best: number | undefined;
  let bestN = 0;
  for (const v of values) {
    const k = Math.round(v);
    const n = (counts.get(k) ?? 0) + 1;
    counts.set(k, n);
    if (n > bestN || (n === bestN && best !== undefined && k < best)) {
      best = k;
      bestN = n;
    }
  }
  return best;
}

/** A key under which the same header or footer on different pages compares equal (page numbers differ). */
const repeatKey = (t: string) => t.replace(/\d+/g, '#').replace(/\s+/g, '');

/**
 * Page numbers, running headers and running footers, by where they print: a page number is the last (or first) line
 * of a page, in the outer 15% of its height, and looks like one; a running header or footer repeats at the top or
 * bottom of most pages.
 */
function markMargins(pages: Line[][], heights: number[]): void {
  const topCount = new Map<string, number>();
  const bottomCount = new Map<string, number>();
  for (let p = 0; p < pages.length; p++) {
    const lines = pages[p]!;
    const h = heights[p]!;
    if (!lines.length) continue;
    const last = lines[lines.length - 1]!;
    const first = lines[0]!;
    const compact = (t: string) => t.replace(/\s+/g, '');
    if (last.y > 0.85 * h && PAGE_NUMBER_RE.test(compact(last.text))) {
      last.kind = 'footer';
      last.pageNumber = true;
    } else if (first.y < 0.15 * h && PAGE_NUMBER_RE.test(compact(first.text)) && lines.length > 1) {
      first.kind = 'header';
      first.pageNumber = true;
    }
    for (const l of lines) {
      if (l.y < 0.1 * h) topCount.set(repeatKey(l.text), (topCount.get(repeatKey(l.text)) ?? 0) + 1);
      else if (l.y > 0.9 * h) bottomCount.set(repeatKey(l.text), (bottomCount.get(repeatKey(l.text)) ?? 0) + 1);
    }
  }
  if (pages.length < 2) return;
  const enough = Math.max(2, Math.ceil(pages.length / 2));
  for (let p = 0; p < pages.length; p++) {
    const h = heights[p]!;
    for (const l of pages[p]!) {
      if (l.kind !== 'body') continue;
      if (l.y < 0.1 * h && (topCount.get(repeatKey(l.text)) ?? 0) >= enough) l.kind = 'header';
      else if (l.y > 0.9 * h && (bottomCount.get(repeatKey(l.text)) ?? 0) >= enough) l.kind = 'footer';
    }
  }
}

interface Para {
  lines: Line[];
  kind: 'body' | 'header' | 'footer';
  centered: boolean;
}

function ruleBetween(page: PagedPage, from: number, to: number): boolean {
  for (const r of page.rules) if (r.y1 > from && r.y1 < to) return true;
  return false;
}

/**
 * The 发文机关标志 by its print: among the first blocks of page 1, before anything in body size, one line (or two)
 * printed larger than a title (GB/T 9704-2012 7.2.4 leaves its size to the organ; titles are 二号, 22 pt) and either
 * printed red (7.2.4) or ending in 文件 or 令 (one printed black is still one, and said so). Its words vary (an organ's
 * name alone in a 信函), so the size and colour tell it where the words cannot. A large black line of other words is
 * a title printed large (OFD corpus: 拿来主义, 立案决定书), not a 版头 missing its 发文字号.
 */
function markIssuer(blocks: Block[], paras: Para[]): void {
  for (let i = 0; i < Math.min(3, paras.length); i++) {
    const p = paras[i]!;
    if (p.lines[0]!.page !== 0 || p.lines.length > 2) return;
    if (p.lines[0]!.size >= 24) {
      const ink = p.lines.flatMap((l) => l.runs.map((r) => [r.end - r.start, isRedHex(r.color)] as const));
      const red = ink.reduce((n, [len, isRed]) => n + (isRed ? len : 0), 0);
      const all = ink.reduce((n, [len]) => n + len, 0);
      const words = p.lines
        .map((l) => l.text)
        .join('')
        .replace(/\s+/g, '');
      if (red * 2 > all || /(文件|令)$/.test(words)) blocks[i]!.role = 'issuer-mark';
      return;
    }
  }
}

/** Joins two printed lines of one paragraph: nothing between CJK text, a space between Latin words. */
function joiner(a: string, b: string): string {
  const x = a[a.length - 1];
  const y = b[0];
  if (isCjk(x) || isCjk(y) || x === '-' || x === ' ' || y === ' ') return '';
  return ' ';
}

/**
 * Builds the GovDocument of a fixed-layout document: lines from runs, paragraphs from lines (a first-line indent, a
 * short previous line, a wider gap, a change of size or a centred line starts a new one; a paragraph runs on over a
 * page break when the page's last line is full and the next page's first is not indented), headers, footers and page
 * numbers set apart as in a Word file's blocks.
 */
export function pagedDocument(src: PagedSource): GovDocument {
  const pages = src.pages.map((p, i) => pageLines(p, i));
  markMargins(
    pages,
    src.pages.map((p) => p.height),
  );
  const body = pages.flat().filter((l) => l.kind === 'body');
  if (!body.length) {
    throw new DocumentError('no-text-layer', `${NO_TEXT_LAYER} / no text layer (scanned or image-only), OCR it first`);
  }
  // Body edges and pitch from the lines themselves: the usual start, the usual end of full lines, the usual step.
  const need = Math.max(2, Math.ceil(body.length * 0.05));
  const left = r2(
    sharedExtreme(
      body.map((l) => l.x0),
      need,
      false,
    ) ?? Math.min(...body.map((l) => l.x0)),
  );
  // Full lines end at one x; a line ending in punctuation may report a wider advance, so the usual end of the long
  // lines is taken, not the largest.
  const maxX1 = Math.max(...body.map((l) => l.x1));
  const right = r2(mode(body.filter((l) => l.x1 > left + 0.75 * (maxX1 - left)).map((l) => l.x1)) ?? maxX1);
  const steps: number[] = [];
  for (let i = 1; i < body.length; i++) {
    const a = body[i - 1]!;
    const b = body[i]!;
    if (a.page === b.page && Math.abs(a.size - b.size) < 0.5 && b.y > a.y) steps.push(b.y - a.y);
  }
  const pitch = steps.length ? mode(steps.map((s) => s * 10))! / 10 : undefined;
  const mid = (left + right) / 2;
  const centered = (l: Line) =>
    l.x0 > left + l.size * 0.3 &&
    l.x1 < right - l.size * 0.3 &&
    Math.abs((l.x0 + l.x1) / 2 - mid) < Math.max(l.size * 0.5, 4);
  // A full line reaches the right edge from the left edge or a first-line indent (a right-aligned date does not).
  const full = (l: Line) => l.x1 >= right - l.size * 1.2 && l.x0 <= left + l.size * 2.5;
  const indented = (l: Line) => l.x0 > left + l.size * 0.8;

  const paras: Para[] = [];
  const margins: Para[] = [];
  let prev: Line | undefined;
  let para: Para | undefined;
  for (const lines of pages) {
    for (const l of lines) {
      if (l.kind !== 'body') {
        margins.push({ lines: [l], kind: l.kind, centered: false });
        continue;
      }
      const c = centered(l);
      let join = false;
      if (para && prev) {
        const samePage = prev.page === l.page;
        const gap = samePage ? l.y - prev.y : 0;
        const step = pitch ?? prev.size * 1.5;
        const sameSize = Math.abs(prev.size - l.size) < 0.5;
        // A rule drawn between two lines (版记 lines, the 分隔线) always ends a paragraph.
        const ruled = samePage && ruleBetween(src.pages[l.page]!, prev.y, l.y - l.size);
        if (c && para.centered) join = sameSize && samePage && gap < Math.max(step, prev.size * 1.2) * 1.6;
        else
          join =
            !c &&
            !ruled &&
            !para.centered &&
            sameSize &&
            !indented(l) &&
            full(prev) &&
            (!samePage || gap < step * 1.6) &&
            (samePage || l.page === prev.page + 1);
      }
      if (join && para) para.lines.push(l);
      else {
        para = { lines: [l], kind: 'body', centered: c };
        paras.push(para);
      }
      prev = l;
    }
  }

  let text = '';
  const blocks: Block[] = [];
  const infoLines: PagedLine[] = [];
  const lineStarts: number[] = [];
  const lineOf: Line[] = [];
  const pageLineNo = new Map<Line, number>();
  for (const lines of pages) lines.forEach((l, i) => pageLineNo.set(l, i + 1));
  const emit = (p: Para) => {
    if (text) text += '\n';
    const start = text.length;
    const runs: RunFormat[] = [];
    p.lines.forEach((l, i) => {
      if (i > 0) text += joiner(text, l.text);
      const ls = text.length;
      lineStarts.push(ls);
      lineOf.push(l);
      text += l.text;
      for (const r of l.runs) runs.push({ ...r, start: r.start + ls, end: r.end + ls });
      infoLines.push({
        page: l.page,
        pageLine: pageLineNo.get(l)!,
        y: round2(l.y),
        x0: round2(l.x0),
        x1: round2(l.x1),
        size: round2(l.size),
        start: ls,
        end: text.length,
        block: blocks.length,
      });
    });
    const first = p.lines[0]!;
    const format: BlockFormat = {
      alignment: p.centered
        ? 'center'
        : p.kind === 'body' && first.x0 > mid && full(first)
          ? 'right'
          : p.lines.length > 1
            ? 'both'
            : 'left',
      runs,
      container: p.kind === 'body' ? 'body' : p.kind,
    };
    if (p.kind === 'body' && !p.centered && first.size > 0) {
      format.firstLineIndentChars = round2((first.x0 - left) / first.size);
    }
    if (pitch !== undefined && p.lines.length > 1) format.lineSpacingPt = pitch;
    const block: Block = {
      index: blocks.length,
      kind: p.kind === 'body' ? 'paragraph' : p.kind,
      range: [start, text.length],
      format,
      source: { page: first.page + 1, pageLine: pageLineNo.get(first)!, y: round2(first.y), x: round2(first.x0) },
    };
    if (p.lines[0]!.pageNumber) {
      block.role = 'page-number';
      format.pageField = true;
    } else if (p.kind !== 'body') block.role = 'header-footer';
    blocks.push(block);
  };
  for (const p of paras) emit(p);
  const bodyBlocks = blocks.length;
  markIssuer(blocks, paras);
  for (const p of margins) emit(p);

  // Printed lines in the order they were emitted: their starts are ascending, so a binary search finds an offset's.
  const lineIndex = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const m = (lo + hi + 1) >> 1;
      if (lineStarts[m]! <= offset) lo = m;
      else hi = m - 1;
    }
    return lo;
  };
  const sourceMap: SourceMap = {
    position(offset: number): SourcePosition {
      if (!lineStarts.length) return { line: 1, column: 1 };
      const i = lineIndex(offset);
      const l = lineOf[i]!;
      const col = Math.min(offset - lineStarts[i]!, l.text.length) + 1;
      return { line: i + 1, column: Math.max(1, col), page: l.page + 1, pageLine: pageLineNo.get(l)! };
    },
    lineText(line: number): string {
      return lineOf[line - 1]?.text ?? '';
    },
  };
  const info: PagedLayoutInfo = {
    format: src.format,
    pages: src.pages.map((p, i) => ({
      width: round2(p.width),
      height: round2(p.height),
      rules: p.rules,
      images: p.images,
      hasText: pages[i]!.length > 0,
    })),
    lines: infoLines,
    left,
    right,
    ...(pitch !== undefined ? { pitch } : {}),
  };
  const doc: GovDocument = {
    format: src.format,
    text,
    blocks,
    sourceMap,
    protectedRanges: [],
    extra: { paged: info, bodyBlocks },
  };
  const blank = info.pages.flatMap((p, i) => (!p.hasText && p.images > 0 ? [i + 1] : []));
  if (blank.length) {
    doc.notices = [
      {
        code: 'no-text-layer',
        message: `第 ${blank.join('、')} 页没有文字层（扫描或图片），未经检查，需先进行文字识别（OCR） / page(s) ${blank.join(', ')} have no text layer and were not checked`,
      },
    ];
  }
  return doc;
}
