import type { Rule } from '../../engine/types.js';
import { findTypoCandidates, type TypoCandidate } from './lm-detect.js';
import { languageModel, LEXICON_PAIR, NEAR_SOUND, RARE_READING, SAME_SOUND, SIMILAR_SHAPE } from './lm-model.js';
import { ownText } from './own-text.js';
import { inTraditionalScript } from './script.js';

/**
 * Thresholds on the model's gain (ln P of the seven-character window with the proposal minus with the text),
 * calibrated by scripts/eval-typo-lm.mjs on the ECSpell training sets and on held-out government documents with a
 * model trained without them (the test sets only measure).
 */
export const LM_THRESHOLDS = {
  /**
   * A four-character dictionary word completed, where the text's character makes no word with its neighbours and
   * stands beside one it was never seen with (三令五伸, 防微杜惭): a warning with a fix above this gain (a set phrase
   * can be rare in the training text, so the window may even lose a little).
   */
  word4: -5,
  /** Any other completed four-character word (发扬广大 holds 广大 and only seen pairs): a suggestion above this gain. */
  word4Weak: 12,
  /** A two- or three-character word formed where the text's character forms none: a suggestion above this gain. */
  word: 16,
  /** A real-word slip (see TypoCandidate.contested): a suggestion above this gain. */
  contested: 18,
  /** A function word or numeral replaced or proposed (see TypoCandidate.func): a suggestion above this gain. */
  func: 16,
  /** A word formed by a character of the same sound and a similar shape (付/符, 铲/产): a suggestion above this gain. */
  soundAndShape: 13,
  /** A real-word slip whose proposal forms a word on each side: a suggestion above this gain. */
  contestedBoth: 10,
  /**
   * Near text like the training documents (at most this share of its other Han pairs unseen: see
   * TypoCandidate.background), an unseen pair is rare and the gain says more, so the lower thresholds below apply.
   */
  familiar: 0.15,
  /** `word` in familiar text. */
  wordFamiliar: 12,
  /** `contested` in familiar text. */
  contestedFamiliar: 12,
  /** `func` in familiar text. */
  funcFamiliar: 10,
  /**
   * A proposal that fits the words around it better than the text's character (see TypoCandidate.wordContext) where
   * at most `wordContextBackground` of the Han pairs around are unseen: a suggestion above this gain.
   */
  wordContext: 10,
  /**
   * A real-word slip found by the words alone (TypoCandidate.seenPairs: both of the character's pairs were seen): a
   * suggestion above this gain. At `wordContext`'s, models trained on nine tenths of gov-texts made 17 such
   * suggestions on the tenths they never read (one right: 撤消; the others 设市标准, 增信机制, 高毒, 政制发展 …, all at a
   * gain of at most 15.1), and none on the ECSpell test sets; on the ECSpell training sets 9 of their 20 remain
   * (政务共开, 村名委员会 among them).
   */
  seenPairs: 16,
  /** `wordContext` where the proposal fits on two sides more than the text's character. */
  wordContextStrong: 9,
  wordContextBackground: 0.15,
  /**
   * `wordContextBackground` for a proposal that forms a word where the text's character forms none and stands beside
   * unseen pairs only (no real-word slip, no function word): with both the words and the pairs against the text, a
   * sentence may hold more terms the training text lacks.
   */
  wordContextBackgroundWord: 0.4,
  /** How many more sides than the text's character a proposal must fit on for `wordContextBackgroundWord`. */
  wordContextWordSides: 2,
  /** The gain such a proposal needs where the background is above `wordContextBackground`. */
  wordContextWordGain: 13,
  /**
   * A word formed where the text's character forms none, by a character that both sounds and looks like it (付/符,
   * 懈/解), that fits the training documents' words on at least one more side than the text's character: three
   * independent signals agree, so a small gain of the window suffices — in text like the training documents (at most
   * `soundShapeWordsBackground` of the pairs around unseen).
   */
  soundShapeWords: 4,
  soundShapeWordsBackground: 0.25,
  /**
   * A whole word replaced by another of the same sound (TypoCandidate.swap: 郭嘉 → 国家), which fits the words on both
   * sides where the text fits none: a suggestion above this gain of the window (both characters replaced).
   */
  wordSwap: 20,
};

/** The decision for one proposal: 'warning', 'info', or undefined (not reported). */
export function decide(c: TypoCandidate, t = LM_THRESHOLDS): 'warning' | 'info' | undefined {
  if (c.swap) return c.gain > t.wordSwap ? 'info' : undefined;
  if (!(c.kinds & (SAME_SOUND | NEAR_SOUND | SIMILAR_SHAPE | LEXICON_PAIR))) return undefined;
  if (c.textWord) return undefined;
  if (soundShapeWords(c, t)) return 'info';
  if (!c.seenPairs) {
    // A function word in a real-word slip: the words around decide alone (the character windows cannot).
    const level = c.func && c.contested ? undefined : decideByCharacters(c, t);
    if (level || c.word4) return level;
  }
  return fitsWords(c, t) ? 'info' : undefined;
}

/**
 * Whether the words around tell for the proposal (a suggestion): it fits them better than the text's character and
 * raises the window's probability, in text like the training documents. A slip found by the words alone must sound
 * like the proposal (look-alikes that form some word are many) and form a dictionary word; a real-word slip's
 * proposal must stand beside a word the training text had next to it; a function word there must fit on two more
 * sides.
 */
function fitsWords(c: TypoCandidate, t: typeof LM_THRESHOLDS): boolean {
  const context = c.wordContext ?? 0;
  if (context <= 0) return false;
  let least = context >= 2 ? t.wordContextStrong : t.wordContext;
  // Text with more unseen pairs around (terms the training text lacks): only the strongest cases, on a larger gain.
  if (c.background > t.wordContextBackground) {
    const plainWord = !c.seenPairs && !c.contested && !c.func && c.wordGain && !c.inWord && c.unseen >= 2;
    if (!plainWord || context < t.wordContextWordSides || c.background > t.wordContextBackgroundWord) return false;
    least = Math.max(least, t.wordContextWordGain);
  }
  if (c.gain <= least) return false;
  if (c.seenPairs)
    return c.gain > t.seenPairs && c.wordGain && (c.kinds & (SAME_SOUND | NEAR_SOUND | LEXICON_PAIR)) !== 0;
  if (c.contested && !((c.proposalFit ?? 0) > 0)) return false;
  return !(c.func && c.contested) || context >= 2;
}

/** See LM_THRESHOLDS.soundShapeWords. */
function soundShapeWords(c: TypoCandidate, t: typeof LM_THRESHOLDS): boolean {
  return (
    (c.kinds & (SAME_SOUND | SIMILAR_SHAPE)) === (SAME_SOUND | SIMILAR_SHAPE) &&
    c.wordGain &&
    !c.inWord &&
    !c.word4 &&
    !c.func &&
    (c.wordContext ?? 0) >= 1 &&
    c.background <= t.soundShapeWordsBackground &&
    c.gain > t.soundShapeWords
  );
}

const NUMERAL = /[〇零一二两三四五六七八九十百千万亿]/;
const PLACE = /[十百千万亿]/;

/**
 * The completion's character follows or precedes a number written in Chinese numerals (七百万 in 一千七百万新卢布): that
 * place holds a unit or a name the model only guesses from how often numbers meet units (七百万斤), so the completion
 * is a suggestion. A number is two numerals or more side by side, one of them a place (十, 百, 千, 万, 亿); idioms
 * set numerals apart (千方百计, 一心一意) and keep their fix.
 */
function besideNumber(c: TypoCandidate): boolean {
  const text = c.text4;
  const word = c.word4;
  if (text === undefined || word === undefined) return false;
  let k = 0;
  while (k < 4 && text[k] === word[k]) k++;
  const isNumber = (run: string) => run.length >= 2 && PLACE.test(run);
  let left = '';
  for (let i = k - 1; i >= 0 && NUMERAL.test(text[i]!); i--) left = text[i] + left;
  let right = '';
  for (let i = k + 1; i < 4 && NUMERAL.test(text[i]!); i++) right += text[i];
  return isNumber(left) || isNumber(right);
}

/** The decision from the character model and the dictionary alone. */
function decideByCharacters(c: TypoCandidate, t: typeof LM_THRESHOLDS): 'warning' | 'info' | undefined {
  if (c.word4) {
    // A completion that only sounds like the text's character by a rare reading of its own is not certain.
    const rare = (c.kinds & (RARE_READING | SIMILAR_SHAPE | LEXICON_PAIR)) === RARE_READING;
    // A text of two parallel halves (半卖半送, 有据有理: a character repeated two apart) is a phrase of its own making,
    // which a completion to the dictionary's one (半买半送) would undo: a suggestion, not a fix.
    const parallel = c.text4 !== undefined && (c.text4[0] === c.text4[2] || c.text4[1] === c.text4[3]);
    if (!c.inWord && c.unseen > 0 && c.gain > t.word4)
      return c.edgeWord || c.usedPair || parallel || rare || besideNumber(c) ? 'info' : 'warning';
    return c.gain > t.word4Weak ? 'info' : undefined;
  }
  const familiar = c.background <= t.familiar;
  if (c.func) return c.gain > (familiar ? t.funcFamiliar : t.func) ? 'info' : undefined;
  if (c.contested)
    return c.wordGain &&
      (c.gain > (familiar ? t.contestedFamiliar : t.contested) || (c.bothWords && c.gain > t.contestedBoth))
      ? 'info'
      : undefined;
  if (!c.wordGain || c.inWord) return undefined;
  const soundAndShape = (c.kinds & (SAME_SOUND | SIMILAR_SHAPE)) === (SAME_SOUND | SIMILAR_SHAPE);
  return c.gain > (familiar ? t.wordFamiliar : t.word) || (soundAndShape && c.gain > t.soundAndShape)
    ? 'info'
    : undefined;
}

/** Where a sentence ends (or a line: verse is written a couplet a line). */
const SENTENCE_END = /[。！？；\n]/;
/** A line's leading sequence number (`62、`), left out of the verse's first clause. */
const LEADING_NUMBER = /^\s*(?:\d{1,3}[、.．]|[一二三四五六七八九十百]{1,4}、)?/;
/** A clause of verse: three to seven Han characters and nothing else (诗 of five or seven, most lines of 词). */
const VERSE_CLAUSE = /^\p{Script=Han}{3,7}$/u;

/** A source named after a quotation on its line: a dash of two (――《将进酒》, ——李白). */
const ATTRIBUTION = /^[。！？；]?\s*(?:――|——)/;

/**
 * Whether the sentence [start, end) is quoted verse: two or more short clauses of Han characters alone, with its source
 * named after it on its line (天生我材必有用，千金散尽还复来。――《将进酒》). The model knows official prose; verse
 * keeps characters (材 for 才) and word orders that prose does not, so it is not questioned. Without the source it is
 * not taken for verse: prose and slogans have such clauses too (加强核安全监管，增强核安保能力), and so do sentences
 * with typos in the test sets.
 */
export function isVerse(text: string, start: number, end: number): boolean {
  if (!ATTRIBUTION.test(text.slice(end, end + 4))) return false;
  const sentence = text.slice(start, end);
  const body = sentence.slice(LEADING_NUMBER.exec(sentence)![0].length);
  const clauses = body.split('，');
  return clauses.length >= 2 && clauses.every((c) => VERSE_CLAUSE.test(c));
}

const KIND_NAMES: [number, string][] = [
  [SAME_SOUND, '同音'],
  [NEAR_SOUND, '近音'],
  [SIMILAR_SHAPE, '形近'],
  [LEXICON_PAIR, '常见误用'],
];

/**
 * Typos the lexicon cannot list: a character model of official Chinese (trained on published government documents)
 * marks characters whose neighbours it has never seen beside them, and a same-sound, near-sound or similar-shape
 * character that makes a dictionary word and raises the window's probability is proposed (防微杜惭 → 防微杜渐).
 * A completed four-character word (成语 and fixed phrases) is a warning with a fix; a two- or three-character word is
 * a suggestion. Text inside 《》, next to digits and Latin letters, the configured terms, lines written in
 * traditional characters and what ownText reads as the text's own (names, a list's one-character items, parallel
 * phrases) are left alone.
 */
export const lmRule: Rule = {
  meta: {
    id: 'typo/lm',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/typo/lm.ts',
    description:
      '基于公文语料统计语言模型的错别字检查：某字与上下文搭配罕见，换成音近或形近字后构成词典中的词且整体更通顺时提示。补全四字词语（成语、固定词组）的为警告并给出修正，其余仅作提示。以繁体字书写的行、注明出处的诗词引文不作判断（模型以简体公文训练）；单独成项的人名、以顿号列举的单字、并列短语中重复的字也不作判断。可用 options.enabled: false 关闭。',
    message: '疑似错别字',
    standard: '《党政机关公文处理工作条例》第十九条',
    hasSuggestions: true,
    fixable: true,
    locality: 'line',
    examples: {
      bad: [
        { text: '各单位要三令五伸，严格落实。', fixed: '各单位要三令五申，严格落实。' },
        { text: '坚持防微杜惭，抓早抓小。', fixed: '坚持防微杜渐，抓早抓小。' },
        { text: '他一生鞠躬尽粹，根深底固的习惯难改。', fixed: '他一生鞠躬尽瘁，根深蒂固的习惯难改。' },
        { text: '要把优良传统发扬广大。' },
      ],
      good: [
        '各单位要三令五申，严格落实。',
        '坚持防微杜渐，抓早抓小。',
        '要把优良传统发扬光大。',
        '他一生鞠躬尽瘁。',
        '联系人：陈淑琴',
        '天生我材必有用，千金散尽还复来。——李白《将进酒》',
      ],
    },
  },
  create(ctx) {
    if (ctx.options.enabled === false) return;
    const lm = languageModel();
    if (!lm) return;
    const text = ctx.text;
    // The configured terms are the unit's own spelling: no character inside one is questioned.
    let skip: ((i: number) => boolean) | undefined;
    if (ctx.terms.length) {
      const marked = new Set<number>();
      for (const term of ctx.terms) {
        if (!term) continue;
        for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1))
          for (let p = at; p < at + term.length; p++) marked.add(p);
      }
      if (marked.size) skip = (i) => marked.has(i);
    }
    const best = new Map<number, { c: TypoCandidate; level: 'warning' | 'info' }>();
    const t = LM_THRESHOLDS;
    const minGain = {
      pair: Math.min(
        t.word,
        t.contested,
        t.func,
        t.contestedBoth,
        t.soundAndShape,
        t.wordFamiliar,
        t.contestedFamiliar,
        t.funcFamiliar,
        t.wordContext,
        t.wordContextStrong,
        t.soundShapeWords,
      ),
      word: Math.min(t.word4, t.word4Weak),
      swap: t.wordSwap,
    };
    for (const c of findTypoCandidates(lm, text, skip, undefined, false, minGain)) {
      const level = decide(c);
      if (!level) continue;
      const old = best.get(c.index);
      // One proposal per character: a warning over a suggestion, then the larger gain.
      if (!old || (level === 'warning' && old.level === 'info') || (level === old.level && c.gain > old.c.gain))
        best.set(c.index, { c, level });
    }
    // A word swap covers two characters: where it overlaps another proposal, a warning is kept, else the earlier one.
    const kept: { c: TypoCandidate; level: 'warning' | 'info' }[] = [];
    for (const b of [...best.values()].sort((x, y) => x.c.index - y.c.index)) {
      const last = kept[kept.length - 1];
      if (last && b.c.index < last.c.index + last.c.from.length) {
        if (b.level === 'warning' && last.level === 'info') kept[kept.length - 1] = b;
        continue;
      }
      kept.push(b);
    }
    // A line in traditional characters is not questioned (see inTraditionalScript). The proposals come in order of
    // position, so each line is found and read once, and the searches for its ends never pass over the same text
    // twice (one endless line with many proposals stays linear).
    let lineEnd = -1;
    let traditional = false;
    const inTraditionalLine = (at: number) => {
      if (at > lineEnd) {
        const end = text.indexOf('\n', at);
        lineEnd = end < 0 ? text.length : end;
        traditional = inTraditionalScript(text, text.lastIndexOf('\n', at - 1) + 1, lineEnd);
      }
      return traditional;
    };
    // The sentence around the last proposal looked at, and whether it is verse (see isVerse); found once for each.
    let sentenceEnd = -1;
    let verse = false;
    const inVerse = (at: number) => {
      if (at >= sentenceEnd) {
        let start = at;
        while (start > 0 && !SENTENCE_END.test(text[start - 1]!)) start--;
        let end = at;
        while (end < text.length && !SENTENCE_END.test(text[end]!)) end++;
        sentenceEnd = end;
        // A sentence longer than any verse line is prose: not cut out and split.
        verse = end - start <= 80 && isVerse(text, start, end);
      }
      return verse;
    };
    for (const { c, level } of kept) {
      if (inTraditionalLine(c.index) || inVerse(c.index)) continue;
      // A name, a list's one-character item, a phrase of parallel parts: the text's own (see ownText).
      if (ownText(text, c.index, c.from.length === 2 ? 2 : 1, lm)) continue;
      const range = [c.index, c.index + c.from.length] as const;
      const kind = KIND_NAMES.filter(([k]) => c.kinds & k)
        .map(([, n]) => n)
        .join('、');
      const fix = { range, text: c.to };
      if (level === 'warning')
        ctx.report({
          range,
          severity: 'warning',
          message: `疑似错别字（${kind}）：“${c.text4}”应为“${c.word4}”`,
          fix,
        });
      else
        ctx.report({
          range,
          severity: 'info',
          message: `疑似错别字（${kind}）：“${c.from}”是否应为“${c.to}”`,
          suggestions: [{ message: `改为“${c.to}”`, fix }],
        });
    }
  },
};
