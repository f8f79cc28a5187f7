import type { Rule } from '../../engine/types.js';
import { documentLines } from '../text-helpers.js';
import { IntStack, NO_NUMBERS } from '../int-stack.js';

const OPEN_OF: Record<string, string> = {
  '）': '（',
  '〕': '〔',
  '》': '《',
  '〉': '〈',
  '】': '【',
  '”': '“',
  '’': '‘',
};
const CLOSE_OF: Record<string, string> = Object.fromEntries(Object.entries(OPEN_OF).map(([c, o]) => [o, c]));
const MARK_RE = /[（）〔〕《》〈〉【】“”‘’)]/g;
/** A line's first character that is not a space (what trim() leaves first), found without a trimmed copy. */
const NON_SPACE = /\S/;
/**
 * A paragraph of a sequence number alone (“二、”): text copied from a web page often sets an item's number on a line
 * of its own, between the paragraphs of a quotation that runs on. It does not end the quotation.
 */
const BARE_NUMBER =
  /^\s*(?:[一二三四五六七八九十百]{1,4}、|（[一二三四五六七八九十百]{1,4}）|\d{1,3}[.．、]|（\d{1,3}）)\s*$/;
/** A paragraph's leading item number before a lone closing bracket (`1）`), the digits captured. */
const ITEM_NUMBER = /^\s*(\d{1,3})(?=）)/;
/** A paragraph numbered at the fourth level (`（1）`). */
const FOURTH_LEVEL = /^\s*（\d{1,3}）/;
const NAMES: Record<string, string> = {
  '（': '括号',
  '〔': '六角括号',
  '《': '书名号',
  '〈': '书名号',
  '【': '方头括号',
  '“': '引号',
  '‘': '引号',
};

/** The openers, and the closers, as small numbers (their place in these lists) in the packed lists below. */
const OPENER_LIST = ['（', '〔', '《', '〈', '【', '“', '‘'];
const CLOSER_LIST = ['）', '〕', '》', '〉', '】', '”', '’', ')'];
const OPENER_KIND = new Map(OPENER_LIST.map((c, k) => [c, k]));
const CLOSER_KIND = new Map(CLOSER_LIST.map((c, k) => [c, k]));
/** The closer kind of each opener kind. */
const CLOSER_OF_OPENER = OPENER_LIST.map((o) => CLOSER_KIND.get(CLOSE_OF[o]!)!);
const QUOTE = OPENER_KIND.get('“')!;
const SINGLE_QUOTE = OPENER_KIND.get('‘')!;
const TITLE = OPENER_KIND.get('《')!;
const PAREN = OPENER_KIND.get('（')!;

/** Findings within a line, as codes (see foundMessage). */
const NESTED_TITLE = 0;
const QUOTE_IN_QUOTE = 1;
const HALF_WIDTH_CLOSER = 2;
/** Plus the inner opener's kind × CLOSER_LIST.length + the closer's kind. */
const CROSSED = 3;

function foundMessage(code: number): string {
  if (code === NESTED_TITLE) return '书名号内再用书名号应改用单书名号“〈〉”';
  if (code === QUOTE_IN_QUOTE) return '引号方向错误或嵌套错误：双引号内应使用单引号“‘’”';
  if (code === HALF_WIDTH_CLOSER) return '括号前后半个形式不一致：“（”应与全角“）”配对';
  const inner = OPENER_LIST[Math.floor((code - CROSSED) / CLOSER_LIST.length)]!;
  const closer = CLOSER_LIST[(code - CROSSED) % CLOSER_LIST.length]!;
  return `${NAMES[inner]}“${inner}”未闭合或与“${closer}”交叉嵌套`;
}

/** A line that leaves no opener open, and one without strays. */
const NO_OPENERS = new Int32Array(OPENER_LIST.length);
const NO_STRAYS: Int32Array[] = CLOSER_LIST.map(() => NO_NUMBERS);

/** What one line holds for the pairing (offsets within the line), found from its text alone. */
interface LineMarks {
  /** Findings within the line: pairs of offset and code (see foundMessage). */
  found: Int32Array;
  /** Openers left open at the line's end, innermost last: their offsets, and kind × 2 + 1 if already reported. */
  openAt: Int32Array;
  openCode: Int32Array;
  /** How many of each opener kind are left open. */
  counts: Int32Array;
  /** Closers with no opener on the line, in order: their offsets and kinds. */
  strayAt: Int32Array;
  strayKind: Int32Array;
  /** For each closer kind, the indices (into strayAt) of its strays, in order. */
  strayOfKind: Int32Array[];
  /** The last run that met the line (RuleContext.memo). */
  run: number;
}

/** The memo's run counter, beside the lines' entries. */
const RUN = Symbol('run');

/** Pairs the marks of one line: what it reports within the line, and what is left to pair with other lines. */
function lineMarks(line: string, run: number): LineMarks {
  // Findings and strays are rare: their lists are made when the first one comes.
  let found: IntStack | undefined;
  const openAt = new IntStack();
  const openCode = new IntStack();
  // Stack positions of each opener kind, so the innermost one of a kind is found at once (made for a kind when met).
  const where: Array<IntStack | undefined> = [];
  let strayAt: IntStack | undefined;
  let strayKind: IntStack | undefined;
  const note = (at: number, code: number) => {
    found ??= new IntStack();
    found.push(at);
    found.push(code);
  };
  const push = (kind: number, at: number, reported: boolean) => {
    (where[kind] ??= new IntStack()).push(openAt.length);
    openAt.push(at);
    openCode.push(kind * 2 + (reported ? 1 : 0));
  };
  const topKind = () => (openCode.length ? openCode.top() >> 1 : -1);
  MARK_RE.lastIndex = 0;
  for (let mm = MARK_RE.exec(line); mm; mm = MARK_RE.exec(line)) {
    const i = mm.index;
    const ch = mm[0];
    const kind = OPENER_KIND.get(ch);
    if (kind !== undefined) {
      if (kind === TITLE && (where[kind]?.length ?? 0) > 0) {
        note(i, NESTED_TITLE);
      } else if (kind === QUOTE && topKind() === QUOTE) {
        // Either a nested quote that should be ‘…’, or a closing ” typed the wrong way round.
        note(i, QUOTE_IN_QUOTE);
        push(kind, i, true);
        continue;
      }
      push(kind, i, false);
      continue;
    }
    let opener = OPENER_KIND.get(OPEN_OF[ch] ?? '');
    if (opener === undefined && ch === ')' && topKind() === PAREN) {
      note(i, HALF_WIDTH_CLOSER);
      opener = PAREN;
    }
    if (opener === undefined) continue;
    const list = where[opener];
    const idx = list?.length ? list.top() : -1;
    if (idx < 0) {
      strayAt ??= new IntStack();
      strayKind ??= new IntStack();
      strayAt.push(i);
      strayKind.push(CLOSER_KIND.get(ch)!);
      continue;
    }
    if (idx !== openAt.length - 1) {
      const inner = openCode.top();
      if (!(inner & 1)) {
        note(openAt.top(), CROSSED + (inner >> 1) * CLOSER_LIST.length + CLOSER_KIND.get(ch)!);
      }
    }
    while (openAt.length > idx) {
      openAt.pop();
      where[openCode.pop() >> 1]!.pop();
    }
  }
  let counts = NO_OPENERS;
  if (openCode.length) {
    counts = new Int32Array(OPENER_LIST.length);
    for (let k = 0; k < openCode.length; k++) counts[openCode.data[k]! >> 1]!++;
  }
  const kinds = strayKind?.done() ?? NO_NUMBERS;
  let strayOfKind = NO_STRAYS;
  if (kinds.length) {
    const byKind: Array<IntStack | undefined> = [];
    for (let t = 0; t < kinds.length; t++) (byKind[kinds[t]!] ??= new IntStack()).push(t);
    strayOfKind = CLOSER_LIST.map((_, k) => byKind[k]?.done() ?? NO_NUMBERS);
  }
  return {
    found: found?.done() ?? NO_NUMBERS,
    openAt: openAt.done(),
    openCode: openCode.done(),
    counts,
    strayAt: strayAt?.done() ?? NO_NUMBERS,
    strayKind: kinds,
    strayOfKind,
    run,
  };
}

// 引号, 括号 and 书名号 must be balanced and correctly nested in each paragraph (GB/T 15834-2011 4.8, 4.9, 4.15).
export const pairedMarksRule: Rule = {
  meta: {
    id: 'punct/paired-marks',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/punct/paired-marks.ts',
    description: '引号、括号、书名号应成对使用、方向正确、嵌套正确：双引号内用单引号，书名号内用单书名号“〈〉”。',
    message: '成对标点不匹配',
    standard: 'GB/T 15834-2011 4.8、4.9、4.15',
    fixable: true,
    examples: {
      bad: [
        { text: '要坚持“以人民为中心的发展思想。' },
        { text: '学习《中华人民共和国宪法》》。' },
        { text: '学习《关于印发《工作规则》的通知》。' },
        { text: '他说“要落实“三个到位”的要求”。' },
        { text: '各县（市、区)要落实。', fixed: '各县（市、区）要落实。' },
        { text: '1.明确字型\n1）使用非内嵌字型', fixed: '1.明确字型\n（1）使用非内嵌字型' },
      ],
      good: [
        '要坚持“以人民为中心”的发展思想。',
        '学习《关于印发〈工作规则〉的通知》。',
        '他说：“要落实‘三个到位’的要求。”',
        '（一）加强组织领导。',
        '（1）明确责任\n1）落实到人',
        '国务院关于修改《国务院对确需保留的\n行政审批项目设定行政许可的决定》的决定',
      ],
    },
  },
  create(ctx) {
    const all = documentLines(ctx.document);
    // Per line: openers left open and closers with no opener, so that a title or quotation wrapped over two lines
    // (a multi-line title is several paragraphs) can still pair up. Every lookup below is by mark kind through a
    // count or an index list, never a scan of the stack or the strays: a line of a million marks stays linear.
    const marksOf: Array<LineMarks | undefined> = new Array(all.length);
    // This run's pairing across lines: which strays a later line's opener took, and how many of each kind.
    const used: Array<Uint8Array | undefined> = new Array(all.length);
    const taken: Array<Int32Array | undefined> = new Array(all.length);
    // Checked again at each edit (the language server): what a line holds depends on its text alone, so each line is
    // read once and its marks taken back while its text is unchanged; the pairing across lines is done each time.
    const memo = ctx.memo;
    const run = memo ? ((memo.get(RUN) as number | undefined) ?? 0) + 1 : 0;
    memo?.set(RUN, run);
    for (let li = 0; li < all.length; li++) {
      const { start, line } = all[li]!;
      // Most lines hold no paired mark at all: nothing to set up for them.
      MARK_RE.lastIndex = 0;
      if (!MARK_RE.test(line)) continue;
      let marks = memo?.get(line) as LineMarks | undefined;
      if (!marks) {
        marks = lineMarks(line, run);
        // Kept by a copy of its own: the slice would keep this whole version of the document alive.
        memo?.set(` ${line}`.slice(1), marks);
      } else marks.run = run;
      const found = marks.found;
      for (let k = 0; k < found.length; k += 2) {
        const at = start + found[k]!;
        ctx.report({
          range: [at, at + 1],
          message: foundMessage(found[k + 1]!),
          ...(found[k + 1] === HALF_WIDTH_CLOSER ? { fix: { range: [at, at + 1] as const, text: '）' } } : {}),
        });
      }
      marksOf[li] = marks;
      if (marks.strayAt.length) {
        used[li] = new Uint8Array(marks.strayAt.length);
        taken[li] = new Int32Array(CLOSER_LIST.length);
      }
    }
    if (memo && memo.size > all.length + 256)
      for (const [k, e] of memo) if (k !== RUN && (e as LineMarks).run !== run) memo.delete(k);
    // The first line with text after each line, found once from the end.
    const nextStartOf: string[] = new Array(all.length).fill('');
    for (let li = all.length - 2, next = ''; li >= 0; li--) {
      const line = all[li + 1]!.line;
      const k = line.search(NON_SPACE);
      if (k >= 0 && !(line.length <= 16 && BARE_NUMBER.test(line))) next = line[k]!;
      nextStartOf[li] = next;
    }
    for (let li = 0; li < all.length; li++) {
      const marks = marksOf[li];
      if (!marks) continue;
      const { openAt, openCode } = marks;
      const nextStart = nextStartOf[li]!;
      for (let k = openCode.length - 1; k >= 0; k--) {
        const kind = openCode[k]! >> 1;
        const quote = kind === QUOTE || kind === SINGLE_QUOTE;
        // A title wraps over up to three lines; a quoted amendment (修改为：“…”) may run over many paragraphs.
        const window = quote ? 60 : 3;
        const closer = CLOSER_OF_OPENER[kind]!;
        let closed = false;
        for (let j = li + 1; j < all.length && j <= li + window && !closed; j++) {
          const later = marksOf[j];
          if (!later) continue;
          const strays = later.strayOfKind[closer]!;
          const heads = taken[j];
          if (heads && heads[closer]! < strays.length) {
            used[j]![strays[heads[closer]!++]!] = 1;
            closed = true;
          } else if (later.counts[kind]! > 0) break;
        }
        if (closed) continue;
        // A quotation over several paragraphs opens each paragraph and closes only at the end of the last one.
        if (openCode[k]! & 1 || (kind === QUOTE && nextStart === '“')) continue;
        const at = all[li]!.start + openAt[k]!;
        const ch = OPENER_LIST[kind]!;
        // An open quotation may legitimately run on into later paragraphs: only a warning.
        ctx.report({
          range: [at, at + 1],
          message: `${NAMES[ch]}“${ch}”缺少与之配对的后半个标点`,
          ...(quote ? { severity: 'warning' as const } : {}),
        });
      }
    }
    // A paragraph that starts with a number and a closing bracket alone (`1）`) numbers an item: a document that
    // numbers its fourth level （1） uses it for a level below (not the bracket's error); in any other, it is the
    // fourth level's number with its first half missing.
    let fourthLevel: boolean | undefined;
    const hasFourthLevel = () => (fourthLevel ??= all.some((l) => FOURTH_LEVEL.test(l.line)));
    for (let li = 0; li < all.length; li++) {
      const marks = marksOf[li];
      const usedHere = used[li];
      if (!marks || !usedHere) continue;
      for (let t = 0; t < marks.strayAt.length; t++) {
        if (usedHere[t]) continue;
        const { start, line } = all[li]!;
        const offset = marks.strayAt[t]!;
        const at = start + offset;
        const ch = CLOSER_LIST[marks.strayKind[t]!]!;
        const number = ch === '）' ? ITEM_NUMBER.exec(line) : null;
        if (number && number[0].length === offset) {
          if (hasFourthLevel()) continue;
          const digits = start + number[0].length - number[1]!.length;
          ctx.report({
            range: [digits, at + 1],
            message: `序次语“${number[1]}）”缺少前半个括号：第四层序数应写作“（${number[1]}）”（GB/T 9704-2012 7.3.3）`,
            fix: { range: [digits, digits] as const, text: '（' },
          });
          continue;
        }
        ctx.report({
          range: [at, at + 1],
          message: `${NAMES[OPEN_OF[ch]!]}“${ch}”缺少与之配对的“${OPEN_OF[ch]}”`,
        });
      }
    }
  },
};
