import { readDataFile } from './data-files.js';
import { createRequire } from 'node:module';
import { nodeRequire } from '../../lazy.js';

// The index behind typo/homophone: which two- and three-unit strings are words, and which non-word pairs are a
// homophone slip of which frequent word; for typo/lm also which frequent word two characters sound like. Built from
// the jieba word list and pinyin-pro; for the default frequency it is prebuilt by `npm run build` into
// homophone-index.bin beside this module, which loads in one read.

/** The minimum word frequency the rule uses unless configured otherwise (the one that is prebuilt). */
export const DEFAULT_MIN_FREQUENCY = 3000;

// Loaded only when an index is built, not when the prebuilt one is read.
const pinyinPro = () =>
  (typeof require === 'function' ? require('pinyin-pro') : nodeRequire('pinyin-pro')) as typeof import('pinyin-pro');

/**
 * Open-addressing hash table over words of two or three UTF-16 code units (`hi` is the first unit of a three-unit
 * word, 0 for a two-unit one; `lo` the last two units), with an optional value and weight per key. Typed arrays
 * instead of a Set of a quarter of a million strings: a few MB that the collector never walks.
 */
export class UnitTable {
  hi!: Uint16Array;
  lo!: Uint32Array;
  used!: Uint8Array;
  values?: Uint32Array;
  private weights?: Uint32Array;
  private shift = 0;
  private mask = 0;
  private size = 0;

  constructor(
    entries: number,
    private readonly payload: { values?: boolean; weights?: boolean } = {},
  ) {
    let bits = 10;
    while (1 << bits < entries * 2) bits++;
    this.alloc(bits);
  }

  /** A table over arrays another table filled (a prebuilt index), without copying them. */
  static over(
    arrays: { hi: Uint16Array; lo: Uint32Array; used: Uint8Array; values?: Uint32Array },
    size: number,
  ): UnitTable {
    const t = Object.create(UnitTable.prototype) as UnitTable;
    Object.assign(t, { payload: { values: arrays.values !== undefined }, ...arrays, weights: undefined });
    t.mask = arrays.used.length - 1;
    t.shift = 32 - Math.log2(arrays.used.length);
    t.size = size;
    return t;
  }

  private alloc(bits: number): void {
    const cap = 1 << bits;
    this.hi = new Uint16Array(cap);
    this.lo = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    if (this.payload.values) this.values = new Uint32Array(cap);
    if (this.payload.weights) this.weights = new Uint32Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - bits;
  }

  /** Where the key is, or the free slot where it would go. */
  private slot(hi: number, lo: number): number {
    // Fibonacci hashing: the top bits of the product depend on every bit of the key.
    let i = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
    while (this.used[i] && (this.lo[i] !== lo || this.hi[i] !== hi)) i = (i + 1) & this.mask;
    return i;
  }

  set(hi: number, lo: number, value = 0, weight = 0): void {
    let i = this.slot(hi, lo);
    if (!this.used[i]) {
      if (++this.size * 2 > this.mask + 1) {
        const old = { hi: this.hi, lo: this.lo, used: this.used, values: this.values, weights: this.weights };
        this.alloc(33 - this.shift);
        for (let k = 0; k < old.used.length; k++) {
          if (!old.used[k]) continue;
          const j = this.slot(old.hi[k]!, old.lo[k]!);
          this.used[j] = 1;
          this.hi[j] = old.hi[k]!;
          this.lo[j] = old.lo[k]!;
          if (this.values) this.values[j] = old.values![k]!;
          if (this.weights) this.weights[j] = old.weights![k]!;
        }
        i = this.slot(hi, lo);
      }
      this.used[i] = 1;
      this.hi[i] = hi;
      this.lo[i] = lo;
    }
    if (this.values) this.values[i] = value;
    if (this.weights) this.weights[i] = weight;
  }

  /** The value (0 without values) or -1 when absent. */
  get(hi: number, lo: number): number {
    const i = this.slot(hi, lo);
    return this.used[i] ? (this.values ? this.values[i]! : 0) : -1;
  }

  /** The weight, or -1 when absent. */
  weight(hi: number, lo: number): number {
    const i = this.slot(hi, lo);
    return this.used[i] ? this.weights![i]! : -1;
  }

  get count(): number {
    return this.size;
  }

  forEach(f: (hi: number, lo: number, value: number) => void): void {
    for (let i = 0; i < this.used.length; i++)
      if (this.used[i]) f(this.hi[i]!, this.lo[i]!, this.values ? this.values[i]! : 0);
  }
}

/** Two code units as one key. */
export const pairKey = (a: number, b: number) => ((a << 16) | b) >>> 0;
/** Two independent 20-bit hashes of a pair key, for the variant filter (a Bloom filter with two probes). */
export const filterHash = (key: number) => Math.imul(key, 0x9e3779b1) >>> 12;
export const filterHash2 = (key: number) => Math.imul(key ^ (key >>> 15), 0x85ebca6b) >>> 12;

export interface Index {
  /** Two- and three-unit words of the dictionary (the context checks). */
  words: UnitTable;
  /** Variant pair → the frequent word it is a slip of (as a pair key). */
  variants: UnitTable;
  /**
   * Two bits per variant pair (2^20 bits, probes filterHash and filterHash2): nearly every position of a text is
   * rejected by one or two reads, before the table is probed (bitmaps per character reject little, since variants use
   * most common characters). With one probe 6.5% of the positions of gov-texts passed, ten times the real variant
   * pairs, and each paid a probe of the variant table far out of the cache.
   */
  filter: Uint32Array;
  /** Per UTF-16 unit, the id (from 1) of its main toneless reading; 0 for a unit no frequent word holds. */
  readings: Uint16Array;
  /**
   * Reading ids of two units (as a pair key) → the most frequent two-character word of the dictionary read so
   * (freq ≥ {@link SOUND_WORD_FREQUENCY}, no names): what a slip that replaced a whole word by its sound may have meant
   * (郭嘉 → 国家; see typo/lm's word swaps).
   */
  soundWords: UnitTable;
  /**
   * Every toneless reading of each UTF-16 unit (行: xing, hang, heng), as reading ids of the same numbering as
   * `readings`: unit u's are `ids[at[u]]` to `ids[at[u + 1] - 1]`; a unit without a reading (not Han, or not in
   * pinyin-pro's table) has none. For wording/fixed-expression's same-sound slips, so that no thread needs pinyin-pro
   * and its phrase dictionary at run time.
   */
  sounds: { at: Uint16Array; ids: Uint16Array };
}

/** Whether UTF-16 units `a` and `b` share a toneless reading (see {@link Index.sounds}). */
export function shareReading(index: Index, a: number, b: number): boolean {
  const { at, ids } = index.sounds;
  for (let i = at[a]!; i < at[a + 1]!; i++)
    for (let j = at[b]!; j < at[b + 1]!; j++) if (ids[i] === ids[j]) return true;
  return false;
}

/** The least dictionary frequency of a word in {@link Index.soundWords}. */
export const SOUND_WORD_FREQUENCY = 1000;

const HAN = /\p{Script=Han}/u;
// Characters that are words by themselves and stand next to anything; a pair holding one is no evidence.
const FUNCTION_CHARS =
  /[的地得了是在和与中上下不时并可也都就而及或其之为以于对把被从向由等个这那有无要会能将所一二三四五六七八九十人年月日自后前内外里多少]/;

function loadDictionary(): Uint8Array | undefined {
  try {
    // The package reads its own bundled dictionary.
    const require = createRequire(import.meta.url);
    const id = require.resolve('@node-rs/jieba/dict');
    const { dict } = require(id) as { dict: Uint8Array };
    // The module keeps its word lists (11 MB) for the life of the process; the index is all the rule needs.
    delete require.cache[id];
    return dict;
  } catch {
    return undefined;
  }
}

/**
 * Reads `word freq tag` lines of the UTF-8 word list without decoding it to one large string: two- and
 * three-unit words, and the frequencies (≥ 50) of two-unit words in list order.
 */
function parseDictionary(bytes: Uint8Array): {
  keys: Uint32Array;
  his: Uint16Array;
  count: number;
  freq2: Map<number, number>;
  names: Set<number>;
} {
  let lines = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) lines++;
  const keys = new Uint32Array(lines);
  const his = new Uint16Array(lines);
  let count = 0;
  const freq2 = new Map<number, number>();
  const names = new Set<number>();
  const units = [0, 0, 0];
  const n = bytes.length;
  let p = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (p < n) {
    let size = 0;
    let q = p;
    while (q < n && bytes[q] !== 0x20 && bytes[q] !== 0x0a) {
      const b = bytes[q]!;
      let cp: number;
      if (b < 0x80) {
        cp = b;
        q += 1;
      } else if (b < 0xe0) {
        cp = ((b & 0x1f) << 6) | (bytes[q + 1]! & 0x3f);
        q += 2;
      } else if (b < 0xf0) {
        cp = ((b & 0x0f) << 12) | ((bytes[q + 1]! & 0x3f) << 6) | (bytes[q + 2]! & 0x3f);
        q += 3;
      } else {
        cp =
          ((b & 0x07) << 18) | ((bytes[q + 1]! & 0x3f) << 12) | ((bytes[q + 2]! & 0x3f) << 6) | (bytes[q + 3]! & 0x3f);
        q += 4;
      }
      if (cp > 0xffff) {
        if (size < 3) units[size] = 0xd800 + ((cp - 0x10000) >> 10);
        if (size + 1 < 3) units[size + 1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        size += 2;
      } else {
        if (size < 3) units[size] = cp;
        size += 1;
      }
    }
    let nl = q;
    while (nl < n && bytes[nl] !== 0x0a) nl++;
    if (q < nl && (size === 2 || size === 3)) {
      if (size === 2) {
        const key = pairKey(units[0]!, units[1]!);
        keys[count++] = key;
        let f = 0;
        let d = q + 1;
        while (d < nl && d < q + 10 && bytes[d]! >= 0x30 && bytes[d]! <= 0x39) f = f * 10 + bytes[d++]! - 0x30;
        if (d > q + 1 && f >= 50) freq2.set(key, f);
        // The tag after the frequency: person and place names (nr, nrt, ns) are never proposed as a word's sound.
        if (bytes[d] === 0x20 && bytes[d + 1] === 0x6e && (bytes[d + 2] === 0x72 || bytes[d + 2] === 0x73))
          names.add(key);
      } else {
        his[count] = units[0]!;
        keys[count++] = pairKey(units[1]!, units[2]!);
      }
    }
    p = nl + 1;
  }
  return { keys, his, count, freq2, names };
}

/**
 * Builds the index from the jieba word list and pinyin-pro readings (under a second of CPU): `npm run build`
 * does it once for the default frequency and stores the result (see {@link serializeIndex}).
 */
export function buildIndex(minFreq: number): Index | null {
  const bytes = loadDictionary();
  if (!bytes) return null;
  const { keys, his, count, freq2, names } = parseDictionary(bytes);
  const words = new UnitTable(count);
  for (let i = 0; i < count; i++) words.set(his[i]!, keys[i]!);
  const text = (key: number) => String.fromCharCode(key >>> 16, key & 0xffff);
  // Characters by their main reading: a slip types the character the word's sound calls up first.
  const chars: string[] = [];
  const seen = new Uint8Array(65536);
  const seenAstral = new Set<string>();
  const consider = (c: string) => {
    if (c.length === 1) {
      if (seen[c.charCodeAt(0)]) return;
      seen[c.charCodeAt(0)] = 1;
    } else {
      if (seenAstral.has(c)) return;
      seenAstral.add(c);
    }
    if (HAN.test(c)) chars.push(c);
  };
  for (const key of freq2.keys()) {
    const a = key >>> 16;
    const b = key & 0xffff;
    if (a >= 0xd800 && a <= 0xdbff) consider(String.fromCharCode(a, b));
    else {
      consider(String.fromCharCode(a));
      consider(String.fromCharCode(b));
    }
  }
  // One call for all characters: separated by spaces, each is read on its own, as a call per character reads it.
  const { pinyin } = pinyinPro();
  let readings = (pinyin(chars.join(' '), { toneType: 'none', type: 'array' }) as string[]).filter(
    (r) => r.trim() !== '',
  );
  if (readings.length !== chars.length) readings = chars.map((c) => pinyin(c, { toneType: 'none' }));
  const byReading = new Map<string, number[]>();
  const readingIds = new Map<string, number>();
  const charReading = new Uint16Array(65536);
  chars.forEach((c, i) => {
    if (c.length === 1) {
      const r = readings[i]!;
      let id = readingIds.get(r);
      if (id === undefined) readingIds.set(r, (id = readingIds.size + 1));
      charReading[c.charCodeAt(0)] = id;
    }
    // An astral character makes a three-unit variant, which the two-unit scan never meets.
    if (c.length !== 1) return;
    const r = readings[i]!;
    let list = byReading.get(r);
    if (!list) byReading.set(r, (list = []));
    list.push(c.charCodeAt(0));
  });
  const functionChar = new Uint8Array(65536);
  for (const c of FUNCTION_CHARS.source.slice(1, -1)) functionChar[c.charCodeAt(0)] = 1;
  // Variant pair → the most frequent word it is a slip of (the first such word in list order on a tie).
  const variants = new UnitTable(freq2.size * 2, { values: true, weights: true });
  for (const [key, freq] of freq2) {
    const w = text(key);
    if (freq < minFreq || !/^\p{Script=Han}{2}$/u.test(w)) continue;
    const wr = pinyin(w, { toneType: 'none', type: 'array' });
    const w0 = key >>> 16;
    const w1 = key & 0xffff;
    for (let k = 0; k < 2; k++) {
      const own = k === 0 ? w0 : w1;
      const other = k === 0 ? w1 : w0;
      if (functionChar[other]) continue;
      for (const d of byReading.get(wr[k]!) ?? []) {
        if (d === own || functionChar[d]) continue;
        const vk = k === 0 ? pairKey(d, w1) : pairKey(w0, d);
        if (words.get(0, vk) >= 0) continue;
        const old = variants.weight(0, vk);
        if (old < 0 || old < freq) variants.set(0, vk, key, freq);
      }
    }
  }
  // Words by the sound of their two characters, each read in the word (行 in 举行 as xing): the most frequent wins.
  const frequent = [...freq2].filter(
    ([key, f]) =>
      f >= SOUND_WORD_FREQUENCY && !names.has(key) && key >>> 16 < 0xd800 && /^\p{Script=Han}{2}$/u.test(text(key)),
  );
  const wordReadings = pinyin(frequent.map(([key]) => text(key)).join(' '), {
    toneType: 'none',
    type: 'array',
  }) as string[];
  const spoken = wordReadings.filter((r) => r.trim() !== '');
  const soundWeights = new UnitTable(frequent.length, { values: true, weights: true });
  if (spoken.length === frequent.length * 2)
    frequent.forEach(([key, f], k) => {
      const a = readingIds.get(spoken[2 * k]!);
      const b = readingIds.get(spoken[2 * k + 1]!);
      if (!a || !b) return;
      const old = soundWeights.weight(0, pairKey(a, b));
      if (old < f) soundWeights.set(0, pairKey(a, b), key, f);
    });
  const soundWords = new UnitTable(soundWeights.count, { values: true });
  const sounds = allReadings(pinyinPro().polyphonic, readingIds);
  soundWeights.forEach((_, k, word) => soundWords.set(0, k, word));
  // The table the scan keeps: exact size, no weights.
  const compact = new UnitTable(variants.count, { values: true });
  const filter = new Uint32Array(1 << 15);
  variants.forEach((_, vk, word) => {
    compact.set(0, vk, word);
    const h = filterHash(vk);
    filter[h >>> 5]! |= 1 << (h & 31);
    const h2 = filterHash2(vk);
    filter[h2 >>> 5]! |= 1 << (h2 & 31);
  });
  return { words, variants: compact, filter, readings: charReading, soundWords, sounds };
}

/**
 * Index.sounds: each unit's readings by pinyin-pro (one call per unit; a unit it has no reading for comes back as
 * itself), numbered on from `readingIds` (which it extends) so that a unit's main reading keeps its id.
 */
function allReadings(
  polyphonic: typeof import('pinyin-pro').polyphonic,
  readingIds: Map<string, number>,
): Index['sounds'] {
  const at = new Uint16Array(65537);
  const ids: number[] = [];
  for (let u = 0; u < 65536; u++) {
    at[u] = ids.length;
    if (u >= 0xd800 && u <= 0xdfff) continue;
    const c = String.fromCharCode(u);
    if (!HAN.test(c)) continue;
    const rs = (polyphonic(c, { toneType: 'none', type: 'array' }) as string[][])[0] ?? [];
    for (const r of new Set(rs)) {
      if (r === c || !/^[a-zêü]+$/.test(r)) continue;
      let id = readingIds.get(r);
      if (id === undefined) readingIds.set(r, (id = readingIds.size + 1));
      ids.push(id);
    }
  }
  at[65536] = ids.length;
  if (ids.length > 0xffff) throw new RangeError('too many readings for the index');
  return { at, ids: Uint16Array.from(ids) };
}

const MAGIC = 0x49485747; // 'GWHI'
const FORMAT = 4;
const HEADER_WORDS = 11;

/**
 * The index as one little-endian blob: a header, then each table's arrays, every section 4-byte aligned so that
 * loading makes typed-array views over the file's bytes instead of copies.
 */
export function serializeIndex(index: Index, minFreq: number): Uint8Array {
  const { words, variants, filter, readings, soundWords, sounds } = index;
  const parts: ArrayBufferView[] = [
    words.lo,
    words.hi,
    words.used,
    variants.lo,
    variants.values!,
    variants.hi,
    variants.used,
    filter,
    soundWords.lo,
    soundWords.values!,
    soundWords.hi,
    soundWords.used,
    readings,
    sounds.at,
    sounds.ids,
  ];
  const padded = (n: number) => (n + 3) & ~3;
  const total = HEADER_WORDS * 4 + parts.reduce((n, p) => n + padded(p.byteLength), 0);
  const out = new Uint8Array(total);
  new Uint32Array(out.buffer, 0, HEADER_WORDS).set([
    MAGIC,
    FORMAT,
    minFreq,
    words.used.length,
    words.count,
    variants.used.length,
    variants.count,
    filter.length,
    soundWords.used.length,
    soundWords.count,
    sounds.ids.length,
  ]);
  let at = HEADER_WORDS * 4;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += padded(p.byteLength);
  }
  return out;
}

/** The index in a blob from {@link serializeIndex}, or undefined when the blob is not one (other format or frequency). */
export function deserializeIndex(bytes: Uint8Array, minFreq: number): Index | undefined {
  if (bytes.byteLength < HEADER_WORDS * 4) return undefined;
  // Views need 4-byte aligned offsets; a buffer from a pool may not start aligned, so such bytes are copied once.
  const buf = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const header = new Uint32Array(buf.buffer, buf.byteOffset, HEADER_WORDS);
  const [
    magic,
    format,
    freq,
    wordsCap,
    wordsCount,
    variantsCap,
    variantsCount,
    filterLength,
    soundCap,
    soundCount,
    soundIds,
  ] = header as unknown as number[];
  if (magic !== MAGIC || format !== FORMAT || freq !== minFreq) return undefined;
  const powerOfTwo = (n: number) => n >= 1024 && (n & (n - 1)) === 0;
  if (!powerOfTwo(wordsCap!) || !powerOfTwo(variantsCap!) || !powerOfTwo(soundCap!)) return undefined;
  let at = buf.byteOffset + HEADER_WORDS * 4;
  const end = buf.byteOffset + buf.byteLength;
  const take = <T>(make: (b: ArrayBuffer, o: number, n: number) => T, n: number, size: number): T => {
    if (at + n * size > end) throw new RangeError('truncated homophone index');
    const v = make(buf.buffer as ArrayBuffer, at, n);
    at += (n * size + 3) & ~3;
    return v;
  };
  const u32 = (n: number) => take((b, o, k) => new Uint32Array(b, o, k), n, 4);
  const u16 = (n: number) => take((b, o, k) => new Uint16Array(b, o, k), n, 2);
  const u8 = (n: number) => take((b, o, k) => new Uint8Array(b, o, k), n, 1);
  try {
    const wordsLo = u32(wordsCap!);
    const words = UnitTable.over({ lo: wordsLo, hi: u16(wordsCap!), used: u8(wordsCap!) }, wordsCount!);
    const vLo = u32(variantsCap!);
    const vValues = u32(variantsCap!);
    const variants = UnitTable.over(
      { lo: vLo, values: vValues, hi: u16(variantsCap!), used: u8(variantsCap!) },
      variantsCount!,
    );
    const filter = u32(filterLength!);
    const sLo = u32(soundCap!);
    const sValues = u32(soundCap!);
    const soundWords = UnitTable.over(
      { lo: sLo, values: sValues, hi: u16(soundCap!), used: u8(soundCap!) },
      soundCount!,
    );
    const readings = u16(65536);
    const sounds = { at: u16(65537), ids: u16(soundIds!) };
    // Offsets that go back or past the ids would read undefined, which compares equal to undefined.
    for (let u = 0; u < 65536; u++) if (sounds.at[u]! > sounds.at[u + 1]!) return undefined;
    if (sounds.at[65536] !== soundIds) return undefined;
    return at === end ? { words, variants, filter, readings, soundWords, sounds } : undefined;
  } catch {
    return undefined;
  }
}

/** Where `npm run build` puts the prebuilt index: beside this module, and beside the bundle that inlines it. */
export const PREBUILT_INDEX_FILE = 'homophone-index.bin';

/** The prebuilt index, or undefined when there is none (a source checkout before its first build) or it does not fit. */
export function loadPrebuiltIndex(minFreq = DEFAULT_MIN_FREQUENCY): Index | undefined {
  if (minFreq !== DEFAULT_MIN_FREQUENCY || new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = readDataFile(PREBUILT_INDEX_FILE);
  } catch {
    return undefined;
  }
  return deserializeIndex(bytes, minFreq);
}

const indexes = new Map<number, Index | null>();

/** The index for a minimum frequency, made on first use: prebuilt for the default, else built (null without the word list). */
export function indexFor(minFreq: number): Index | null {
  let index = indexes.get(minFreq);
  if (index === undefined) {
    index = loadPrebuiltIndex(minFreq) ?? buildIndex(minFreq);
    indexes.set(minFreq, index);
  }
  return index;
}

/** The rule's word index, for tests: membership of a two- or three-unit word, and the word a variant pair slips from. */
export function homophoneIndex(
  minFreq = DEFAULT_MIN_FREQUENCY,
): { isWord(s: string): boolean; variantOf(pair: string): string | undefined } | undefined {
  const index = indexFor(minFreq);
  if (!index) return undefined;
  return {
    isWord: (s) =>
      s.length === 2
        ? index.words.get(0, pairKey(s.charCodeAt(0), s.charCodeAt(1))) >= 0
        : s.length === 3 && index.words.get(s.charCodeAt(0), pairKey(s.charCodeAt(1), s.charCodeAt(2))) >= 0,
    variantOf: (pair) => {
      if (pair.length !== 2) return undefined;
      const w = index.variants.get(0, pairKey(pair.charCodeAt(0), pair.charCodeAt(1)));
      return w < 0 ? undefined : String.fromCharCode(w >>> 16, w & 0xffff);
    },
  };
}
