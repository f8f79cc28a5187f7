import { DEFAULT_MIN_FREQUENCY, type Index, indexFor, pairKey, type UnitTable } from './homophone-index.js';
import {
  blankHash,
  blankSum,
  hashUnits,
  type LanguageModel,
  LEXICON_PAIR,
  NEAR_SOUND,
  normUnit,
  PAIR_HEAD,
  PAIR_MID,
  PAIR_SEEN,
  PAIR_TAIL,
  PAIR_WORD,
  pairSlot,
  SAME_SOUND,
  SIMILAR_SHAPE,
  USED_PAIR,
  wordHash,
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
  /**
   * A character just outside the four makes a two-character dictionary word with the one at the window's edge (不定 in
   * 不定项选择 against 定向选择): the text reads as other words there, so the completion is not certain.
   */
  edgeWord?: boolean;
  /**
   * The text's character stands beside a Han neighbour it was seen with at least twice in the training text (弹 in
   * 精准拆弹的, 签 in 商签工作): the text reads as the documents' words there, so the completion is not certain.
   */
  usedPair?: boolean;
  /** The proposal forms a two- or three-character word with a neighbour; the text's character forms none. */
  wordGain: boolean;
  /** The text's character forms a two- or three-character word with a neighbour. */
  inWord: boolean;
  /** How many of the character's neighbour pairs the training text never saw (0 to 2). */
  unseen: number;
  /** How many of the proposal's neighbour pairs the training text never saw (0 to 2). */
  proposalUnseen: number;
  /**
   * A real-word slip (有线责任 → 有限责任): the text's character has a seen neighbour pair or forms a word, so the
   * proposal had to make every neighbour pair seen and form a word itself.
   */
  contested?: boolean;
  /** The proposal forms a dictionary word with the units on its left and another with those on its right. */
  bothWords?: boolean;
  /** The character or the proposal is a function word or numeral (在/再, 室/是): judged on a larger gain. */
  func?: boolean;
  /**
   * The share of Han pairs the training text never saw among those near the character (its own two left out): low
   * in text like the training documents, where an unseen pair stands out; high in text of another field (medicine),
   * where unseen pairs are its terms and the model's gains say less.
   */
  background: number;
  /**
   * How many more sides of the proposal's word than of the text's meet a word the training text put beside it (see
   * {@link wordFit}; -1 to 3): above 0, the proposal reads as the documents' word sequence and the text does not.
   */
  wordContext?: number;
  /**
   * The text's character stands in a dictionary word that reaches past the four (接合部 in 城乡接合部 against 城乡结合),
   * or, for a one-character proposal, in a four-character word of the dictionary (高脂血症): the text is a word there.
   */
  textWord?: boolean;
  /** Found where both neighbour pairs were seen, by the words alone (see seenPairCandidates). */
  seenPairs?: boolean;
  /** {@link wordFit} of the proposal: 1 or 2 when a word the training text put beside it stands next to it. */
  proposalFit?: number;
  /**
   * A whole word replaced by another of the same sound (郭嘉 → 国家, see swapCandidates): `from` and `to` are two
   * characters from `index`.
   */
  swap?: boolean;
}

/**
 * How wide the pair pass searches (set from the measurements in scripts/eval-typo-lm.mjs): whether a character is
 * suspect when any of its Han neighbour pairs was never seen (else only when every one was), and how many of a
 * proposal's neighbour pairs may be unseen when it makes a dictionary word.
 */
export const LM_SEARCH = { anyUnseen: false, proposalUnseen: 1, contested: true };

const isHan = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);

/**
 * Whether `c` put at `i` makes a word of two or three units with the text's units around it (the dictionary's
 * words; also read by scripts/analyze-typo-lm.mjs, which must judge as the rule does).
 */
export function formsWordAt(words: UnitTable, text: string, i: number, c: number): boolean {
  const len = text.length;
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
}
/**
 * Whether a dictionary word of two or three units holds the character at `i` and the pair on its left (`left`) or
 * right: an unseen pair inside a word is a term the training text lacks (清淡, 抽搐), not a slip.
 */
function wordAcross(words: UnitTable, text: string, i: number, left: boolean): boolean {
  const len = text.length;
  const c = text.charCodeAt(i);
  const p2 = i >= 2 ? text.charCodeAt(i - 2) : 0;
  const p1 = i >= 1 ? text.charCodeAt(i - 1) : 0;
  const n1 = i + 1 < len ? text.charCodeAt(i + 1) : 0;
  const n2 = i + 2 < len ? text.charCodeAt(i + 2) : 0;
  if (left)
    return (
      words.get(0, pairKey(p1, c)) >= 0 ||
      (isHan(p2) && words.get(p2, pairKey(p1, c)) >= 0) ||
      (isHan(n1) && words.get(p1, pairKey(c, n1)) >= 0)
    );
  return (
    words.get(0, pairKey(c, n1)) >= 0 ||
    (isHan(p1) && words.get(p1, pairKey(c, n1)) >= 0) ||
    (isHan(n2) && words.get(c, pairKey(n1, n2)) >= 0)
  );
}

/** Whether `c` put at `i` forms a word with the units on its left and another with the units on its right. */
function wordsBothSides(words: UnitTable, text: string, i: number, c: number): boolean {
  const len = text.length;
  const p2 = i >= 2 ? text.charCodeAt(i - 2) : 0;
  const p1 = i >= 1 ? text.charCodeAt(i - 1) : 0;
  const n1 = i + 1 < len ? text.charCodeAt(i + 1) : 0;
  const n2 = i + 2 < len ? text.charCodeAt(i + 2) : 0;
  if (!isHan(p1) || !isHan(n1)) return false;
  return (
    (words.get(0, pairKey(p1, c)) >= 0 || (isHan(p2) && words.get(p2, pairKey(p1, c)) >= 0)) &&
    (words.get(0, pairKey(c, n1)) >= 0 || (isHan(n2) && words.get(c, pairKey(n1, n2)) >= 0))
  );
}

// Function words and numerals: they carry little evidence in a four-unit window and are where a character model is
// most often wrong, so one is replaced or proposed only for a suspect (every neighbour pair unseen) on a large gain,
// and the four-character pass never replaces one.
const NEVER = new Uint8Array(65536);
for (const c of '的地得了着过是在和与及或并而之其以于为对把被从向由这那有无不也都就又还很最更所等个们一二三四五六七八九十百千万亿零两上下大小已给可要会能将')
  NEVER[c.charCodeAt(0)] = 1;

/** Candidates tried (most frequent first) and proposals scored per suspect character in the pair pass. */
export const LM_SUSPECT = { maxTried: 32, maxScored: 6 };
/** Whether function words and numerals are questioned at all (see TypoCandidate.func); for measuring. */
export const LM_FUNCTION = { enabled: true };
/**
 * Candidates tried and proposals scored for a real-word slip: law text (full of pairs the training text lacks) has
 * several times more such characters than suspects, and on the ECSpell training sets trying 6 found what 20 did.
 */
export const LM_CONTESTED = { maxScored: 6, maxTried: 32 };
/** Marks a pair of two Han characters in the flags scratch (the model's flags use the low four bits). */
const HAN_PAIR = 0x80;
/** Pair flags per position of the text being scanned (reused, grown as needed). */
let flags = new Uint8Array(1024);
/** Characters beside an unseen pair, as (offset, depth in 《》) pairs (reused, grown as needed). */
let near = new Int32Array(256);
const grow = (a: Int32Array) => {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
};

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
  /** Proposals whose gain is at most this are not returned (the decision's lowest thresholds, per pass). */
  minGain: { pair: number; word: number; swap?: number } = { pair: -Infinity, word: -Infinity },
): TypoCandidate[] {
  const out: TypoCandidate[] = [];
  const words = indexFor(minFreq)?.words;
  const len = text.length;
  const formsWord = (i: number, c: number) => (words ? formsWordAt(words, text, i, c) : false);
  // The flags of each pair of Han characters (i-1, i), looked up once for both passes (one byte read per character
  // is most of the scan's cost). The same pass lists the characters beside a pair never seen (with the depth of 《》
  // they stand in): only those can be suspect, and ordinary text has few.
  if (flags.length < len + 1) flags = new Uint8Array(Math.max(len + 1, flags.length * 2));
  // Two Han characters are their own model units, so their slot is read directly (no normalisation, no call).
  const modelFlags = lm.parts.pairFlags;
  let before = 0;
  let title = 0;
  let prevTitle = 0;
  let found = 0;
  let last = -1;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    title = titleDepth(title, c);
    if (isHan(c)) {
      const f = before ? modelFlags[pairSlot(before, c)]! | HAN_PAIR : 0;
      flags[i] = f;
      before = c;
      if (f && !(f & PAIR_SEEN)) {
        if (found + 4 > near.length) near = grow(near);
        if (last !== i - 1) {
          near[found++] = i - 1;
          near[found++] = prevTitle;
        }
        near[found++] = i;
        near[found++] = title;
        last = i;
      }
    } else {
      flags[i] = 0;
      before = 0;
    }
    prevTitle = title;
  }
  flags[len] = 0;
  const { anyUnseen, proposalUnseen: maxProposalUnseen, contested: allowContested } = LM_SEARCH;
  const { charRow, offsets, candidates, kinds } = lm.parts;
  for (let n = 0; n < found; n += 2) {
    const i = near[n]!;
    const title = near[n + 1]!;
    const c = text.charCodeAt(i);
    // A character is suspect when every Han neighbour pair it has was never seen in training (and it has one).
    const left = flags[i]!;
    const right = flags[i + 1]!;
    const leftUnseen = (left & (HAN_PAIR | PAIR_SEEN)) === HAN_PAIR;
    const rightUnseen = (right & (HAN_PAIR | PAIR_SEEN)) === HAN_PAIR;
    if (!leftUnseen && !rightUnseen) continue;
    // Every Han neighbour pair unseen: suspect; one seen: only a real-word slip is looked for (see `contested`).
    let contested = !anyUnseen && !!((left & HAN_PAIR && !leftUnseen) || (right & HAN_PAIR && !rightUnseen));
    if (contested && !allowContested) continue;
    if (title > 0 || (skip && skip(i)) || inShortQuote(text, i)) continue;
    // A function word or numeral is questioned only where nothing else around it was seen (a suspect).
    if (NEVER[c] && ((contested && !LM_WORD_CONTEXT.func) || !LM_FUNCTION.enabled)) continue;
    const next = i + 1 < len ? text.charCodeAt(i + 1) : 0x0a;
    const prev = i > 0 ? text.charCodeAt(i - 1) : 0x0a;
    const pn = normUnit(prev);
    const nn = normUnit(next);
    if (pn === 0x30 || pn === 0x61 || nn === 0x30 || nn === 0x61) continue;
    const row = charRow[c]!;
    if (!row) continue;
    // The window: up to three units either side within the line.
    const s = lineBack(text, i, 3);
    const e = lineAhead(text, i + 1, 3);
    windowUnits(text, s, e, buf);
    const k = i - s;
    let base = Number.NaN;
    const inWord = formsWord(i, c);
    // A character that makes a word with a neighbour is a real-word slip at most (or left to the four-character pass).
    if (inWord) {
      if (!allowContested && !all) continue;
      contested = true;
    }
    if (
      contested &&
      !all &&
      words &&
      ((leftUnseen && wordAcross(words, text, i, true)) || (rightUnseen && wordAcross(words, text, i, false)))
    )
      continue;
    let scored = 0;
    let background = -1;
    let textWord = false;
    let textFit = -2;
    let fit: number;
    const first = offsets[row - 1]!;
    const end = offsets[row]!;
    const tried = all ? end : Math.min(end, first + (contested ? LM_CONTESTED.maxTried : LM_SUSPECT.maxTried));
    for (let q = first; q < tried; q++) {
      const d = candidates[q]!;
      const func = NEVER[c] === 1 || NEVER[d] === 1;
      if (func && ((contested && !LM_WORD_CONTEXT.func) || !LM_FUNCTION.enabled)) continue;
      // Cheap filter: the proposal must fit its neighbours as the training text saw them. A real-word slip's proposal
      // must mend the text's unseen pair: that side is read first, and most candidates stop there (each read is a
      // likely cache miss in a 4 MB table).
      let proposalUnseen: number;
      if (contested) {
        if (leftUnseen ? !lm.seenPair(prev, d) : rightUnseen && !lm.seenPair(d, next)) continue;
        if (leftUnseen ? isHan(next) && !lm.seenPair(d, next) : isHan(prev) && !lm.seenPair(prev, d)) continue;
        proposalUnseen = 0;
      } else {
        proposalUnseen =
          (i > 0 && isHan(prev) && !lm.seenPair(prev, d) ? 1 : 0) +
          (i + 1 < len && isHan(next) && !lm.seenPair(d, next) ? 1 : 0);
        if (proposalUnseen > maxProposalUnseen) continue;
      }
      // Evidence from the dictionary first (cheap); the model scores only proposals that have some.
      const wordGain = (contested || !inWord) && formsWord(i, d);
      if (!wordGain && !all) continue;
      // The most frequent few proposals that make a word are scored: the meant character is nearly always among them,
      // and scoring every one made text full of unseen terms (law, medicine) several times slower.
      if (++scored > (contested ? LM_CONTESTED.maxScored : LM_SUSPECT.maxScored) && !all) break;
      if (Number.isNaN(base)) base = windowScore(lm, k, e - s);
      buf[k] = d;
      const gain = windowScore(lm, k, e - s) - base;
      buf[k] = c;
      if (gain <= minGain.pair) continue;
      if (background < 0) {
        background = unseenShare(text, flags, i);
        textWord = inTextWord(lm, words, text, i);
      }
      if (textFit < -1) textFit = wordFit(lm, text, i, c);
      out.push({
        index: i,
        from: text[i]!,
        to: String.fromCharCode(d),
        kinds: kinds[q]!,
        gain,
        wordGain,
        inWord,
        unseen: (leftUnseen ? 1 : 0) + (rightUnseen ? 1 : 0),
        proposalUnseen,
        contested,
        func,
        bothWords: wordGain && !!words && wordsBothSides(words, text, i, d),
        background,
        textWord,
        wordContext: (fit = wordFit(lm, text, i, d)) - textFit,
        proposalFit: fit,
      });
    }
  }
  if (LM_WORD_CONTEXT.seenPairs) seenPairCandidates(lm, text, out, skip, formsWord, minGain.pair, len, words);
  const index = indexFor(minFreq);
  if (index && LM_SWAP.enabled) swapCandidates(lm, text, out, skip, index, found, minGain.swap ?? minGain.pair);
  wordCandidates(lm, text, out, skip, formsWord, flags, minGain.word, words);
  return out;
}

/** How deep in 《》 a scan is after the unit `c`: a title is not questioned, and a line break ends an unclosed one. */
function titleDepth(depth: number, c: number): number {
  return c === 0x300a ? depth + 1 : c === 0x300b ? Math.max(0, depth - 1) : c === 0x0a ? 0 : depth;
}

/**
 * Real-word slips where every neighbour pair was seen (选项休现 → 体现, 死行 → 死刑): the character pairs cannot tell, the
 * words can. A character between two Han characters that forms a two-character word of the training text with
 * neither (the pair flags the first pass read already tell; ordinary text has few such characters beyond its function
 * words) is tried with the candidates that do form one; a proposal is kept when it fits the words around it better than the
 * text's character (TypoCandidate.wordContext) and raises the window's probability. `flags` as the pair pass left
 * them. Linear: a fixed number of look-ups per character.
 */
function seenPairCandidates(
  lm: LanguageModel,
  text: string,
  out: TypoCandidate[],
  skip: ((i: number) => boolean) | undefined,
  formsWord: (i: number, c: number) => boolean,
  minGain: number,
  len: number,
  words: UnitTable | undefined,
): void {
  const { charRow, offsets, candidates, kinds, pairFlags } = lm.parts;
  let title = 0;
  for (let i = 1; i + 1 < len; i++) {
    const c = text.charCodeAt(i);
    title = titleDepth(title, c);
    // Both pairs Han and seen (a character beside an unseen pair is the pair pass's).
    const left = flags[i]!;
    const right = flags[i + 1]!;
    if (!(left & right & HAN_PAIR) || !(left & right & PAIR_SEEN) || (left | right) & PAIR_WORD) continue;
    if (NEVER[c] || title > 0) continue;
    const prev = text.charCodeAt(i - 1);
    const next = text.charCodeAt(i + 1);
    const row = charRow[c]!;
    if (!row || (skip && skip(i)) || inShortQuote(text, i)) continue;
    let textFit = -2;
    let base = Number.NaN;
    let s = 0;
    let e = 0;
    let scored = 0;
    const first = offsets[row - 1]!;
    const tried = Math.min(offsets[row]!, first + LM_WORD_CONTEXT.maxTried);
    for (let q = first; q < tried; q++) {
      const d = candidates[q]!;
      if (NEVER[d]) continue;
      const ls = pairSlot(prev, d);
      const rs = pairSlot(d, next);
      if (!(lm.mayWordPair(ls) || lm.mayWordPair(rs)) || !((pairFlags[ls]! | pairFlags[rs]!) & PAIR_WORD)) continue;
      const fit = wordFit(lm, text, i, d);
      if (fit < 1) continue;
      if (textFit < -1) textFit = wordFit(lm, text, i, c);
      if (fit <= textFit) continue;
      if (++scored > LM_WORD_CONTEXT.maxScored) break;
      if (Number.isNaN(base)) {
        s = lineBack(text, i, 3);
        e = lineAhead(text, i + 1, 3);
        windowUnits(text, s, e, buf);
        base = windowScore(lm, i - s, e - s);
      }
      buf[i - s] = d;
      const gain = windowScore(lm, i - s, e - s) - base;
      buf[i - s] = c;
      if (gain <= minGain) continue;
      out.push({
        index: i,
        from: text[i]!,
        to: String.fromCharCode(d),
        kinds: kinds[q]!,
        gain,
        wordGain: formsWord(i, d),
        inWord: formsWord(i, c),
        unseen: 0,
        proposalUnseen: 0,
        contested: true,
        seenPairs: true,
        background: unseenShare(text, flags, i),
        textWord: inTextWord(lm, words, text, i),
        wordContext: fit - textFit,
        proposalFit: fit,
      });
    }
  }
}

const isLineBreak = (c: number) => c === 0x0a || c === 0x0d;

/** Where a window reaching at most `n` units back from `at` starts, within `at`'s line. */
function lineBack(text: string, at: number, n: number): number {
  let s = at;
  while (s > at - n && s > 0 && !isLineBreak(text.charCodeAt(s - 1))) s--;
  return s;
}

/** Where a window reaching at most `n` units on from `from` ends, within `from`'s line. */
function lineAhead(text: string, from: number, n: number): number {
  let e = from;
  while (e < from + n && e < text.length && !isLineBreak(text.charCodeAt(e))) e++;
  return e;
}

/** The normalised units of text[s, e) into `buf` from its start (a window the model scores). */
function windowUnits(text: string, s: number, e: number, buf: Uint16Array): void {
  for (let p = s; p < e; p++) buf[p - s] = normUnit(text.charCodeAt(p));
}

/** Whether the word swaps (see swapCandidates) are looked for; for measuring. */
export const LM_SWAP = { enabled: true };

/** Scratch for the window of a word swap (three units either side of the two). */
const buf8 = new Uint16Array(8);

/**
 * Whole words replaced by another of the same sound (郭嘉 → 国家, 煮药 → 主要): the two characters of a stretch, each
 * read by its main reading, sound like a frequent dictionary word that differs in both. Such a slip is often a real
 * word, so the words around decide: the dictionary word must stand beside words the training text put next to it on
 * both sides while the text's two characters do so on neither, and it must raise the window's probability (the
 * threshold in LM_THRESHOLDS.wordSwap). Only stretches touching a pair never seen in training are tried (the
 * characters `near` lists, from the first pass): a slip breaks a pair at its edge or inside nearly always, and
 * ordinary text has few such places. Linear: a fixed number of look-ups per listed character.
 */
function swapCandidates(
  lm: LanguageModel,
  text: string,
  out: TypoCandidate[],
  skip: ((i: number) => boolean) | undefined,
  index: Index,
  found: number,
  minGain: number,
): void {
  const { readings, soundWords, words } = index;
  const len = text.length;
  let done = -1;
  for (let n = 0; n < found; n += 2) {
    const at = near[n]!;
    if (near[n + 1]! > 0) continue;
    for (let j = Math.max(at - 1, done + 1); j <= at && j + 1 < len; j++) {
      done = j;
      const c1 = text.charCodeAt(j);
      const c2 = text.charCodeAt(j + 1);
      if (!isHan(c1) || !isHan(c2)) continue;
      const r1 = readings[c1]!;
      const r2 = readings[c2]!;
      if (!r1 || !r2) continue;
      const w = soundWords.get(0, pairKey(r1, r2));
      if (w < 0) continue;
      const w1 = w >>> 16;
      const w2 = w & 0xffff;
      if (w1 === c1 || w2 === c2) continue;
      if ((skip && (skip(j) || skip(j + 1))) || inShortQuote(text, j)) continue;
      const prev = j > 0 ? normUnit(text.charCodeAt(j - 1)) : 0;
      const next = j + 2 < len ? normUnit(text.charCodeAt(j + 2)) : 0;
      if (prev === 0x30 || prev === 0x61 || next === 0x30 || next === 0x61) continue;
      if (pairFit(lm, text, j, w1, w2) < 2 || pairFit(lm, text, j, c1, c2) > 0) continue;
      // The text's characters in a longer word of the dictionary (a term, not a slip).
      if (inTextWord(lm, words, text, j) || inTextWord(lm, words, text, j + 1)) continue;
      const s = lineBack(text, j, 3);
      const e = lineAhead(text, j + 2, 3);
      windowUnits(text, s, e, buf8);
      const k = j - s;
      let base = 0;
      for (let q = k; q < e - s; q++) base += lm.logProb(buf8, 0, q);
      buf8[k] = w1;
      buf8[k + 1] = w2;
      let gain = 0;
      for (let q = k; q < e - s; q++) gain += lm.logProb(buf8, 0, q);
      gain -= base;
      if (gain <= minGain) continue;
      out.push({
        index: j,
        from: text.slice(j, j + 2),
        to: String.fromCharCode(w1, w2),
        kinds: SAME_SOUND,
        gain,
        wordGain: true,
        inWord: false,
        unseen: 0,
        proposalUnseen: 0,
        background: unseenShare(text, flags, j),
        wordContext: 2,
        swap: true,
      });
    }
  }
}

/**
 * On how many sides (0–2) of the two units `u1` `u2` put at `i` a word of one to four units stands that the training
 * text had next to them (the two taken as one word): as {@link wordFit}, for a stretch of two.
 */
function pairFit(lm: LanguageModel, text: string, i: number, u1: number, u2: number): number {
  let lo = i;
  while (lo > 0 && lo > i - 4 && isHan(text.charCodeAt(lo - 1))) lo--;
  let hi = i + 2;
  while (hi < text.length && hi < i + 6 && isHan(text.charCodeAt(hi))) hi++;
  for (let p = lo; p < hi; p++) around[p - lo] = text.charCodeAt(p);
  const a = i - lo;
  const b = a + 2;
  around[a] = u1;
  around[a + 1] = u2;
  const n = hi - lo;
  let sides = 0;
  for (let k = 1; k <= 4 && a - k >= 0; k++)
    if (lm.hasWords(wordHash(around, a - k, a, b))) {
      sides++;
      break;
    }
  for (let k = 1; k <= 4 && b + k <= n; k++)
    if (lm.hasWords(wordHash(around, a, b, b + k))) {
      sides++;
      break;
    }
  return sides;
}

/**
 * The word-context search (see seenPairCandidates, TypoCandidate.wordContext): whether characters with every
 * neighbour pair seen are tried, how many candidates are tried and scored there, and whether function words in
 * real-word slips are questioned.
 */
export const LM_WORD_CONTEXT = { seenPairs: true, maxTried: 32, maxScored: 3, func: true };

/** The Han units around a position that {@link wordFit} reads (reused). */
const around = new Uint16Array(16);

/**
 * How the character `unit` put at `i` fits the words around it, from the training text's words and pairs of adjacent
 * words: over the words of two to four units that hold `i` there, the most sides (0–2) on which a word of one to four
 * units stands that the training text had next to it; -1 when no word of the training text holds `i`. A fixed
 * number of look-ups (at most 9 words and 72 pairs).
 */
export function wordFit(lm: LanguageModel, text: string, i: number, unit: number): number {
  let lo = i;
  while (lo > 0 && lo > i - 7 && isHan(text.charCodeAt(lo - 1))) lo--;
  let hi = i + 1;
  while (hi < text.length && hi < i + 8 && isHan(text.charCodeAt(hi))) hi++;
  for (let p = lo; p < hi; p++) around[p - lo] = text.charCodeAt(p);
  const at = i - lo;
  const n = hi - lo;
  let best = -1;
  for (let a = Math.max(0, at - 3); a <= at; a++)
    for (let b = Math.max(at + 1, a + 2); b <= Math.min(n, a + 4); b++) {
      if (!lm.hasWords(wordHash(around, a, b, b, at, unit))) continue;
      let sides = 0;
      for (let k = 1; k <= 4 && a - k >= 0; k++)
        if (lm.hasWords(wordHash(around, a - k, a, b, at, unit))) {
          sides++;
          break;
        }
      for (let k = 1; k <= 4 && b + k <= n; k++)
        if (lm.hasWords(wordHash(around, a, b, b + k, at, unit))) {
          sides++;
          break;
        }
      if (sides > best) best = sides;
      if (best === 2) return best;
    }
  return best;
}

/** The longest quotation taken for a coined term (“三评”, “一河三城”). */
const SHORT_QUOTE = 6;

/**
 * Whether the character at `i` stands inside a quotation of at most {@link SHORT_QUOTE} units: such a quotation is a
 * coined name or slogan the document defines, whose characters may be chosen for their sound (“三评”).
 */
function inShortQuote(text: string, i: number): boolean {
  let s = i - 1;
  for (; s >= 0 && s > i - SHORT_QUOTE; s--) {
    const c = text.charCodeAt(s);
    if (c === 0x201c) break;
    if (c === 0x201d || isLineBreak(c)) return false;
  }
  if (s < 0 || text.charCodeAt(s) !== 0x201c) return false;
  for (let e = i + 1; e < text.length && e <= s + SHORT_QUOTE + 1; e++) {
    const c = text.charCodeAt(e);
    if (c === 0x201d) return true;
    if (c === 0x201c || isLineBreak(c)) return false;
  }
  return false;
}

/** How far either side of a character {@link unseenShare} looks (a sentence or two). */
const BACKGROUND_SPAN = 24;

/**
 * The share of unseen pairs among the Han pairs within {@link BACKGROUND_SPAN} units of `i` on its line, the two
 * pairs touching `i` left out (see TypoCandidate.background); `pairFlags` as the pair pass filled it. A fixed span, so
 * a constant cost per proposal.
 */
function unseenShare(text: string, pairFlags: Uint8Array, i: number): number {
  const s = lineBack(text, i, BACKGROUND_SPAN);
  const e = lineAhead(text, i + 1, BACKGROUND_SPAN - 1);
  let pairs = 0;
  let unseen = 0;
  // pairFlags[p] describes the pair (p-1, p).
  for (let p = s + 1; p < e; p++) {
    if (p === i || p === i + 1) continue;
    const f = pairFlags[p]!;
    if (!(f & HAN_PAIR)) continue;
    pairs++;
    if (!(f & PAIR_SEEN)) unseen++;
  }
  return pairs ? unseen / pairs : 0;
}

/**
 * Whether the text's character at `at`, in the four units from `ws`, stands in a three-unit dictionary word that
 * reaches past the four (接合部 in 城乡接合部): the text reads as that word there, not as the completed four.
 */
function wordAcrossEdge(words: UnitTable, text: string, ws: number, at: number): boolean {
  const end = ws + 3;
  // Three-unit words that hold `at` and a unit outside [ws, end].
  for (let p = Math.max(0, at - 2, ws - 2); p <= at; p++)
    if ((p < ws || p + 2 > end) && word3At(words, text, p)) return true;
  return false;
}

/** Whether the three units from `p` are Han and a dictionary word. */
function word3At(words: UnitTable, text: string, p: number): boolean {
  if (p + 3 > text.length) return false;
  const a = text.charCodeAt(p);
  const b = text.charCodeAt(p + 1);
  const c = text.charCodeAt(p + 2);
  return isHan(a) && isHan(b) && isHan(c) && words.get(a, pairKey(b, c)) >= 0;
}

/**
 * Whether the text's character at `i` stands in a word the text forms: a four-character word of the dictionary
 * (高脂血症, see inWord4) or a three-unit one (接合部).
 */
function inTextWord(lm: LanguageModel, words: UnitTable | undefined, text: string, i: number): boolean {
  if (inWord4(lm, text, i)) return true;
  if (!words) return false;
  for (let p = Math.max(0, i - 2); p <= i; p++) if (word3At(words, text, p)) return true;
  return false;
}

/**
 * Whether the text's units around `i` form a four-character word of the dictionary that holds `i` (高脂血症): a term the
 * training text lacks, not a slip. At most four look-ups of the four-character table.
 */
export function inWord4(lm: LanguageModel, text: string, i: number): boolean {
  const { blanked, blanks } = lm.parts;
  const orig = text.charCodeAt(i);
  for (let ws = Math.max(0, i - 3); ws <= i && ws + 4 <= text.length; ws++) {
    const a = text.charCodeAt(ws);
    const b = text.charCodeAt(ws + 1);
    const c = text.charCodeAt(ws + 2);
    const d = text.charCodeAt(ws + 3);
    if (!isHan(a) || !isHan(b) || !isHan(c) || !isHan(d)) continue;
    const h = blankHash(blankSum(normUnit(a), normUnit(b), normUnit(c), normUnit(d)), normUnit(orig), i - ws);
    if (!lm.mayBlank(h)) continue;
    for (let q = lm.firstBlank(h); q >= 0 && q < blanks.length && blanks[q] === h; q++)
      if (blanked[q] === orig) return true;
  }
  return false;
}

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
  pairFlags: Uint8Array,
  minGain = -Infinity,
  words?: UnitTable,
): void {
  const len = text.length;
  const { blanks, blanked } = lm.parts;
  let run = 0;
  let title = 0;
  // Whether the pair ending one (two) units back may stand at a word's head, and the one ending one unit back at its
  // middle: each pair is looked up once, as the window moves over it.
  let head1 = false;
  let head2 = false;
  let mid1 = false;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    title = titleDepth(title, c);
    run = isHan(c) ? run + 1 : 0;
    let head = false;
    let mid = false;
    let tail = false;
    if (run >= 2) {
      const f = pairFlags[i]!;
      head = (f & PAIR_HEAD) !== 0;
      mid = (f & PAIR_MID) !== 0;
      tail = (f & PAIR_TAIL) !== 0;
    }
    const h01 = head2;
    const m12 = mid1;
    head2 = head1;
    head1 = head;
    mid1 = mid;
    if (run < 4 || title > 0) continue;
    // A window misses a word by one character only where the word's other pairs stand: blank 0 needs the middle and
    // tail pairs, blank 1 the tail, blank 2 the head, blank 3 the head and middle.
    if (!tail && !h01) continue;
    const ws = i - 3;
    const sum = blankSum(text.charCodeAt(ws), text.charCodeAt(ws + 1), text.charCodeAt(ws + 2), c);
    for (let k = 0; k < 4; k++) {
      if (k === 0 ? !(m12 && tail) : k === 1 ? !tail : k === 2 ? !h01 : !(h01 && m12)) continue;
      const at = ws + k;
      const orig = text.charCodeAt(at);
      const h = blankHash(sum, orig, k);
      if (!lm.mayBlank(h)) continue;
      const first = lm.firstBlank(h);
      if (first < 0) continue;
      let fillEnd = first;
      let isWord = false;
      for (; fillEnd < blanks.length && blanks[fillEnd] === h; fillEnd++) if (blanked[fillEnd] === orig) isWord = true;
      // The window is a word itself: nothing to propose in it.
      if (isWord) break;
      if (NEVER[orig] || (skip && skip(at))) continue;
      for (let p = 0; p < 4; p++) w4[p] = normUnit(text.charCodeAt(ws + p));
      // Four characters the published documents use (法治建设 beside the dictionary's 法制建设) are not a slip.
      if (lm.lookup(hashUnits(w4, 0, 4)) >= 0) continue;
      const fl = pairFlags[at]!;
      const fr = pairFlags[at + 1]!;
      const unseen = (fl & HAN_PAIR && !(fl & PAIR_SEEN) ? 1 : 0) + (fr & HAN_PAIR && !(fr & PAIR_SEEN) ? 1 : 0);
      const before = ws > 0 ? text.charCodeAt(ws - 1) : 0;
      const after = i + 1 < len ? text.charCodeAt(i + 1) : 0;
      // Only a word that takes the edge character from the half of the four holding the wrong one competes with
      // the completion there (被判 in 被判处死形 leaves 死形 → 死刑 as it was).
      const edgeWord =
        !!words &&
        ((k < 2 && isHan(before) && words.get(0, pairKey(before, text.charCodeAt(ws))) >= 0) ||
          (k >= 2 && isHan(after) && words.get(0, pairKey(c, after)) >= 0));
      const textWord = !!words && wordAcrossEdge(words, text, ws, at);
      let background = -1;
      let usedPair: boolean | undefined;
      for (let q = first; q < fillEnd; q++) {
        const d = blanked[q]!;
        const kinds = lm.relation(orig, d);
        if (!kinds) continue;
        // The window around the character, within the line.
        const s = lineBack(text, at, 3);
        const e = lineAhead(text, at + 1, 3);
        windowUnits(text, s, e, buf);
        const base = windowScore(lm, at - s, e - s);
        buf[at - s] = d;
        const gain = windowScore(lm, at - s, e - s) - base;
        if (gain <= minGain) continue;
        if (background < 0) background = unseenShare(text, pairFlags, at);
        if (usedPair === undefined) {
          const left = at > 0 ? text.charCodeAt(at - 1) : 0;
          const right = at + 1 < len ? text.charCodeAt(at + 1) : 0;
          usedPair =
            (isHan(left) && lm.pairCount(left, orig) >= USED_PAIR) ||
            (isHan(right) && lm.pairCount(orig, right) >= USED_PAIR);
        }
        out.push({
          index: at,
          from: text[at]!,
          to: String.fromCharCode(d),
          kinds,
          gain,
          word4: text.slice(ws, at) + String.fromCharCode(d) + text.slice(at + 1, ws + 4),
          text4: text.slice(ws, ws + 4),
          edgeWord,
          usedPair,
          textWord,
          wordGain: false,
          inWord: formsWord(at, orig),
          unseen,
          proposalUnseen: 0,
          background,
        });
      }
    }
  }
}

export { LEXICON_PAIR, NEAR_SOUND, SAME_SOUND, SIMILAR_SHAPE };
