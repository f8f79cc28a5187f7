import type { Block } from '../../document/types.js';
import type { Rule } from '../../engine/types.js';
import { parseChineseNumber } from '../text-helpers.js';

const NUM = '两|[一二三四五六七八九]?十[一二三四五六七八九]?|[二三四五六七八九]|[2-9]|1\\d';
// A stated count right before the colon that opens its list: 以下三项措施：, 两个方面：, 提出4点要求：.
// The character before the number is checked in code (NOT_BEFORE): a lookbehind opening the pattern would run at
// every position of every paragraph with a colon.
const NOT_BEFORE = /[\d一二三四五六七八九十百千万第每几]/;
const COUNT_RE = new RegExp(
  `(${NUM})(个方面|个部分|个阶段|个环节|个问题|个重点|个目标|项|点|条)([\\p{Script=Han}“”]{0,10}?)(?:如下)?[：:]`,
  'gu',
);

type EnumKind = 'h1' | 'h2' | 'h3' | 'h4' | 'shi' | 'di' | 'circled';

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const ENUM_RES: Array<{ kind: EnumKind; re: RegExp }> = [
  { kind: 'h2', re: /^[（(]([一二三四五六七八九十]+)[）)]/ },
  { kind: 'h4', re: /^[（(](\d{1,2})[）)]/ },
  { kind: 'shi', re: /^([一二三四五六七八九十]+)是(?=[，,：:\p{Script=Han}])/u },
  { kind: 'di', re: /^第([一二三四五六七八九十]+)[，,、：:]/ },
  { kind: 'h1', re: /^([一二三四五六七八九十]+)[、．.]/ },
  { kind: 'h3', re: /^(\d{1,2})(?:[.．](?!\d)|、)/ },
  { kind: 'circled', re: new RegExp(`^([${CIRCLED}])`) },
];
const DEPTH: Record<EnumKind, number> = { h1: 1, h2: 2, h3: 3, h4: 4, shi: 5, di: 5, circled: 6 };

function enumOf(t: string): { kind: EnumKind; n: number } | undefined {
  for (const { kind, re } of ENUM_RES) {
    const m = re.exec(t);
    if (!m) continue;
    const n =
      kind === 'circled' ? CIRCLED.indexOf(m[1]!) + 1 : /^\d+$/.test(m[1]!) ? Number(m[1]) : parseChineseNumber(m[1]!);
    return n ? { kind, n } : undefined;
  }
  return undefined;
}

// Inline items after the colon: 一是……二是……, （1）……（2）……, ①……②……
const INLINE_RES: Array<RegExp> = [
  /(?<=^|[：:，,；;。])([一二三四五六七八九十]+)是/g,
  /(?<=^|[：:，,；;。])第([一二三四五六七八九十]+)[，,、]/g,
  /[（(](\d{1,2})[）)]/g,
  new RegExp(`([${CIRCLED}])`, 'g'),
];

/** How many items follow in sequence (1, 2, 3…) in `s`, or 0 when they do not start at 1. */
function inlineCount(s: string): number {
  for (const re of INLINE_RES) {
    re.lastIndex = 0;
    let expect = 1;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const v = m[1]!;
      const n = CIRCLED.includes(v) ? CIRCLED.indexOf(v) + 1 : /^\d+$/.test(v) ? Number(v) : parseChineseNumber(v);
      if (n !== expect) break;
      expect++;
    }
    if (expect > 2) return expect - 1;
  }
  return 0;
}

// A list longer than this is not read (its end is too far to judge); keeps the rule linear.
const MAX_SCAN = 80;
const LIST_ROLES = new Set(['body', 'heading', 'closing']);

/** Items of the list that starts in the blocks after `from`: their count, or undefined when it cannot be told. */
function blockListCount(blocks: Block[], from: number, tx: (b: Block) => string): number | undefined {
  let i = from + 1;
  while (i < blocks.length && blocks[i]!.role === 'blank') i++;
  const first = blocks[i];
  if (!first || !LIST_ROLES.has(first.role ?? 'body')) return undefined;
  const e = enumOf(tx(first));
  if (!e || e.n !== 1) return undefined;
  let count = 1;
  for (let j = i + 1, seen = 0; j < blocks.length; j++) {
    const b = blocks[j]!;
    if (b.role === 'blank') continue;
    if (++seen > MAX_SCAN) return undefined;
    if (!LIST_ROLES.has(b.role ?? 'body')) break;
    const f = enumOf(tx(b));
    if (!f) {
      // Paragraphs between items belong to the item above only in a list of headings; 一是/第一/① items run on.
      if (DEPTH[e.kind] >= 5) break;
      continue;
    }
    if (f.kind === e.kind) {
      if (f.n !== count + 1) break;
      count++;
    } else if (DEPTH[f.kind] < DEPTH[e.kind]) break;
  }
  return count;
}

export const listCountRule: Rule = {
  meta: {
    id: 'consistency/list-count',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/consistency/list-count.ts',
    description:
      '前文所称的项数与下文列出的条目数应一致：“以下三项措施：”后列出四项、“两个方面：”后有三个标题，都是前后不一致。',
    message: '所称项数与下文列出的条目数不一致',
    standard: '《党政机关公文处理工作条例》第十九条（三）（结构严谨，表述准确）',
    examples: {
      bad: [
        { text: '现提出以下三项措施：\n一是加强领导。\n二是完善制度。\n三是强化督查。\n四是严格考核。' },
        { text: '工作分为两个方面：一是摸底排查，二是集中整治，三是巩固提升。' },
      ],
      good: [
        '现提出以下三项措施：\n一是加强领导。\n二是完善制度。\n三是强化督查。',
        '工作分为两个方面：一是摸底排查，二是集中整治。',
      ],
    },
  },
  create(ctx) {
    const text = ctx.text;
    const blocks = ctx.structure.blocks;
    const tx = (b: Block) => text.slice(b.range[0], b.range[1]).trim();
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i]!;
      if (b.role !== 'body' && b.role !== 'heading') continue;
      const t = text.slice(b.range[0], b.range[1]);
      if (!/[：:]/.test(t)) continue;
      const re = new RegExp(COUNT_RE.source, 'gu');
      for (let m = re.exec(t); m; m = re.exec(t)) {
        if (m.index > 0 && NOT_BEFORE.test(t[m.index - 1]!)) continue;
        const stated = /^\d+$/.test(m[1]!) ? Number(m[1]) : parseChineseNumber(m[1]!);
        if (!stated) continue;
        const colonEnd = m.index + m[0].length;
        // Inline items run to the end of their sentence; a bounded window keeps a paragraph of many lists linear.
        let rest = t.slice(colonEnd, colonEnd + 600).trim();
        const stop = rest.indexOf('。');
        if (stop >= 0) rest = rest.slice(0, stop + 1);
        const counted = rest ? inlineCount(rest) : colonEnd >= t.trimEnd().length ? blockListCount(blocks, i, tx) : 0;
        if (!counted || counted < 2 || counted === stated) continue;
        const phrase = `${m[1]}${m[2]}${m[3]}`;
        const start = b.range[0] + m.index;
        ctx.report({
          range: [start, start + phrase.length],
          message: `前文称“${phrase}”（${stated}项），下文依次列出${counted}项，前后不一致`,
        });
      }
    }
  },
};
