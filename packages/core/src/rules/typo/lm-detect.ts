import { DEFAULT_MIN_FREQUENCY, indexFor, pairKey } from './homophone-index.js';
import {
  blankHash,
  blankSum,
  hashUnits,
  type LanguageModel,
  LEXICON_PAIR,
  NEAR_SOUND,
  normUnit,
  SAME_SOUND,
  SIMILAR_SHAPE,
} from './lm-model.js';

/** One proposed correction of one character, with what the decision is made from. */
export interface TypoCandidate {
  /** Offset of the character in the text. */
  index: number;
  /** The character and the proposed one. */
  from: string;
  to: string;
  /** SAME_SOUND | NEAR_SOUND | SIMILAR_SHAPE | LEXICON_PAIR bits. */
  kinds: number;
  /** ln P of the window with the proposal minus with the text (the model's gain). */
  gain: number;
  /** The proposal completes a four-character word of the dictionary that the text's characters do not form. */
  word4?: string;
  /** The text's four characters where `word4` would stand. */
  text4?: string;
  /** The proposal forms a two- or three-character word with a neighbour; the text's character forms none. */
  wordGain: boolean;
  /** The text's character forms a two- or three-character word with a neighbour. */
  inWord: boolean;
  /** How many of the character's neighbour pairs the training text never saw (0 to 2). */
  unseen: number;
}

const isHan = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
// Characters a proposal never replaces or introduces: function words and numerals carry little evidence in a
// four-unit window and are where a character model is most often wrong.
const NEVER = new Uint8Array(65536);
for (const c of '的地得了着过是在和与及或并而之其以于为对把被从向由这那有无不也都就又还很最更所等个们一二三四五六七八九十百千万亿零两上下大小已给可要会能将')
  NEVER[c.charCodeAt(0)] = 1;

/** Scratch for the windows scored and the four-character words tried. */
const buf = new Uint16Array(7);
const w4 = new Uint16Array(4);

/** ln P of buf[k..end) given what precedes it in buf (the window around a position). */
function windowScore(lm: LanguageModel, k: number, end: number): number {
  let s = 0;
  for (let j = k; j < end; j++) s += lm.logProb(buf, 0, j);
  return s;
}

/**
 * Proposals for the characters of `text` that the model finds unlikely: a cheap pass marks characters with a
 * neighbour pair never seen in training; only those are scored, with each confusion candidate that makes both
 * neighbour pairs seen. Protected: text inside 《》, next to digits and Latin letters, and `skip` ranges.
 * Linear in the text: at most 64 candidates, each a fixed number of look-ups, per marked character. Only proposals
 * with dictionary evidence (a word formed) are scored, unless `all` (for measuring).
 */
export function findTypoCandidates(
  lm: LanguageModel,
  text: string,
  skip?: (i: number) => boolean,
  minFreq = DEFAULT_MIN_FREQUENCY,
  all = false,
): TypoCandidate[] {
  const out: TypoCandidate[] = [];
  const words = indexFor(minFreq)?.words;
  const len = text.length;
  // Whether `c` at i makes a word of two or three units with its neighbours (the text's units around it).
  const formsWord = (i: number, c: number) => {
    if (!words) return false;
    const p2 = i >= 2 ? text.charCodeAt(i - 2) : 0;
    const p1 = i >= 1 ? text.charCodeAt(i - 1) : 0;
    const n1 = i + 1 < len ? text.charCodeAt(i + 1) : 0;
    const n2 = i + 2 < len ? text.charCodeAt(i + 2) : 0;
    const h1 = isHan(p1);
    const h2 = h1 && isHan(p2);
    const g1 = isHan(n1);
    const g2 = g1 && isHan(n2);
    return (
      (h1 && words.get(0, pairKey(p1, c)) >= 0) ||
      (g1 && words.get(0, pairKey(c, n1)) >= 0) ||
      (h2 && words.get(p2, pairKey(p1, c)) >= 0) ||
      (h1 && g1 && words.get(p1, pairKey(c, n1)) >= 0) ||
      (g2 && words.get(c, pairKey(n1, n2)) >= 0)
    );
  };
  let title = 0;
  // Whether the pair (i, i+1) was seen; computed once per pair as the scan moves on.
  let prevSeen = true;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x300a) title++;
    else if (c === 0x300b) title = Math.max(0, title - 1);
    else if (c === 0x0a) title = 0;
    const next = i + 1 < len ? text.charCodeAt(i + 1) : 0x0a;
    const nextSeen = !isHan(c) || !isHan(next) || lm.seenPair(c, next);
    const leftSeen = prevSeen;
    prevSeen = nextSeen;
    if (leftSeen && nextSeen) continue;
    if (!isHan(c) || NEVER[c] || title > 0 || (skip && skip(i))) continue;
    const prev = i > 0 ? text.charCodeAt(i - 1) : 0x0a;
    const pn = normUnit(prev);
    const nn = normUnit(next);
    if (pn === 0x30 || pn === 0x61 || nn === 0x30 || nn === 0x61) continue;
    const conf = lm.confusions(c);
    if (!conf) continue;
    // The window: up to three units either side within the line.
    let s = i;
    while (s > i - 3 && s > 0 && !isLineBreak(text.charCodeAt(s - 1))) s--;
    let e = i + 1;
    while (e < i + 4 && e < len && !isLineBreak(text.charCodeAt(e))) e++;
    for (let p = s; p < e; p++) buf[p - s] = normUnit(text.charCodeAt(p));
    const k = i - s;
    let base = Number.NaN;
    const inWord = formsWord(i, c);
    // A character that makes a word with a neighbour is left to the four-character pass.
    if (inWord && !all) continue;
    const { candidates, kinds } = conf;
    for (let q = 0; q < candidates.length; q++) {
      const d = candidates[q]!;
      if (NEVER[d]) continue;
      // Cheap filter: the proposal must fit both neighbours as the training text saw them.
      if (i > 0 && isHan(prev) && !lm.seenPair(prev, d)) continue;
      if (i + 1 < len && isHan(next) && !lm.seenPair(d, next)) continue;
      // Evidence from the dictionary first (cheap); the model scores only proposals that have some.
      const wordGain = !inWord && formsWord(i, d);
      if (!wordGain && !all) continue;
      if (Number.isNaN(base)) base = windowScore(lm, k, e - s);
      buf[k] = d;
      const gain = windowScore(lm, k, e - s) - base;
      buf[k] = c;
      out.push({
        index: i,
        from: text[i]!,
        to: String.fromCharCode(d),
        kinds: kinds[q]!,
        gain,
        wordGain,
        inWord,
        unseen: (leftSeen ? 0 : 1) + (nextSeen ? 0 : 1),
      });
    }
  }
  wordCandidates(lm, text, out, skip, formsWord);
  return out;
}

const isLineBreak = (c: number) => c === 0x0a || c === 0x0d;

/**
 * Four-character words with one character wrong (三令五伸 → 三令五申): every window of four Han characters that is not a
 * word is looked up with each character blanked; a word of the dictionary that fills the blank with a same-sound,
 * near-sound or similar-shape character of the text's one is a proposal. A bit filter rejects nearly every window
 * with four reads. The scan is separate from the pair pass, since a wrong character inside a set phrase often makes
 * pairs that occur elsewhere (扬广, 广大 in 发扬广大).
 */
export function wordCandidates(
  lm: LanguageModel,
  text: string,
  out: TypoCandidate[],
  skip: ((i: number) => boolean) | undefined,
  formsWord: (i: number, c: number) => boolean,
): void {
  const len = text.length;
  let run = 0;
  let title = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x300a) title++;
    else if (c === 0x300b) title = Math.max(0, title - 1);
    else if (c === 0x0a) title = 0;
    run = isHan(c) ? run + 1 : 0;
    if (run < 4 || title > 0) continue;
    const ws = i - 3;
    const sum = blankSum(text.charCodeAt(ws), text.charCodeAt(ws + 1), text.charCodeAt(ws + 2), c);
    for (let k = 0; k < 4; k++) {
      const at = ws + k;
      const orig = text.charCodeAt(at);
      const h = blankHash(sum, orig, k);
      if (!lm.mayBlank(h)) continue;
      const fills = lm.fillers(h);
      if (!fills.length) continue;
      // The window is a word itself: nothing to propose in it.
      if (fills.indexOf(orig) >= 0) break;
      if (NEVER[orig] || (skip && skip(at))) continue;
      for (let p = 0; p < 4; p++) w4[p] = normUnit(text.charCodeAt(ws + p));
      // Four characters the published documents use (法治建设 beside the dictionary's 法制建设) are not a slip.
      if (lm.lookup(hashUnits(w4, 0, 4)) >= 0) continue;
      const pl = at > 0 ? text.charCodeAt(at - 1) : 0x0a;
      const pr = at + 1 < len ? text.charCodeAt(at + 1) : 0x0a;
      const unseen = (isHan(pl) && !lm.seenPair(pl, orig) ? 1 : 0) + (isHan(pr) && !lm.seenPair(orig, pr) ? 1 : 0);
      for (let q = 0; q < fills.length; q++) {
        const d = fills[q]!;
        const kinds = lm.relation(orig, d);
        if (!kinds) continue;
        // The window around the character, within the line.
        let s = at;
        while (s > at - 3 && s > 0 && !isLineBreak(text.charCodeAt(s - 1))) s--;
        let e = at + 1;
        while (e < at + 4 && e < len && !isLineBreak(text.charCodeAt(e))) e++;
        for (let p = s; p < e; p++) buf[p - s] = normUnit(text.charCodeAt(p));
        const base = windowScore(lm, at - s, e - s);
        buf[at - s] = d;
        const gain = windowScore(lm, at - s, e - s) - base;
        out.push({
          index: at,
          from: text[at]!,
          to: String.fromCharCode(d),
          kinds,
          gain,
          word4: text.slice(ws, at) + String.fromCharCode(d) + text.slice(at + 1, ws + 4),
          text4: text.slice(ws, ws + 4),
          wordGain: false,
          inWord: formsWord(at, orig),
          unseen,
        });
      }
    }
  }
}

export { LEXICON_PAIR, NEAR_SOUND, SAME_SOUND, SIMILAR_SHAPE };
