import { readDataFile } from './data-files.js';

// A character n-gram model of official Chinese (orders 1–4, stupid back-off) with the confusion table and the four-
// character words the typo/lm rule needs. Trained by scripts/train-typo-lm.mjs from published government documents
// and committed as one blob (typo-lm.bin): keys are 32-bit hashes of the n-grams, sorted; a count is stored as
// round(16·ln count) in one byte; the bit filters and bucket index the scan needs are stored ready to use. Word
// context: the words of the segmented training text and the pairs of adjacent words, as a set of hashes.

export const LM_MAGIC = 0x4d4c5747; // 'GWLM'
export const LM_FORMAT = 6;
export const LM_ORDER = 4;
const HEADER_WORDS = 16;

/** Confusion kinds, as bits: the same toneless reading, a near reading, a similar shape, a pair of the typo lexicon. */
export const SAME_SOUND = 1;
export const NEAR_SOUND = 2;
export const SIMILAR_SHAPE = 4;
export const LEXICON_PAIR = 8;
/**
 * Beside SAME_SOUND or NEAR_SOUND: the sound matches only a reading of the proposal other than its main one (显 and
 * 见's xiàn, where 初见成效 reads jiàn), so the sound says less.
 */
export const RARE_READING = 16;

/**
 * The unit the model sees for a UTF-16 unit of the text: digits and Latin letters collapse to one symbol each (a
 * number is a number), everything else is itself.
 */
export function normUnit(c: number): number {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)) return 0x30;
  if (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0xff21 && c <= 0xff3a) ||
    (c >= 0xff41 && c <= 0xff5a)
  )
    return 0x61;
  return c;
}

/** FNV-1a over the units, seeded by the order so that n-grams of different orders never share a key by design. */
export function hashUnits(units: ArrayLike<number>, start: number, n: number): number {
  let h = (0x811c9dc5 ^ Math.imul(n, 0x01000193)) >>> 0;
  for (let k = 0; k < n; k++) {
    const u = units[start + k]!;
    h = Math.imul(h ^ (u & 0xff), 0x01000193);
    h = Math.imul(h ^ (u >>> 8), 0x01000193);
  }
  // A final mix: FNV's low bits are weak, and the lookup buckets by the top bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

const BLANK_MUL = Int32Array.of(0x9e3779b1, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f);

/**
 * Hash of four units with the one at `k` left out (and `k` itself): linear in the units, so that a window's four
 * blanks cost one multiplication each after their sum (see {@link blankSum}), then a mix.
 */
export function blankHash(sum: number, unit: number, k: number): number {
  let h = (sum - Math.imul(unit, BLANK_MUL[k]!) + Math.imul(k + 1, 0x165667b1)) | 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return h >>> 0;
}

/** The sum {@link blankHash} takes: Σ unit_p · M_p over the four units. */
export function blankSum(u0: number, u1: number, u2: number, u3: number): number {
  return (
    (Math.imul(u0, BLANK_MUL[0]!) +
      Math.imul(u1, BLANK_MUL[1]!) +
      Math.imul(u2, BLANK_MUL[2]!) +
      Math.imul(u3, BLANK_MUL[3]!)) |
    0
  );
}

/** Separates the two words of a pair in {@link wordHash}, and ends a single word (no text unit is either). */
const WORD_SEP = 1;
const WORD_END = 2;

/**
 * Hash of the word units[a, m) when m === b, else of the two adjacent words [a, m) and [m, b); the unit at `at` is
 * read as `unit` (a proposal tried in place). Units are normalised here. Training and detection share it.
 */
export function wordHash(units: ArrayLike<number>, a: number, m: number, b: number, at = -1, unit = 0): number {
  // FNV-1a over the bytes of the units, the separator after the first word (inlined: the scan calls this often).
  let h = 0x811c9dc5;
  for (let k = a; k < b; k++) {
    if (k === m) {
      h = Math.imul(h ^ WORD_SEP, 0x01000193);
      h = Math.imul(h, 0x01000193);
    }
    const u = normUnit(k === at ? unit : units[k]!);
    h = Math.imul(h ^ (u & 0xff), 0x01000193);
    h = Math.imul(h ^ (u >>> 8), 0x01000193);
  }
  if (m === b) {
    h = Math.imul(h ^ WORD_END, 0x01000193);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** What training produces (scripts/train-typo-lm.mjs); {@link serializeModel} derives the look-up structures. */
export interface ModelParts {
  /** Sorted n-gram hashes. */
  keys: Uint32Array;
  /** round(16·ln count) per key. */
  logCounts: Uint8Array;
  /** Total number of units counted (the unigram denominator). */
  total: number;
  /** Confusion table: sorted characters, each with candidates[offsets[i], offsets[i+1]). */
  chars: Uint16Array;
  offsets: Uint32Array;
  candidates: Uint16Array;
  kinds: Uint8Array;
  /** Sorted pair keys (first unit · 2^16 + second) of the unit pairs seen in training: the cheap first pass. */
  pairs: Uint32Array;
  /**
   * The dictionary's four-character words with one character blanked ({@link blankHash}): sorted hashes, and the
   * blanked character of each — what a window with one wrong character looks up to find the word it misses.
   */
  blanks: Uint32Array;
  blanked: Uint16Array;
  /** Pair keys at positions 0-1, 1-2 and 2-3 of those words: a window can only miss one of them by one character. */
  heads: Uint32Array;
  mids: Uint32Array;
  tails: Uint32Array;
  /** Sorted {@link wordHash}es of the training text's words (jieba) and of its pairs of adjacent words. */
  words: Uint32Array;
  /** Pair keys of the training text's two-character words (flagged PAIR_WORD in the pair slots). */
  wordPairs: Uint32Array;
}

/** The model as stored: every array ready to use, so that loading is one read and views over its bytes. */
export interface ModelArrays {
  total: number;
  keys: Uint32Array;
  logCounts: Uint8Array;
  /** keys[buckets[t], buckets[t+1]) are the keys whose top 16 bits are t. */
  buckets: Uint32Array;
  /** A bit per seen pair (2^22 bits) and per blank hash (2^23 bits): see {@link LanguageModel.seenPair}. */
  /**
   * Flags per pair slot (2^22 slots, a hash of the pair): seen in training, may stand at positions 0-1, 1-2 or
   * 2-3 of a four-character word, is a two-character word of the training text. One byte read per character of the text answers every question the scan asks
   * of a pair; a slot shared by two pairs only lets a few more windows through to the exact look-ups.
   */
  pairFlags: Uint8Array;
  blankFilter: Uint32Array;
  /** blanks[blankBuckets[t], blankBuckets[t+1]) are the blank hashes whose top 16 bits are t. */
  blankBuckets: Uint32Array;
  blanks: Uint32Array;
  blanked: Uint16Array;
  /** Per UTF-16 unit, its row in the confusion table plus one (0: none). */
  charRow: Uint16Array;
  offsets: Uint32Array;
  candidates: Uint16Array;
  kinds: Uint8Array;
  /**
   * The word set: wordPrints[wordBuckets[t], wordBuckets[t+1]) are bits 2–17 of the hashes whose top 14 bits are t,
   * sorted (two bytes a word or pair; a hash not in the set matches one with odds of about 1 in 2,000).
   */
  wordBuckets: Uint32Array;
  wordPrints: Uint16Array;
}

const BUCKET_BITS = 16;
const WORD_BUCKET_BITS = 14;
const wordPrint = (h: number) => (h >>> (32 - WORD_BUCKET_BITS - 16)) & 0xffff;
const PAIR_BITS = 22;
const BLANK_BITS = 23;
/** The slot of a pair of units in {@link ModelArrays.pairFlags}. */
export const pairSlot = (a: number, b: number) => Math.imul((a << 16) | b, 0x9e3779b1) >>> (32 - PAIR_BITS);
export const PAIR_SEEN = 1;
export const PAIR_HEAD = 2;
export const PAIR_MID = 4;
export const PAIR_TAIL = 8;
/** The pair is a two-character word of the segmented training text. */
export const PAIR_WORD = 16;
const bucketsOf = (sorted: Uint32Array, bits = BUCKET_BITS) => {
  const buckets = new Uint32Array((1 << bits) + 1);
  let k = 0;
  for (let i = 0; i <= 1 << bits; i++) {
    while (k < sorted.length && sorted[k]! >>> (32 - bits) < i) k++;
    buckets[i] = k;
  }
  return buckets;
};
const blankBit = (h: number) => h >>> (32 - BLANK_BITS);

/**
 * The model as one little-endian blob (deterministic: same parts, same bytes). It is stored uncompressed (about
 * 9 MB): decompressing took longer than the load budget on a busy machine, and git compresses it anyway.
 */
export function serializeModel(m: ModelParts): Uint8Array {
  const buckets = bucketsOf(m.keys);
  const pairFlags = new Uint8Array(1 << PAIR_BITS);
  const flag = (keys: Uint32Array, f: number) => {
    for (const key of keys) pairFlags[pairSlot(key >>> 16, key & 0xffff)]! |= f;
  };
  flag(m.pairs, PAIR_SEEN);
  flag(m.heads, PAIR_HEAD);
  flag(m.mids, PAIR_MID);
  flag(m.tails, PAIR_TAIL);
  flag(m.wordPairs, PAIR_WORD);
  const blankFilter = new Uint32Array(1 << (BLANK_BITS - 5));
  for (const x of m.blanks) {
    const h = blankBit(x);
    blankFilter[h >>> 5]! |= 1 << (h & 31);
  }
  const charRow = new Uint16Array(65536);
  m.chars.forEach((c, i) => {
    charRow[c] = i + 1;
  });
  const parts: ArrayBufferView[] = [
    m.keys,
    buckets,
    blankFilter,
    bucketsOf(m.blanks),
    m.blanks,
    m.offsets,
    charRow,
    m.candidates,
    m.blanked,
    m.logCounts,
    m.kinds,
    pairFlags,
    bucketsOf(m.words, WORD_BUCKET_BITS),
    Uint16Array.from(m.words, wordPrint),
  ];
  const padded = (n: number) => (n + 3) & ~3;
  const size = HEADER_WORDS * 4 + parts.reduce((n, p) => n + padded(p.byteLength), 0);
  const out = new Uint8Array(size);
  new Uint32Array(out.buffer, 0, HEADER_WORDS).set([
    LM_MAGIC,
    LM_FORMAT,
    m.total,
    m.keys.length,
    m.blanks.length,
    m.chars.length,
    m.candidates.length,
    m.words.length,
  ]);
  let at = HEADER_WORDS * 4;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += padded(p.byteLength);
  }
  return out;
}

/** The arrays of a blob from {@link serializeModel}, as views over its bytes; throws on a blob that is not one. */
export function deserializeModel(bytes: Uint8Array): ModelArrays {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new RangeError('typo model: big-endian machine');
  // Views need 4-byte aligned offsets; a buffer from a pool may not start aligned, so such bytes are copied once.
  const buf = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  if (buf.byteLength < HEADER_WORDS * 4) throw new RangeError('typo model: truncated');
  const header = new Uint32Array(buf.buffer, buf.byteOffset, HEADER_WORDS);
  const [magic, format, total, nKeys, nBlanks, nChars, nCands, nWords] = header as unknown as number[];
  if (magic !== LM_MAGIC || format !== LM_FORMAT) throw new RangeError('typo model: not a model of this format');
  let at = buf.byteOffset + HEADER_WORDS * 4;
  const end = buf.byteOffset + buf.byteLength;
  const take = <T>(make: (b: ArrayBuffer, o: number, n: number) => T, n: number, size: number): T => {
    if (at + n * size > end) throw new RangeError('typo model: truncated');
    const v = make(buf.buffer as ArrayBuffer, at, n);
    at += (n * size + 3) & ~3;
    return v;
  };
  const u32 = (n: number) => take((b, o, k) => new Uint32Array(b, o, k), n, 4);
  const u16 = (n: number) => take((b, o, k) => new Uint16Array(b, o, k), n, 2);
  const u8 = (n: number) => take((b, o, k) => new Uint8Array(b, o, k), n, 1);
  const m: ModelArrays = {
    total: total!,
    keys: u32(nKeys!),
    buckets: u32((1 << BUCKET_BITS) + 1),
    blankFilter: u32(1 << (BLANK_BITS - 5)),
    blankBuckets: u32((1 << BUCKET_BITS) + 1),
    blanks: u32(nBlanks!),
    offsets: u32(nChars! + 1),
    charRow: u16(65536),
    candidates: u16(nCands!),
    blanked: u16(nBlanks!),
    logCounts: u8(nKeys!),
    kinds: u8(nCands!),
    pairFlags: u8(1 << PAIR_BITS),
    wordBuckets: u32((1 << WORD_BUCKET_BITS) + 1),
    wordPrints: u16(nWords!),
  };
  if (at !== end) throw new RangeError('typo model: trailing bytes');
  return m;
}

const BACKOFF = Math.log(0.4);
/** ln P of a unit the model never saw: below every seen unit. */
const UNSEEN = -16;

/** The loaded model: count look-ups in O(1) expected (a bucket per top 16 bits, then a short search), scoring. */
export class LanguageModel {
  private readonly lnTotal: number;
  private readonly scratch = new Uint16Array(LM_ORDER);

  /**
   * A bit per four pair slots that hold a two-character word (PAIR_WORD): 128 KB, which stays in a core's cache where
   * the 4 MB of pairFlags do not. About 15,000 of the 4 million slots are words, so a clear bit answers most questions
   * of a candidate's pairs without reading pairFlags; a set bit is confirmed there.
   */
  readonly wordPairBits: Uint32Array;

  constructor(readonly parts: ModelArrays) {
    this.lnTotal = Math.log(parts.total);
    // Four slots are one 32-bit word of pairFlags (a little-endian machine, as deserializeModel requires).
    const bits = new Uint32Array(1 << (PAIR_BITS - 2 - 5));
    const flags = parts.pairFlags;
    const quads = new Uint32Array(flags.buffer, flags.byteOffset, flags.length >>> 2);
    const word4 = PAIR_WORD * 0x01010101;
    for (let q = 0; q < quads.length; q++) if (quads[q]! & word4) bits[q >>> 5]! |= 1 << (q & 31);
    this.wordPairBits = bits;
  }

  /** Whether the pair slot may hold a two-character word (no false negatives; see {@link wordPairBits}). */
  mayWordPair(slot: number): boolean {
    return ((this.wordPairBits[slot >>> 7]! >>> ((slot >>> 2) & 31)) & 1) === 1;
  }

  /** The flags of a pair of text units (see {@link ModelArrays.pairFlags}). */
  pairFlags(a: number, b: number): number {
    return this.parts.pairFlags[pairSlot(normUnit(a), normUnit(b))]!;
  }

  /** Whether a blank hash may be in the table (no false negatives). */
  mayBlank(h: number): boolean {
    const b = blankBit(h);
    return ((this.parts.blankFilter[b >>> 5]! >>> (b & 31)) & 1) === 1;
  }

  /**
   * The first index in `parts.blanks` holding this blank hash, or -1: the characters that fill the blank are
   * `parts.blanked[q]` for q from there while `parts.blanks[q] === h` (indices, not a view: the scan asks often).
   */
  firstBlank(h: number): number {
    const b = this.parts.blanks;
    const top = h >>> (32 - BUCKET_BITS);
    let lo = this.parts.blankBuckets[top]!;
    let hi = this.parts.blankBuckets[top + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    return lo < b.length && b[lo] === h ? lo : -1;
  }

  /** The characters that fill the blank of a word with this blank hash (an empty view when none). */
  fillers(h: number): Uint16Array {
    const lo = this.firstBlank(h);
    if (lo < 0) return this.parts.blanked.subarray(0, 0);
    let e = lo;
    while (e < this.parts.blanks.length && this.parts.blanks[e] === h) e++;
    return this.parts.blanked.subarray(lo, e);
  }

  /** The confusion kinds relating `from` to `to` (0 when `to` is not among `from`'s candidates). */
  relation(from: number, to: number): number {
    const row = this.parts.charRow[from]!;
    if (!row) return 0;
    const { offsets, candidates, kinds } = this.parts;
    for (let q = offsets[row - 1]!, e = offsets[row]!; q < e; q++) if (candidates[q] === to) return kinds[q]!;
    return 0;
  }

  /** round(16·ln count) of the n-gram with this hash, or -1 when absent. */
  lookup(h: number): number {
    const keys = this.parts.keys;
    const top = h >>> (32 - BUCKET_BITS);
    let lo = this.parts.buckets[top]!;
    let hi = this.parts.buckets[top + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = keys[mid]!;
      if (v < h) lo = mid + 1;
      else if (v > h) hi = mid;
      else return this.parts.logCounts[mid]!;
    }
    return -1;
  }

  /**
   * Whether the two units were seen next to each other: one byte read (2^22 slots over about 200,000 pairs, so about
   * one unseen pair in 20 passes as seen: the first pass misses a few characters, never adds one).
   */
  seenPair(a: number, b: number): boolean {
    return (this.parts.pairFlags[pairSlot(normUnit(a), normUnit(b))]! & PAIR_SEEN) !== 0;
  }

  /** Whether a {@link wordHash} is in the word set (a word or a pair of adjacent words of the training text). */
  hasWords(h: number): boolean {
    const top = h >>> (32 - WORD_BUCKET_BITS);
    const p = wordPrint(h);
    const prints = this.parts.wordPrints;
    for (let q = this.parts.wordBuckets[top]!, e = this.parts.wordBuckets[top + 1]!; q < e; q++) {
      const v = prints[q]!;
      if (v === p) return true;
      if (v > p) return false;
    }
    return false;
  }

  /**
   * How often the two units stood next to each other in the training text, as round(16·ln count), or -1 (see
   * {@link USED_PAIR}).
   */
  pairCount(a: number, b: number): number {
    const s = this.scratch;
    s[0] = normUnit(a);
    s[1] = normUnit(b);
    return this.lookup(hashUnits(s, 0, 2));
  }

  /** The unit's count as round(16·ln count), or -1. */
  unitCount(a: number): number {
    const s = this.scratch;
    s[0] = normUnit(a);
    return this.lookup(hashUnits(s, 0, 1));
  }

  /**
   * ln P(units[j] | up to three units before it, from `from` on), stupid back-off. `units` are normalised already.
   */
  logProb(units: ArrayLike<number>, from: number, j: number): number {
    let penalty = 0;
    for (let n = Math.min(LM_ORDER, j - from + 1); n >= 2; n--) {
      const c = this.lookup(hashUnits(units, j - n + 1, n));
      if (c >= 0) {
        const ch = this.lookup(hashUnits(units, j - n + 1, n - 1));
        // The history is always counted when the n-gram is (pruning keeps counts of prefixes at least as high).
        if (ch >= 0) return penalty + (c - ch) / 16;
      }
      penalty += BACKOFF;
    }
    const c = this.lookup(hashUnits(units, j, 1));
    return penalty + (c >= 0 ? c / 16 - this.lnTotal : UNSEEN);
  }

  /** Candidates for a character (its confusion set), as [candidate units, kinds] views, or undefined. */
  confusions(c: number): { candidates: Uint16Array; kinds: Uint8Array } | undefined {
    const i = this.parts.charRow[c]! - 1;
    if (i < 0) return undefined;
    const { offsets, candidates, kinds } = this.parts;
    const s = offsets[i]!;
    const e = offsets[i + 1]!;
    return { candidates: candidates.subarray(s, e), kinds: kinds.subarray(s, e) };
  }
}

/** Where the committed model sits: beside this module (copied there by the build), and beside the bundles. */
export const MODEL_FILE = 'typo-lm.bin';

/**
 * A {@link LanguageModel.pairCount} from which two characters are a usage of the published documents (seen side by
 * side at least twice: round(16·ln 2)), whatever the dictionary says of them (因城施策's 城施, 商签, 拆弹).
 */
export const USED_PAIR = 11;

let loaded: LanguageModel | null | undefined;

/** The model, read on first use; null when the file is missing or unreadable (the rule then stays silent). */
export function languageModel(): LanguageModel | null {
  if (loaded === undefined) {
    try {
      loaded = new LanguageModel(deserializeModel(readDataFile(MODEL_FILE)));
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

/** Replaces the model for this process (evaluation with a model trained on part of the corpus); null restores it. */
export function useLanguageModel(blob: Uint8Array | null): void {
  loaded = blob ? new LanguageModel(deserializeModel(blob)) : undefined;
}
