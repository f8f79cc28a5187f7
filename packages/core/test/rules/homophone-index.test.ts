// The homophone rule keeps its word index in compact hash tables built straight from the word list's bytes. This
// test builds the same index the plain way (strings, Sets, one pinyin call per character) and requires both to agree
// on every word and every variant, so the compact form cannot change what the rule finds.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { pinyin } from 'pinyin-pro';
import { homophoneIndex } from '@gongwen/core';

const FUNCTION_CHARS = /[的地得了是在和与中上下不时并可也都就而及或其之为以于对把被从向由等个这那有无要会能将所一二三四五六七八九十人年月日自后前内外里多少]/;

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
    for (const [v, word] of ref.variants) if (index.variantOf(v) !== word) wrong.push(`${v}→${word}/${index.variantOf(v)}`);
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
