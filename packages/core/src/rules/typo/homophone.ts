import type { Rule } from '../../engine/types.js';
import { DEFAULT_MIN_FREQUENCY, filterHash, filterHash2, indexFor, pairKey } from './homophone-index.js';
import { languageModel, USED_PAIR } from './lm-model.js';
import { ownText } from './own-text.js';

/**
 * Generalising typo detection beyond the lexicon: a two-character sequence that is not a word, whose one character
 * swapped for a same-sounding one (the pinyin a word's context gives it) makes a frequent word, is a likely
 * homophone slip (正档 → 正当, 跟据 → 根据). The dictionary with frequencies is the one the jieba package ships.
 *
 * Its precision (measured by `npm run eval`) is below what a fix needs, so it reports at info level with suggestions
 * only; `options.enabled: false` turns it off.
 */
/** First units of the pairs being counted in one document (set and cleared by each run). */
const leadUnit = new Uint8Array(65536);

/** Up to this many pairs are counted one by one with the string search; more, in one pass over the text. */
const FEW_PAIRS = 16;

/** Text length from which the filter is read in order before the scan (below it, the random reads are too few). */
const WARM_FROM = 1024;
const warmSink = new Int32Array(1);
/** One read per 64-byte line; the caller stores the sum (warmSink) so that the reads are not dead code. */
function warm(filter: Uint32Array): number {
  let s = 0;
  for (let i = 0; i < filter.length; i += 16) s += filter[i]!;
  return s;
}

/** The memo's run counter (RuleContext.memo), beside the lines' entries. */
const RUN = Symbol('run');
interface LineCandidates {
  /** Triples: position in the line, the pair's key, its word's key. */
  c: number[];
  run: number;
}

/**
 * Pushes onto `out` a triple (position, pair key, word key) for each pair of `text` that is no word, sits
 * in no word with a neighbour, and makes a frequent word with one character swapped for a same-sounding one. What
 * it finds at a position depends on at most three characters either side, none across a line break.
 */
function scan(text: string, index: NonNullable<ReturnType<typeof indexFor>>, out: number[]): void {
  const { words, variants, filter } = index;
  const len = text.length;
  // Whether text[s, min(e, len)) is a word of two or three units (a slice of the text, as the checks read it).
  const isWord = (s: number, e: number) => {
    if (e > len) e = len;
    if (e - s === 2) return words.get(0, pairKey(text.charCodeAt(s), text.charCodeAt(s + 1))) >= 0;
    return e - s === 3 && words.get(text.charCodeAt(s), pairKey(text.charCodeAt(s + 1), text.charCodeAt(s + 2))) >= 0;
  };
  // Each unit is read once (the pair slides along). Variant pairs are Han characters only (the index keeps
  // \p{Script=Han}, none below U+2E80): a pair with a digit, Latin letter, punctuation or line break is passed over
  // before the filter is read.
  let b = len ? text.charCodeAt(0) : 0;
  for (let i = 0; i + 1 < len; i++) {
    const a = b;
    b = text.charCodeAt(i + 1);
    if (a < 0x2e80 || b < 0x2e80) continue;
    const key = pairKey(a, b);
    const h = filterHash(key);
    if (!((filter[h >>> 5]! >>> (h & 31)) & 1)) continue;
    const h2 = filterHash2(key);
    if (!((filter[h2 >>> 5]! >>> (h2 & 31)) & 1)) continue;
    const wk = variants.get(0, key);
    if (wk < 0) continue;
    // Either character may belong to a neighbouring word instead (容易知道 holds 易知 but is fine).
    if (
      isWord(Math.max(0, i - 1), i + 1) ||
      isWord(i + 1, i + 3) ||
      isWord(i, i + 3) ||
      (i >= 1 && isWord(i - 1, i + 2)) ||
      (i >= 2 && isWord(i - 2, i + 1)) ||
      isWord(i + 1, i + 4)
    )
      continue;
    out.push(i, key, wk);
  }
}

export const homophoneRule: Rule = {
  meta: {
    id: 'typo/homophone',
    level: 'info',
    kind: 'code',
    file: 'packages/core/src/rules/typo/homophone.ts',
    description:
      '同音字误用的提示（仅作提示，不自动修正；可用 options.enabled: false 关闭）：两个字不成词，而其中一字换成同音字后成为常用词（如“正档”→“正当”）。基于词典和拼音的启发式方法，可能误报人名、新词。',
    message: '疑似同音字误用',
    standard: '《党政机关公文处理工作条例》第十九条',
    hasSuggestions: true,
    examples: {
      bad: [{ text: '请跟据有关规定办理。' }, { text: '答案正雀无误。' }],
      good: [
        '请根据有关规定办理。',
        '答案正确无误。',
        // The text's own: a parallel phrase, a name in a list of members, a 发文字号's code.
        '遴选乐教适教善教的优秀人才。',
        '　　　　甄成元　　某某局副局长',
        '你部《关于设立遗产日的请示》（建城〔2016〕144号）收悉。',
      ],
    },
  },
  create(ctx) {
    if (ctx.options.enabled === false) return;
    const minFreq = typeof ctx.options.minFrequency === 'number' ? ctx.options.minFrequency : DEFAULT_MIN_FREQUENCY;
    const index = indexFor(minFreq);
    if (!index) return;
    const text = ctx.text;
    const len = text.length;
    // First the candidates, then one more pass that counts them: judging each pair by scanning the text again made the
    // rule's time grow with candidates × length.
    const found: number[] = [];
    const memo = ctx.memo;
    // The filter (128 KB) is out of the fast caches by the time the next document comes (the other rules and the
    // young generation pass through them), and each position reads a random line of it: read in order first, which
    // the processor streams, it is then at hand. Over gov-texts this halves the rule's time; a short text (a line
    // re-checked in the editor) reads too few positions for it to pay.
    if (!memo) {
      if (len >= WARM_FROM) warmSink[0] = warm(index.filter);
      scan(text, index, found);
    } else {
      // Checked again at each edit (the language server): a line's candidates depend on that line alone (no word
      // holds a line break), so each line is scanned once and read back while its text is unchanged.
      if (!memo.size && len >= WARM_FROM) warmSink[0] = warm(index.filter);
      const run = ((memo.get(RUN) as number | undefined) ?? 0) + 1;
      memo.set(RUN, run);
      let lines = 0;
      for (let start = 0; start < len; lines++) {
        let end = text.indexOf('\n', start);
        if (end < 0) end = len;
        const line = text.slice(start, end);
        let e = memo.get(line) as LineCandidates | undefined;
        if (!e) {
          const c: number[] = [];
          scan(line, index, c);
          // Kept by a copy of its own: the slice would keep this whole version of the document alive.
          memo.set(` ${line}`.slice(1), (e = { c, run }));
        } else e.run = run;
        for (let k = 0; k < e.c.length; k += 3) found.push(e.c[k]! + start, e.c[k + 1]!, e.c[k + 2]!);
        start = end + 1;
      }
      if (memo.size > lines + 256)
        for (const [k, e] of memo) if (k !== RUN && (e as LineCandidates).run !== run) memo.delete(k);
    }
    if (!found.length) return;
    const lm = languageModel();
    // A pair used repeatedly is a term of the document (提质, 建强), not a slip; in a long document the right word
    // should appear elsewhere. Occurrences of the candidate pairs and their words, overlapping ones included.
    const counts = new Map<number, number>();
    for (let k = 0; k < found.length; k += 3) {
      counts.set(found[k + 1]!, 0);
      counts.set(found[k + 2]!, 0);
    }
    if (counts.size <= FEW_PAIRS) {
      // A few pairs (the usual case): each looked for with the string search, which passes over the text far faster
      // than a loop reading every unit.
      for (const key of counts.keys()) {
        const pair = String.fromCharCode(key >>> 16, key & 0xffff);
        let n = 0;
        for (let at = text.indexOf(pair); at >= 0; at = text.indexOf(pair, at + 1)) n++;
        counts.set(key, n);
      }
    } else {
      for (const key of counts.keys()) leadUnit[key >>> 16] = 1;
      for (let i = 0; i + 1 < len; i++) {
        const a = text.charCodeAt(i);
        if (!leadUnit[a]) continue;
        const key = pairKey(a, text.charCodeAt(i + 1));
        const n = counts.get(key);
        if (n !== undefined) counts.set(key, n + 1);
      }
      for (const key of counts.keys()) leadUnit[key >>> 16] = 0;
    }
    for (let k = 0; k < found.length; k += 3) {
      const i = found[k]!;
      const key = found[k + 1]!;
      const wk = found[k + 2]!;
      if (counts.get(key)! > 1 || (len > 300 && counts.get(wk)! === 0)) continue;
      if (ownText(text, i, 2, lm)) continue;
      // A pair the published documents typo/lm learnt from put side by side at least twice is their usage, not a slip:
      // 因城施策, 抓实建强, 市场禁入, 稳字当头, 有序设市 hold no word of the dictionary at the pair. Measured with models
      // trained on nine tenths of gov-texts over the tenth each left out: 37 reports there (all but one false) became
      // 13, while the rule's hits on misspelt ECSpell sentences went from 403 to 378 (train and test sets).
      if (lm && lm.pairCount(key >>> 16, key & 0xffff) >= USED_PAIR) continue;
      const pair = text.slice(i, i + 2);
      const word = String.fromCharCode(wk >>> 16, wk & 0xffff);
      const range = [i, i + 2] as const;
      ctx.report({
        range,
        message: `疑似同音字误用：“${pair}”是否应为“${word}”`,
        suggestions: [{ message: `改为“${word}”`, fix: { range, text: word } }],
      });
    }
  },
};
