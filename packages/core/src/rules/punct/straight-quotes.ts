import type { Range } from '../../document/types.js';
import { firstEndingAfter } from '../../document/ranges.js';
import type { Rule } from '../../engine/types.js';
import { IntStack } from '../int-stack.js';
import { documentLines } from '../text-helpers.js';

const HAN = /\p{Script=Han}/u;
/** Chinese text or a full-width mark next to a quote makes it a quote of Chinese text. */
const CHINESE_SIDE = /[\p{Script=Han}\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65\u2014\u2026]/u;
const LATIN_WORD = /[A-Za-z]/;
/** Two English words in a row: with no Chinese text outside its quotes, the line is an English sentence. */
const ENGLISH_WORDS = /[A-Za-z]{2,}[\s,;:]+[A-Za-z]{2,}/;

/**
 * True when the line outside its quoted stretches is English: straight quotes are right there even around Chinese
 * text (a file or program name quoted in an English licence or notice), and GB/T 15834 governs Chinese text only.
 */
function englishOutside(line: string, quotes: Int32Array): boolean {
  // The stretches outside the quotes joined by spaces, a few thousand at a time: one string added to for each of a
  // line's millions of quotes took some 30 bytes a quote, held until the line was done.
  const chunks: string[] = [];
  let parts = [line.slice(0, quotes[0])];
  for (let k = 1; k + 1 < quotes.length; k += 2) {
    parts.push(line.slice(quotes[k]! + 1, quotes[k + 1]));
    if (parts.length === 4096) {
      chunks.push(parts.join(' '));
      parts = [];
    }
  }
  parts.push(line.slice(quotes[quotes.length - 1]! + 1));
  chunks.push(parts.join(' '));
  const outside = chunks.join(' ');
  return !CHINESE_SIDE.test(outside) && ENGLISH_WORDS.test(outside);
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
/**
 * A straight quote used as a seconds (or inch) mark, not a quotation mark: between digits (13"1 for 13.1 seconds) or
 * after the seconds of a time with a minute mark (4´25", 4′25", 4'25").
 */
function unitMark(line: string, i: number): boolean {
  if (!isDigit(line[i - 1])) return false;
  if (isDigit(line[i + 1])) return true;
  let j = i - 1;
  while (j > 0 && isDigit(line[j - 1])) j--;
  return j > 1 && /[´′'’]/.test(line[j - 1]!) && isDigit(line[j - 2]);
}

function inside(sorted: readonly Range[], at: number): boolean {
  const r = firstEndingAfter(sorted, at);
  return r !== undefined && r[0] <= at;
}

/**
 * Straight double quotes in Chinese text, paired left to right within the paragraph (the 1st with the 2nd, the 3rd
 * with the 4th), so that a quoted mark (`"．"`, `"（1）"`) pairs like any other quotation instead of being skipped and
 * shifting every later pair. A pair inside an open “…” becomes ‘…’ (GB/T 15834 4.8.3.2). With an odd number of
 * straight quotes the pairing is unknown: the quotes are reported without a fix.
 */
export const straightQuotesRule: Rule = {
  meta: {
    id: 'punct/straight-quotes',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/punct/straight-quotes.ts',
    description: '中文引号应使用“”‘’，不应使用英文直引号“"”。',
    message: '中文引号应使用“”，不用英文直引号',
    standard: 'GB/T 15834-2011 4.8、5',
    fixable: true,
    locality: 'line',
    examples: {
      bad: [
        { text: '坚持"以人民为中心"的发展思想。', fixed: '坚持“以人民为中心”的发展思想。' },
        { text: '注意序号后必须使用全角点"．"而非半角点"."。', fixed: '注意序号后必须使用全角点“．”而非半角点“.”。' },
        { text: '序号为"（1）"。', fixed: '序号为“（1）”。' },
        { text: '他说：“要落实"三个到位"的要求。”', fixed: '他说：“要落实‘三个到位’的要求。”' },
        { text: '引号"不成对。' },
      ],
      good: [
        '坚持“以人民为中心”的发展思想。',
        '设置 name="value" 属性。',
        '屏幕尺寸为27"。',
        // Seconds marks in a fitness standard: 13"1 is 13.1 seconds, 4´25" four minutes 25 seconds.
        '男子组≤13"1、女子组≤14"1；1000米跑男子组≤4´25"、女子组≤4´35"。',
        'He said "yes" and left.',
        // Straight quotes around a Chinese file name in an English sentence are English punctuation.
        'This licence covers "公文助手插件2.4.exe", shipped as is.',
      ],
    },
  },
  create(ctx) {
    const prot = ctx.document.protectedRanges;
    for (const { start, line } of documentLines(ctx.document)) {
      if (!line.includes('"')) continue;
      // Offsets, and the depth of curly double quotes at each straight quote (for nesting): in typed arrays, 8 bytes a
      // quote (a line of nothing but straight quotes held some 50 bytes of memory for each of its bytes in plain arrays).
      const quoteStack = new IntStack();
      const depthStack = new IntStack();
      let curly = 0;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (c === '“') curly++;
        else if (c === '”') curly = Math.max(0, curly - 1);
        else if (c === '"' && !inside(prot, start + i) && !unitMark(line, i)) {
          quoteStack.push(i);
          depthStack.push(curly);
        }
      }
      if (!quoteStack.length) continue;
      const quotes = quoteStack.done();
      const depth = depthStack.done();
      const chineseAt = (i: number) => i >= 0 && i < line.length && CHINESE_SIDE.test(line[i]!);
      if (quotes.length % 2 === 1) {
        for (const q of quotes) {
          // An inch mark (27") or a stray quote in code-like text is left alone: only a quote touching Chinese text.
          if (!HAN.test(line[q - 1] ?? '') && !HAN.test(line[q + 1] ?? '')) continue;
          ctx.report({
            range: [start + q, start + q + 1],
            message: '中文引号应使用“”，不用英文直引号；本段直引号数目为奇数，无法确定配对，请逐个改正',
          });
        }
        continue;
      }
      if (englishOutside(line, quotes)) continue;
      for (let k = 0; k < quotes.length; k += 2) {
        const a = quotes[k]!;
        const b = quotes[k + 1]!;
        const content = line.slice(a + 1, b);
        const before = chineseAt(a - 1);
        const after = chineseAt(b + 1);
        const chinese =
          HAN.test(content) ||
          (LATIN_WORD.test(content) ? before && after : (before || after) && content.trim() !== '');
        if (!chinese) continue;
        const nested = depth[k]! > 0 && depth[k + 1]! > 0;
        const [open, close] = nested ? ['‘', '’'] : ['“', '”'];
        ctx.report({
          range: [start + a, start + b + 1],
          ...(nested ? { message: '中文引号应使用“”，不用英文直引号；双引号内的引号用单引号“‘’”' } : {}),
          fix: { range: [start + a, start + b + 1], text: `${open}${content}${close}` },
        });
      }
    }
  },
};
