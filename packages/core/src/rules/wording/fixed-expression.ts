import type { Rule } from '../../engine/types.js';
import { nodeRequire } from '../../lazy.js';
import { DEFAULT_MIN_FREQUENCY, indexFor, shareReading } from '../typo/homophone-index.js';

// Fixed political and legal expressions (规范提法). A near miss — one character substituted by a same-sounding one,
// one missing or one extra, with the first and last characters intact — is reported against the canonical form.
// The unit's own `terms` join the list, so its fixed names are checked the same way.
export const FIXED_EXPRESSIONS = [
  '习近平新时代中国特色社会主义思想',
  '党中央、国务院',
  '中华人民共和国',
  '中国共产党',
  '全国人民代表大会常务委员会',
  '全国人民代表大会',
  '中国人民政治协商会议',
  '马克思列宁主义',
  '毛泽东思想',
  '邓小平理论',
  '“三个代表”重要思想',
  '科学发展观',
  '社会主义核心价值观',
  '中国特色社会主义',
  '中华民族伟大复兴',
  '以人民为中心',
  '全面建设社会主义现代化国家',
  '人类命运共同体',
  '铸牢中华民族共同体意识',
  '坚持和加强党的全面领导',
  '“两个确立”',
  '“两个维护”',
  '“四个意识”',
  '“四个自信”',
  '新发展理念',
  '新发展格局',
  '高质量发展',
  '全过程人民民主',
  '全面从严治党',
  '中央八项规定精神',
  '粤港澳大湾区',
  '长江经济带',
  '京津冀协同发展',
  '社会主义市场经济',
  '中国人民解放军',
  '中国人民武装警察部队',
  '最高人民法院',
  '最高人民检察院',
  '中央军事委员会',
  '中央纪律检查委员会',
  '国家监察委员会',
  '全面依法治国',
  '乡村振兴战略',
  '供给侧结构性改革',
  '生态文明建设',
  '绿水青山就是金山银山',
  '脱贫攻坚',
  '共同富裕',
  '总体国家安全观',
  '“一国两制”',
  '“一带一路”',
  '“放管服”改革',
  '实事求是',
  '不忘初心、牢记使命',
  '党的建设新的伟大工程',
];

// Same sound: the two characters share a toneless reading, of all each has (行 reads xing, hang and heng). The
// readings come from the homophone index's table, prebuilt from pinyin-pro by `npm run build` and shared by a pool's
// threads. Without an index (no prebuilt file, no word list to build one), pinyin-pro is asked: loading it cost a thread
// some 90 ms and 4 MB, and its `pinyin` built an automaton of its whole phrase dictionary first (9 MB more).
let pinyinModule: typeof import('pinyin-pro') | undefined;
const pinyinPro = () =>
  (pinyinModule ??= (
    typeof require === 'function' ? require('pinyin-pro') : nodeRequire('pinyin-pro')
  ) as typeof import('pinyin-pro'));
const sounds = new Map<string, Set<string>>();
function soundOf(c: string): Set<string> {
  let s = sounds.get(c);
  if (!s) {
    s = new Set(
      ((pinyinPro().polyphonic(c, { toneType: 'none', type: 'array' }) as string[][])[0] ?? []).filter((r) => r !== c),
    );
    sounds.set(c, s);
  }
  return s;
}
const sameSound = (a: string, b: string) => {
  const index = indexFor(DEFAULT_MIN_FREQUENCY);
  if (index) return shareReading(index, a.charCodeAt(0), b.charCodeAt(0));
  const sa = soundOf(a);
  for (const x of soundOf(b)) if (sa.has(x)) return true;
  return false;
};
const FUNCTION_CHARS = '的地得和与及同之了在是等、';
const isMark = (c: string) => /[\p{P}\s]/u.test(c);

/** How `window` differs from `phrase` by one edit, or undefined. */
function oneEdit(phrase: string, window: string): 'sub' | 'del' | 'ins' | undefined {
  if (window.length === phrase.length) {
    let diff = -1;
    for (let i = 0; i < phrase.length; i++) {
      if (phrase[i] !== window[i]) {
        if (diff >= 0) return undefined;
        diff = i;
      }
    }
    return diff > 0 &&
      diff < phrase.length - 1 &&
      !isMark(phrase[diff]!) &&
      !isMark(window[diff]!) &&
      sameSound(phrase[diff]!, window[diff]!)
      ? 'sub'
      : undefined;
  }
  const [short, long, kind] =
    window.length < phrase.length ? [window, phrase, 'del' as const] : [phrase, window, 'ins' as const];
  if (long.length !== short.length + 1) return undefined;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  if (long.slice(i + 1) !== short.slice(i)) return undefined;
  // Interior edits of a Han character only: the ends anchor the phrase, and punctuation is not a typo.
  if (i === 0 || i === long.length - 1 || isMark(long[i]!)) return undefined;
  // 乡村振兴的战略方向, 坚持加强党的全面领导: a function word added or dropped is grammar, not a miswritten phrase.
  if (FUNCTION_CHARS.includes(long[i]!)) return undefined;
  return kind;
}

interface Anchor {
  phrase: string;
  anchor: string;
  offset: number;
}
interface AnchorIndex {
  /**
   * A bit per hash of an anchor's first two code units (8 KB: it stays in the first-level cache). Many anchors begin
   * with a common character (中国, 人民, 社会), so a bit per character let a tenth of the text through to the map.
   */
  pairs: Uint32Array;
  byPair: Map<number, Anchor[]>;
}

const pairKey = (a: number, b: number) => a * 65536 + b;
const pairHash = (a: number, b: number) => (Math.imul((a << 16) | b, 0x9e3779b1) >>> 16) & 0xffff;
const anchorIndexes = new Map<string, AnchorIndex>();

/**
 * Any single edit leaves one half of a phrase intact, so each half is an anchor to search for. One pass over the text
 * finds every anchor: positions whose first two characters begin no anchor are skipped by two bitmap reads.
 */
function anchorIndex(phrases: readonly string[]): AnchorIndex {
  const id = phrases.join('\u0000');
  let index = anchorIndexes.get(id);
  if (index) return index;
  index = { pairs: new Uint32Array(2048), byPair: new Map() };
  for (const phrase of phrases) {
    const half = phrase.length >> 1;
    for (const [anchor, offset] of [
      [phrase.slice(0, half), 0],
      [phrase.slice(half), half],
    ] as const) {
      if (anchor.length < 2) continue;
      const a = anchor.charCodeAt(0);
      const b = anchor.charCodeAt(1);
      const h = pairHash(a, b);
      index.pairs[h >>> 5]! |= 1 << (h & 31);
      const key = pairKey(a, b);
      let list = index.byPair.get(key);
      if (!list) index.byPair.set(key, (list = []));
      list.push({ phrase, anchor, offset });
    }
  }
  // Units' term lists differ; a handful of distinct lists per process is the most there will be.
  if (anchorIndexes.size > 16) anchorIndexes.clear();
  anchorIndexes.set(id, index);
  return index;
}

let lastTerms: string | undefined;
let lastIndex: AnchorIndex | undefined;

/** The index of the fixed expressions and a unit's terms of four characters or more (the same terms: no work). */
function indexForTerms(terms: readonly string[]): AnchorIndex {
  // By content, not by the array: a caller may change its list in place between documents.
  const key = terms.join('\u0000');
  if (key !== lastTerms || !lastIndex) {
    lastIndex = anchorIndex([...FIXED_EXPRESSIONS, ...terms.filter((t) => [...t].length >= 4)]);
    lastTerms = key;
  }
  return lastIndex;
}

export const fixedExpressionRule: Rule = {
  meta: {
    id: 'wording/fixed-expression',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/wording/fixed-expression.ts',
    locality: 'line',
    description:
      '规范提法和固定名称（如“习近平新时代中国特色社会主义思想”“中华人民共和国”“党中央、国务院”）不得错字、漏字、多字；单位自定义的术语（terms）也按规范形式检查。',
    message: '规范提法有误',
    standard: '《党政机关公文处理工作条例》第十九条',
    fixable: true,
    examples: {
      bad: [
        { text: '深入学习习近平新时代中国特色社会主意思想。', fixed: '深入学习习近平新时代中国特色社会主义思想。' },
        { text: '依据中华人民共合国法律。', fixed: '依据中华人民共和国法律。' },
        { text: '坚持以人民为忠心的发展思想。', fixed: '坚持以人民为中心的发展思想。' },
      ],
      good: [
        '深入学习习近平新时代中国特色社会主义思想。',
        '全省人民代表大会',
        '中国共产党第二十次全国代表大会',
        '党的二十大',
      ],
    },
  },
  create(ctx) {
    const text = ctx.text;
    const index = indexForTerms(ctx.terms);
    const { pairs } = index;
    // Windows already judged, per phrase (both halves of a phrase can lead to the same window).
    let seen: Map<string, Set<number>> | undefined;
    // The pair slides along: each unit is read once.
    let b = text.length ? text.charCodeAt(0) : 0;
    for (let i = 0; i + 1 < text.length; i++) {
      const a = b;
      b = text.charCodeAt(i + 1);
      const h = pairHash(a, b);
      if (!((pairs[h >>> 5]! >>> (h & 31)) & 1)) continue;
      const anchors = index.byPair.get(pairKey(a, b));
      if (!anchors) continue;
      for (const { phrase, anchor, offset } of anchors) {
        if (!text.startsWith(anchor, i)) continue;
        const n = phrase.length;
        const half = n >> 1;
        const head = phrase.charCodeAt(0);
        const tail = phrase.charCodeAt(n - 1);
        for (let len = n - 1; len <= n + 1; len++) {
          // The window starts where the anchor puts it: at the anchor for a first half, else before it, the edit
          // being either in the first half (the window is len - (n - half) long before the anchor) or not.
          for (let k = offset === 0 ? 1 : 0; k < 2; k++) {
            const s = offset === 0 ? i : k === 0 ? i - (len - (n - half)) : i - offset;
            // One interior edit keeps the first and the last character: no other window can be a near miss.
            if (s < 0 || s + len > text.length || text.charCodeAt(s) !== head || text.charCodeAt(s + len - 1) !== tail)
              continue;
            seen ??= new Map();
            let judged = seen.get(phrase);
            if (!judged) seen.set(phrase, (judged = new Set()));
            if (judged.has(s * 4 + len - n + 1)) continue;
            judged.add(s * 4 + len - n + 1);
            const w = text.slice(s, s + len);
            if (w === phrase) continue;
            const kind = oneEdit(phrase, w);
            if (!kind) continue;
            // The exact phrase right here (e.g. an extra character after it) is not a near miss.
            if (text.startsWith(phrase, s) || text.slice(Math.max(0, s - 1), s + len + 1).includes(phrase)) continue;
            const range = [s, s + len] as const;
            const what = kind === 'sub' ? '错字' : kind === 'del' ? '漏字' : '多字';
            ctx.report({ range, message: `规范提法“${phrase}”${what}：“${w}”`, fix: { range, text: phrase } });
          }
        }
      }
    }
  },
};
