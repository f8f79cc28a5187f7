// The homophone rule keeps its word index in compact hash tables built straight from the word list's bytes. This
// test builds the same index the plain way (strings, Sets, one pinyin call per character) and requires both to agree
// on every word and every variant, so the compact form cannot change what the rule finds.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { pinyin, polyphonic } from 'pinyin-pro';
import { homophoneIndex } from '@gongwen/core';
// The built module itself: its prebuilt blob sits beside it (npm run build writes it after tsc).
import {
  buildIndex,
  DEFAULT_MIN_FREQUENCY,
  deserializeIndex,
  loadPrebuiltIndex,
  PREBUILT_INDEX_FILE,
  serializeIndex,
  shareReading,
} from '../../dist/rules/typo/homophone-index.js';

const FUNCTION_CHARS =
  /[的地得了是在和与中上下不时并可也都就而及或其之为以于对把被从向由等个这那有无要会能将所一二三四五六七八九十人年月日自后前内外里多少]/;

function referenceIndex(minFreq: number): { words: Set<string>; variants: Map<string, string> } {
  const require = createRequire(import.meta.url);
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
  const txt = new TextDecoder().decode(dict);
  const words = new Set<string>();
  const freq2 = new Map<string, number>();
  for (const line of txt.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp !== 2 && sp !== 3) continue;
    const w = line.slice(0, sp);
    words.add(w);
    if (sp === 2) {
      const f = parseInt(line.slice(sp + 1, sp + 10), 10);
      if (f >= 50) freq2.set(w, f);
    }
  }
  const byReading = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const w of freq2.keys()) {
    for (const c of w) {
      if (seen.has(c) || !/\p{Script=Han}/u.test(c)) continue;
      seen.add(c);
      const r = pinyin(c, { toneType: 'none' });
      byReading.set(r, [...(byReading.get(r) ?? []), c]);
    }
  }
  const best = new Map<string, { word: string; freq: number }>();
  for (const [w, freq] of freq2) {
    if (freq < minFreq || !/^\p{Script=Han}{2}$/u.test(w)) continue;
    const readings = pinyin(w, { toneType: 'none', type: 'array' });
    for (let k = 0; k < 2; k++) {
      for (const d of byReading.get(readings[k]!) ?? []) {
        if (d === w[k]) continue;
        const v = k === 0 ? d + w[1] : w[0] + d;
        if (words.has(v) || FUNCTION_CHARS.test(v)) continue;
        const old = best.get(v);
        if (!old || old.freq < freq) best.set(v, { word: w, freq });
      }
    }
  }
  return { words, variants: new Map([...best].filter(([v]) => v.length === 2).map(([v, { word }]) => [v, word])) };
}

describe('typo/homophone index', () => {
  it('holds exactly the words and variants of the plain build', () => {
    const index = homophoneIndex(3000)!;
    expect(index).toBeDefined();
    const ref = referenceIndex(3000);
    expect(ref.variants.size).toBeGreaterThan(10_000);
    let words = 0;
    for (const w of ref.words) if (index.isWord(w)) words++;
    expect(words).toBe(ref.words.size);
    const wrong: string[] = [];
    for (const [v, word] of ref.variants)
      if (index.variantOf(v) !== word) wrong.push(`${v}→${word}/${index.variantOf(v)}`);
    expect(wrong.slice(0, 10)).toEqual([]);
    // And nothing more: every pair of characters that occur in variants, looked up both ways.
    const chars = [...new Set([...ref.variants.keys()].join(''))].slice(0, 400);
    let extra = 0;
    for (const a of chars) {
      for (const b of chars) {
        const p = a + b;
        if (index.variantOf(p) !== ref.variants.get(p)) extra++;
        if (index.isWord(p) !== ref.words.has(p)) extra++;
      }
    }
    expect(extra).toBe(0);
    expect(index.isWord('根据')).toBe(true);
    expect(index.variantOf('跟据')).toBe('根据');
  }, 60_000);
});

describe('typo/homophone prebuilt index', () => {
  const file = new URL(`../../dist/rules/typo/${PREBUILT_INDEX_FILE}`, import.meta.url);

  it('is byte for byte the index a fresh build makes, and is what the rule loads', () => {
    const prebuilt = readFileSync(file);
    const fresh = buildIndex(DEFAULT_MIN_FREQUENCY);
    expect(fresh).not.toBeNull();
    const bytes = serializeIndex(fresh!, DEFAULT_MIN_FREQUENCY);
    expect(prebuilt.length).toBe(bytes.length);
    expect(Buffer.compare(prebuilt, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length))).toBe(0);
    const loaded = loadPrebuiltIndex(DEFAULT_MIN_FREQUENCY);
    expect(loaded).toBeDefined();
    expect(loaded!.words.count).toBe(fresh!.words.count);
    expect(loaded!.variants.count).toBe(fresh!.variants.count);
    // Views over the file's bytes, not copies.
    expect(loaded!.words.lo.buffer).toBe(loaded!.filter.buffer);
  }, 60_000);

  it('refuses a blob made for another frequency, of another size or truncated', () => {
    const prebuilt = new Uint8Array(readFileSync(file));
    expect(deserializeIndex(prebuilt, DEFAULT_MIN_FREQUENCY)).toBeDefined();
    expect(deserializeIndex(prebuilt, 5000)).toBeUndefined();
    expect(loadPrebuiltIndex(5000)).toBeUndefined();
    expect(deserializeIndex(prebuilt.subarray(0, prebuilt.length - 4), DEFAULT_MIN_FREQUENCY)).toBeUndefined();
    expect(deserializeIndex(prebuilt.subarray(0, 40), DEFAULT_MIN_FREQUENCY)).toBeUndefined();
    const grown = new Uint8Array(prebuilt.length + 4);
    grown.set(prebuilt);
    expect(deserializeIndex(grown, DEFAULT_MIN_FREQUENCY)).toBeUndefined();
    // An unaligned copy still reads (copied once), with the same contents.
    const odd = new Uint8Array(prebuilt.length + 1);
    odd.set(prebuilt, 1);
    const fromOdd = deserializeIndex(odd.subarray(1), DEFAULT_MIN_FREQUENCY);
    expect(fromOdd?.variants.count).toBeGreaterThan(10_000);
  });

  it('builds an index for another frequency at run time, with fewer variants', () => {
    const other = homophoneIndex(20_000)!;
    expect(other.isWord('根据')).toBe(true);
    const defaults = loadPrebuiltIndex(DEFAULT_MIN_FREQUENCY)!;
    const built = buildIndex(20_000)!;
    expect(built.variants.count).toBeLessThan(defaults.variants.count);
  }, 60_000);
});

describe('typo/homophone index: every reading of a character', () => {
  // The readings pinyin-pro gives a character (all of them, toneless); a character it has none for comes back as itself.
  const readingsOf = (u: number) => {
    const c = String.fromCharCode(u);
    return new Set((polyphonic(c, { toneType: 'none', type: 'array' })[0] ?? []).filter((r) => r !== c));
  };

  it('says two characters share a reading exactly when pinyin-pro gives them one in common', () => {
    const index = loadPrebuiltIndex(DEFAULT_MIN_FREQUENCY)!;
    const han: number[] = [];
    for (let u = 0x3400; u <= 0x9fff; u++) if (readingsOf(u).size) han.push(u);
    expect(han.length).toBeGreaterThan(20_000);
    const others = [0x61, 0x41, 0x3002, 0xff21, 0x3007, 0xd840];
    const probes = [
      ...'行长重地中忠主义意啊',
      ...Array.from({ length: 150 }, (_, i) => String.fromCharCode(han[(i * 7919) % han.length]!)),
    ];
    const sets = new Map<number, Set<string>>();
    const set = (u: number) => sets.get(u) ?? sets.set(u, readingsOf(u)).get(u)!;
    let shared = 0;
    const wrong: string[] = [];
    for (const p of probes) {
      const b = p.charCodeAt(0);
      for (const a of [...han, ...others]) {
        const want = [...set(a)].some((r) => set(b).has(r));
        const got = shareReading(index, a, b);
        if (got) shared++;
        if (got !== want && wrong.length < 10) wrong.push(`${String.fromCharCode(a)}/${p}: ${got}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(shared).toBeGreaterThan(1_000);
    const share = (a: string, b: string) => shareReading(index, a.charCodeAt(0), b.charCodeAt(0));
    expect([share('行', '航'), share('行', '星'), share('行', '恒'), share('义', '意')]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    // A letter is no character's reading: 啊 reads "a", the letter a has no reading.
    expect([share('a', '啊'), share('中', '忠'), share('中', '钟'), share('长', '常')]).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(share('主', '住')).toBe(true);
    expect(share('义', '主')).toBe(false);
  }, 60_000);

  it('refuses a blob whose table of readings is out of order', () => {
    const prebuilt = new Uint8Array(
      readFileSync(new URL(`../../dist/rules/typo/${PREBUILT_INDEX_FILE}`, import.meta.url)),
    );
    const index = deserializeIndex(prebuilt, DEFAULT_MIN_FREQUENCY)!;
    // The offsets of unit 行 (U+884C) made to run backwards.
    const at = index.sounds.at;
    const k = (at.byteOffset - prebuilt.byteOffset) / 2 + 0x884c;
    const bad = prebuilt.slice();
    new Uint16Array(bad.buffer, 0, bad.length >> 1)[k] = at[0x884c + 1]! + 1;
    expect(deserializeIndex(bad, DEFAULT_MIN_FREQUENCY)).toBeUndefined();
  });
});
