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
const NAMES: Record<string, string> = {
  '（': '括号',
  '〔': '六角括号',
  '《': '书名号',
  '〈': '书名号',
  '【': '方头括号',
  '“': '引号',
  '‘': '引号',
};

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
      ],
      good: [
        '要坚持“以人民为中心”的发展思想。',
        '学习《关于印发〈工作规则〉的通知》。',
        '他说：“要落实‘三个到位’的要求。”',
        '（一）加强组织领导。',
        '国务院关于修改《国务院对确需保留的\n行政审批项目设定行政许可的决定》的决定',
      ],
    },
  },
  create(ctx) {
    const all = documentLines(ctx.document);
    type Open = { ch: string; at: number; reported?: boolean };
    type Stray = { ch: string; at: number; used?: boolean };
    // Per line: openers left open and closers with no opener, so that a title or quotation wrapped over two lines
    // (a multi-line title is several paragraphs) can still pair up. Every lookup below is by mark through a count or
    // an index list, never a scan of the stack or the strays: a line of a million marks stays linear.
    const leftOpen: Open[][] = [];
    const openCount: Array<Map<string, number>> = [];
    const strayClose: Stray[][] = [];
    const strayQueue: Array<Map<string, { items: Stray[]; head: number }>> = [];
    const none = new Map();
    const nothing: never[] = [];
    for (let li = 0; li < all.length; li++) {
      const { start, line } = all[li]!;
      // Most lines hold no paired mark at all: nothing to set up for them.
      MARK_RE.lastIndex = 0;
      let mm = MARK_RE.exec(line);
      if (!mm) {
        leftOpen.push(nothing);
        strayClose.push(nothing);
        openCount.push(none);
        strayQueue.push(none);
        continue;
      }
      const stack: Open[] = [];
      // Stack positions of each opener, so the innermost one of a kind is found at once.
      const where = new Map<string, number[]>();
      const stray: Stray[] = [];
      leftOpen.push(stack);
      strayClose.push(stray);
      const push = (o: Open) => {
        let list = where.get(o.ch);
        if (!list) where.set(o.ch, (list = []));
        list.push(stack.length);
        stack.push(o);
      };
      for (; mm; mm = MARK_RE.exec(line)) {
        const i = mm.index;
        const ch = mm[0];
        if (OPENERS.has(ch)) {
          const inside = (where.get(ch)?.length ?? 0) > 0;
          if (ch === '《' && inside) {
            ctx.report({ range: [start + i, start + i + 1], message: '书名号内再用书名号应改用单书名号“〈〉”' });
          } else if (ch === '“' && stack.length && stack[stack.length - 1]!.ch === '“') {
            // Either a nested quote that should be ‘…’, or a closing ” typed the wrong way round.
            ctx.report({
              range: [start + i, start + i + 1],
              message: '引号方向错误或嵌套错误：双引号内应使用单引号“‘’”',
            });
            push({ ch, at: i, reported: true });
            continue;
          }
          push({ ch, at: i });
          continue;
        }
        let opener = OPEN_OF[ch];
        if (!opener && ch === ')' && stack.length && stack[stack.length - 1]!.ch === '（') {
          ctx.report({
            range: [start + i, start + i + 1],
            message: '括号前后半个形式不一致：“（”应与全角“）”配对',
            fix: { range: [start + i, start + i + 1], text: '）' },
          });
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
          if (!inner.reported)
            ctx.report({
              range: [start + inner.at, start + inner.at + 1],
              message: `${NAMES[inner.ch]}“${inner.ch}”未闭合或与“${ch}”交叉嵌套`,
            });
        }
        while (stack.length > idx) where.get(stack.pop()!.ch)!.pop();
      }
      const counts = new Map<string, number>();
      for (const o of stack) counts.set(o.ch, (counts.get(o.ch) ?? 0) + 1);
      openCount.push(counts);
      const queues = new Map<string, { items: Stray[]; head: number }>();
      for (const c of stray) {
        let q = queues.get(c.ch);
        if (!q) queues.set(c.ch, (q = { items: [], head: 0 }));
        q.items.push(c);
      }
      strayQueue.push(queues);
    }
    // The first line with text after each line, found once from the end.
    const nextStartOf: string[] = new Array(all.length).fill('');
    for (let li = all.length - 2, next = ''; li >= 0; li--) {
      const t = all[li + 1]!.line.trim();
      if (t) next = t[0]!;
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
    for (let li = 0; li < all.length; li++) {
      for (const c of strayClose[li]!) {
        if (c.used) continue;
        const at = all[li]!.start + c.at;
        ctx.report({
          range: [at, at + 1],
          message: `${NAMES[OPEN_OF[c.ch]!]}“${c.ch}”缺少与之配对的“${OPEN_OF[c.ch]}”`,
        });
      }
    }
  },
};
