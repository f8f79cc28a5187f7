import type { Rule } from '../../engine/types.js';
import { documentLines } from '../text-helpers.js';

const OPEN_OF: Record<string, string> = {
  '）': '（',
  '〕': '〔',
  '》': '《',
  '〉': '〈',
  '】': '【',
  '”': '“',
  '’': '‘',
};
const OPENERS = new Set(Object.values(OPEN_OF));
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

type Open = { readonly ch: string; readonly at: number; readonly reported?: boolean };
type Stray = { ch: string; at: number; used?: boolean };

/** What one line holds for the pairing (offsets within the line), found from its text alone. */
interface LineMarks {
  /** Findings within the line: offset, message, and the fix's text where there is one. */
  found: Array<[number, string, string?]>;
  /** Openers left open at the line's end, innermost last. */
  open: Open[];
  /** How many of each opener are left open. */
  counts: Map<string, number>;
  /** Closers with no opener on the line, in order. */
  stray: Array<{ ch: string; at: number }>;
  /** The last run that met the line (RuleContext.memo). */
  run: number;
}

/** The memo's run counter, beside the lines' entries. */
const RUN = Symbol('run');

/** Pairs the marks of one line: what it reports within the line, and what is left to pair with other lines. */
function lineMarks(line: string, run: number): LineMarks {
  const found: LineMarks['found'] = [];
  const stack: Open[] = [];
  // Stack positions of each opener, so the innermost one of a kind is found at once.
  const where = new Map<string, number[]>();
  const stray: LineMarks['stray'] = [];
  const push = (o: Open) => {
    let list = where.get(o.ch);
    if (!list) where.set(o.ch, (list = []));
    list.push(stack.length);
    stack.push(o);
  };
  MARK_RE.lastIndex = 0;
  for (let mm = MARK_RE.exec(line); mm; mm = MARK_RE.exec(line)) {
    const i = mm.index;
    const ch = mm[0];
    if (OPENERS.has(ch)) {
      const inside = (where.get(ch)?.length ?? 0) > 0;
      if (ch === '《' && inside) {
        found.push([i, '书名号内再用书名号应改用单书名号“〈〉”']);
      } else if (ch === '“' && stack.length && stack[stack.length - 1]!.ch === '“') {
        // Either a nested quote that should be ‘…’, or a closing ” typed the wrong way round.
        found.push([i, '引号方向错误或嵌套错误：双引号内应使用单引号“‘’”']);
        push({ ch, at: i, reported: true });
        continue;
      }
      push({ ch, at: i });
      continue;
    }
    let opener = OPEN_OF[ch];
    if (!opener && ch === ')' && stack.length && stack[stack.length - 1]!.ch === '（') {
      found.push([i, '括号前后半个形式不一致：“（”应与全角“）”配对', '）']);
      opener = '（';
    }
    if (!opener) continue;
    const list = where.get(opener);
    const idx = list?.length ? list[list.length - 1]! : -1;
    if (idx < 0) {
      stray.push({ ch, at: i });
      continue;
    }
    if (idx !== stack.length - 1) {
      const inner = stack[stack.length - 1]!;
      if (!inner.reported) found.push([inner.at, `${NAMES[inner.ch]}“${inner.ch}”未闭合或与“${ch}”交叉嵌套`]);
    }
    while (stack.length > idx) where.get(stack.pop()!.ch)!.pop();
  }
  const counts = new Map<string, number>();
  for (const o of stack) counts.set(o.ch, (counts.get(o.ch) ?? 0) + 1);
  return { found, open: stack, counts, stray, run };
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
    // (a multi-line title is several paragraphs) can still pair up. Every lookup below is by mark through a count or
    // an index list, never a scan of the stack or the strays: a line of a million marks stays linear.
    const leftOpen: (readonly Open[])[] = [];
    const openCount: Array<ReadonlyMap<string, number>> = [];
    const strayClose: Stray[][] = [];
    const strayQueue: Array<Map<string, { items: Stray[]; head: number }>> = [];
    const none = new Map();
    const nothing: never[] = [];
    // Checked again at each edit (the language server): what a line holds depends on its text alone, so each line is
    // read once and its marks taken back while its text is unchanged; the pairing across lines is done each time.
    const memo = ctx.memo;
    const run = memo ? ((memo.get(RUN) as number | undefined) ?? 0) + 1 : 0;
    memo?.set(RUN, run);
    for (let li = 0; li < all.length; li++) {
      const { start, line } = all[li]!;
      // Most lines hold no paired mark at all: nothing to set up for them.
      MARK_RE.lastIndex = 0;
      if (!MARK_RE.test(line)) {
        leftOpen.push(nothing);
        strayClose.push(nothing);
        openCount.push(none);
        strayQueue.push(none);
        continue;
      }
      let marks = memo?.get(line) as LineMarks | undefined;
      if (!marks) {
        marks = lineMarks(line, run);
        // Kept by a copy of its own: the slice would keep this whole version of the document alive.
        memo?.set(` ${line}`.slice(1), marks);
      } else marks.run = run;
      for (const [at, message, fix] of marks.found)
        ctx.report({
          range: [start + at, start + at + 1],
          message,
          ...(fix ? { fix: { range: [start + at, start + at + 1] as const, text: fix } } : {}),
        });
      leftOpen.push(marks.open);
      openCount.push(marks.counts);
      // Marked as used by the pairing below: a copy for this run.
      const stray = marks.stray.map((c) => ({ ch: c.ch, at: c.at }));
      strayClose.push(stray);
      const queues = new Map<string, { items: Stray[]; head: number }>();
      for (const c of stray) {
        let q = queues.get(c.ch);
        if (!q) queues.set(c.ch, (q = { items: [], head: 0 }));
        q.items.push(c);
      }
      strayQueue.push(queues);
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
      const stack = leftOpen[li]!;
      const nextStart = nextStartOf[li]!;
      for (let k = stack.length - 1; k >= 0; k--) {
        const s = stack[k]!;
        // A title wraps over up to three lines; a quoted amendment (修改为：“…”) may run over many paragraphs.
        const window = s.ch === '“' || s.ch === '‘' ? 60 : 3;
        const closer = CLOSE_OF[s.ch]!;
        let closed = false;
        for (let j = li + 1; j < all.length && j <= li + window && !closed; j++) {
          const q = strayQueue[j]!.get(closer);
          if (q && q.head < q.items.length) {
            q.items[q.head++]!.used = true;
            closed = true;
          } else if (openCount[j]!.has(s.ch)) break;
        }
        if (closed) continue;
        // A quotation over several paragraphs opens each paragraph and closes only at the end of the last one.
        if (s.reported || (s.ch === '“' && nextStart === '“')) continue;
        const at = all[li]!.start + s.at;
        // An open quotation may legitimately run on into later paragraphs: only a warning.
        ctx.report({
          range: [at, at + 1],
          message: `${NAMES[s.ch]}“${s.ch}”缺少与之配对的后半个标点`,
          ...(s.ch === '“' || s.ch === '‘' ? { severity: 'warning' as const } : {}),
        });
      }
    }
    // A paragraph that starts with a number and a closing bracket alone (`1）`) numbers an item: a document that
    // numbers its fourth level （1） uses it for a level below (not the bracket's error); in any other, it is the
    // fourth level's number with its first half missing.
    let fourthLevel: boolean | undefined;
    const hasFourthLevel = () => (fourthLevel ??= all.some((l) => FOURTH_LEVEL.test(l.line)));
    for (let li = 0; li < all.length; li++) {
      for (const c of strayClose[li]!) {
        if (c.used) continue;
        const { start, line } = all[li]!;
        const at = start + c.at;
        const number = c.ch === '）' ? ITEM_NUMBER.exec(line) : null;
        if (number && number[0].length === c.at) {
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
          message: `${NAMES[OPEN_OF[c.ch]!]}“${c.ch}”缺少与之配对的“${OPEN_OF[c.ch]}”`,
        });
      }
    }
  },
};
