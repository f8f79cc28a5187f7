import type { Range } from '../document/types.js';

// URLs, e-mail addresses and file paths are not prose: no text rule may report inside them.
const URL_RE =
  /\b(?:https?|ftp):\/\/[^\s\u3000-\u303f\uff00-\uffef"'<>（）《》“”]+|\bwww\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s\u3000-\u303f\uff00-\uffef"'<>（）《》“”]*/g;
const TLDS = ['gov', 'com', 'org', 'net', 'edu'];

const isLabel = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d;
const isWord = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
// [A-Za-z0-9._%+-]: the characters of the part of an e-mail address before the @.
const isLocal = (c: number) => isLabel(c) || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b;
// [^\s\u3000-\u303f\uff00-\uffef]: what a path after a domain may hold.
const PATH_STOP = /[\s\u3000-\u303f\uff00-\uffef]/;

/** End of `label(.label)+` from `at` (the greedy match), or -1 when there are fewer than two labels. */
function domainEnd(text: string, at: number): number {
  let e = at;
  let labels = 0;
  let good = -1;
  for (;;) {
    let q = e;
    while (q < text.length && isLabel(text.charCodeAt(q))) q++;
    if (q === e) break;
    if (++labels >= 2) good = q;
    if (text.charCodeAt(q) !== 0x2e) break;
    e = q + 1;
  }
  return good;
}

/**
 * E-mail addresses, as /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g finds them, in one pass: anchored on
 * each @ and grown to both sides. (The regex tries every start in a long run of letters: quadratic.)
 */
function findEmails(text: string, out: Span[]): void {
  let prevEnd = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at < prevEnd) continue;
    let s = at;
    while (s > prevEnd && isLocal(text.charCodeAt(s - 1))) s--;
    if (s === at) continue;
    const e = domainEnd(text, at + 1);
    if (e < 0) continue;
    out.push([s, e]);
    prevEnd = e;
  }
}

const WELL_KNOWN_RE = /\.(?:gov|com|org|net|edu)/g;

/**
 * Domain names with a well-known top-level domain (and a path after them), as
 * /\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:gov|com|org|net|edu)(?:\.cn)?\b(?:\/[^\s\u3000-\u303f\uff00-\uffef]*)?/g finds
 * them: each chain of labels is read once and ends at its last well-known domain. Every match holds one of the
 * well-known endings inside its run of labels and dots, so only the runs around those endings are walked.
 */
function findDomains(text: string, out: Span[]): void {
  const n = text.length;
  const boundary = (p: number) => (p > 0 && isWord(text.charCodeAt(p - 1))) !== (p < n && isWord(text.charCodeAt(p)));
  // The chain starting at `i` if one does (pushed when it ends in a well-known domain); the next position to look at.
  const chainAt = (i: number): number => {
    if (!isLabel(text.charCodeAt(i)) || !boundary(i)) return i + 1;
    const p = i;
    const dots: number[] = [];
    let c = p;
    for (;;) {
      while (c < n && isLabel(text.charCodeAt(c))) c++;
      if (c + 1 < n && text.charCodeAt(c) === 0x2e && isLabel(text.charCodeAt(c + 1))) {
        dots.push(c);
        c++;
      } else break;
    }
    let end = -1;
    for (let k = dots.length - 1; k >= 0 && end < 0; k--) {
      const d = dots[k]!;
      for (const tld of TLDS) {
        if (!text.startsWith(tld, d + 1)) continue;
        const t = d + 1 + tld.length;
        if (text.startsWith('.cn', t) && boundary(t + 3)) end = t + 3;
        else if (boundary(t)) end = t;
        break;
      }
    }
    if (end < 0) return c;
    if (text.charCodeAt(end) === 0x2f) {
      end++;
      while (end < n && !PATH_STOP.test(text[end]!)) end++;
    }
    out.push([p, end]);
    return end;
  };
  let i = 0;
  WELL_KNOWN_RE.lastIndex = 0;
  for (let m = WELL_KNOWN_RE.exec(text); m; m = WELL_KNOWN_RE.exec(text)) {
    const d = m.index;
    if (d < i) continue;
    // Back to the start of the run of labels and dots holding this ending (runs before it hold no match).
    let s = d;
    while (s > i && (isLabel(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) === 0x2e)) s--;
    i = s;
    while (i <= d) i = chainAt(i);
    if (WELL_KNOWN_RE.lastIndex < i) WELL_KNOWN_RE.lastIndex = i;
  }
}

/** A range this module makes and may still change. */
type Span = [start: number, end: number];

export function findProtectedRanges(text: string): Range[] {
  const found: Span[] = [];
  // Every URL the expression finds holds `://` or `www.`: a text with neither (most) is not scanned by it.
  if (text.includes('://') || text.includes('www.')) {
    URL_RE.lastIndex = 0;
    for (let m = URL_RE.exec(text); m; m = URL_RE.exec(text)) found.push([m.index, m.index + m[0].length]);
  }
  findEmails(text, found);
  findDomains(text, found);
  for (const r of found) {
    // A sentence-final ASCII dot or comma is punctuation, not part of the address.
    while (r[1] > r[0] && /[.,;:!?)\]]/.test(text[r[1] - 1]!)) r[1]--;
  }
  // Merged where they are, not copied: a line of megabytes of addresses holds a million of them, and each copy some
  // 64 bytes a range (8 MB of e-mail addresses on one line peaked at 325 MB with three copies).
  return mergeInPlace(found);
}

/** `ranges` sorted, and those that overlap or touch merged, in the same array (its ranges are changed). */
function mergeInPlace(ranges: Span[]): Span[] {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let n = 0;
  for (const r of ranges) {
    const last = n ? ranges[n - 1]! : undefined;
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else ranges[n++] = r;
  }
  ranges.length = n;
  return ranges;
}

/** The ranges sorted and merged where they overlap or touch, in a new array (`ranges` is left as it is). */
export function mergeRanges(ranges: Range[]): Range[] {
  return mergeInPlace(ranges.map(([s, e]): Span => [s, e]));
}
