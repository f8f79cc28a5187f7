import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';
import type { Rule } from '../../engine/types.js';

/**
 * Generalising typo detection beyond the lexicon: a two-character sequence that is not a word, whose one character
 * swapped for a same-sounding one (the pinyin a word's context gives it) makes a frequent word, is a likely
 * homophone slip (正档 → 正当, 跟据 → 根据). The dictionary with frequencies is the one the jieba package ships.
 *
 * Measured precision stays below what a default finding needs, so the rule is opt-in (`options.enabled: true`)
 * and reports at info level with suggestions only.
 */
interface Variant { word: string; freq: number; k: number }
interface Index { words: Set<string>; variants: Map<string, Variant>; first: Uint8Array; second: Uint8Array }

const indexes = new Map<number, Index | null>();
// Characters that are words by themselves and stand next to anything; a pair holding one is no evidence.
const FUNCTION_CHARS = /[的地得了是在和与中上下不时并可也都就而及或其之为以于对把被从向由等个这那有无要会能将所一二三四五六七八九十人年月日自后前内外里多少]/;

function loadDictionary(): string | undefined {
  try {
    // The package reads its own bundled dictionary; the engine does no file access of its own.
    const require = createRequire(import.meta.url);
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    return new TextDecoder().decode(dict);
  } catch {
    return undefined;
  }
}

function buildIndex(minFreq: number): Index | null {
  const txt = loadDictionary();
  if (!txt) return null;
  // Membership of two- and three-character words (the context checks), and frequencies of two-character ones.
  const words = new Set<string>();
  const freq2 = new Map<string, number>();
  for (let p = 0; p < txt.length;) {
    let nl = txt.indexOf('\n', p);
    if (nl < 0) nl = txt.length;
    const sp = txt.indexOf(' ', p);
    const len = sp - p;
    if (sp < nl && (len === 2 || len === 3)) {
      const w = txt.slice(p, sp);
      words.add(w);
      if (len === 2) {
        const f = parseInt(txt.slice(sp + 1, sp + 10), 10);
        if (f >= 50) freq2.set(w, f);
      }
    }
    p = nl + 1;
  }
  // Characters by their main reading: a slip types the character the word's sound calls up first.
  const byReading = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const w of freq2.keys()) {
    for (const c of w) {
      if (seen.has(c) || !/\p{Script=Han}/u.test(c)) continue;
      seen.add(c);
      const r = pinyin(c, { toneType: 'none' });
      let list = byReading.get(r);
      if (!list) byReading.set(r, (list = []));
      list.push(c);
    }
  }
  const variants = new Map<string, Variant>();
  for (const [w, freq] of freq2) {
    if (freq < minFreq || !/^\p{Script=Han}{2}$/u.test(w)) continue;
    const readings = pinyin(w, { toneType: 'none', type: 'array' });
    for (let k = 0; k < 2; k++) {
      for (const d of byReading.get(readings[k]!) ?? []) {
        if (d === w[k]) continue;
        const v = k === 0 ? d + w[1] : w[0] + d;
        if (words.has(v) || FUNCTION_CHARS.test(v)) continue;
        const old = variants.get(v);
        if (!old || old.freq < freq) variants.set(v, { word: w, freq, k });
      }
    }
  }
  // Code-unit bitmaps of the variants' first and second characters: most positions are rejected without a slice.
  const first = new Uint8Array(65536);
  const second = new Uint8Array(65536);
  for (const v of variants.keys()) {
    first[v.charCodeAt(0)] = 1;
    second[v.charCodeAt(1)] = 1;
  }
  return { words, variants, first, second };
}

function indexFor(minFreq: number): Index | null {
  if (!indexes.has(minFreq)) indexes.set(minFreq, buildIndex(minFreq));
  return indexes.get(minFreq)!;
}

export const homophoneRule: Rule = {
  meta: {
    id: 'typo/homophone',
    level: 'info',
    kind: 'code',
    description: '同音字误用的提示（默认关闭，设置 options.enabled: true 启用）：两个字不成词，而其中一字换成同音字后成为常用词（如“正档”→“正当”）。基于词典和拼音的启发式方法，可能误报人名、新词。',
    message: '疑似同音字误用',
    standard: '《党政机关公文处理工作条例》第十九条',
    hasSuggestions: true,
    examples: {
      bad: [{ text: '请跟据有关规定办理。' }, { text: '答案正雀无误。' }],
      good: ['请根据有关规定办理。', '答案正确无误。'],
    },
  },
  create(ctx) {
    if (ctx.options.enabled === false) return;
    const minFreq = typeof ctx.options.minFrequency === 'number' ? ctx.options.minFrequency : 3000;
    const index = indexFor(minFreq);
    if (!index) return;
    const { words, variants, first, second } = index;
    const text = ctx.text;
    const isWord = (s: string) => words.has(s);
    const judged = new Map<string, boolean>();
    for (let i = 0; i + 1 < text.length; i++) {
      if (!first[text.charCodeAt(i)] || !second[text.charCodeAt(i + 1)]) continue;
      const pair = text.slice(i, i + 2);
      const v = variants.get(pair);
      if (!v) continue;
      // Either character may belong to a neighbouring word instead (容易知道 holds 易知 but is fine).
      if (isWord(text.slice(Math.max(0, i - 1), i + 1)) || isWord(text.slice(i + 1, i + 3)) || isWord(text.slice(i, i + 3)) || (i >= 1 && isWord(text.slice(i - 1, i + 2))) || (i >= 2 && isWord(text.slice(i - 2, i + 1))) || isWord(text.slice(i + 1, i + 4))) continue;
      // A pair used repeatedly is a term of the document (提质, 建强), not a slip; in a long document the right
      // word should appear elsewhere. Both are scans of the whole text, so each pair is judged once.
      let verdict = judged.get(pair);
      if (verdict === undefined) {
        verdict = text.indexOf(pair, text.indexOf(pair) + 1) < 0 && (text.length <= 300 || text.includes(v.word));
        judged.set(pair, verdict);
      }
      if (!verdict) continue;
      const range = [i, i + 2] as const;
      ctx.report({
        range,
        message: `疑似同音字误用：“${pair}”是否应为“${v.word}”`,
        suggestions: [{ message: `改为“${v.word}”`, fix: { range, text: v.word } }],
      });
    }
  },
};
