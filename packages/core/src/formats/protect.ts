import type { Range } from '../document/types.js';

// URLs, e-mail addresses and file paths are not prose: no text rule may report inside them.
const URL_RE = /\b(?:https?|ftp):\/\/[^\s\u3000-\u303f\uff00-\uffef"'<>（）《》“”]+|\bwww\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s\u3000-\u303f\uff00-\uffef"'<>（）《》“”]*/g;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const DOMAIN_RE = /\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:gov|com|org|net|edu)(?:\.cn)?\b(?:\/[^\s\u3000-\u303f\uff00-\uffef]*)?/g;

export function findProtectedRanges(text: string): Range[] {
  const out: Range[] = [];
  for (const re of [URL_RE, EMAIL_RE, DOMAIN_RE]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let end = m.index + m[0].length;
      // A sentence-final ASCII dot or comma is punctuation, not part of the address.
      while (end > m.index && /[.,;:!?)\]]/.test(text[end - 1]!)) end--;
      out.push([m.index, end]);
    }
  }
  return mergeRanges(out);
}

export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
