import type { Rule } from '../../engine/types.js';
import { lines } from '../text-helpers.js';

const OPEN_OF: Record<string, string> = { '）': '（', '〕': '〔', '》': '《', '〉': '〈', '】': '【', '”': '“', '’': '‘' };
const OPENERS = new Set(Object.values(OPEN_OF));
const MARK_RE = /[（）〔〕《》〈〉【】“”‘’)]/g;
const NAMES: Record<string, string> = { '（': '括号', '〔': '六角括号', '《': '书名号', '〈': '书名号', '【': '方头括号', '“': '引号', '‘': '引号' };

// 引号, 括号 and 书名号 must be balanced and correctly nested in each paragraph (P-04, P-05, P-06).
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
    const text = ctx.text;
    const all = [...lines(text)];
    type Open = { ch: string; at: number; reported?: boolean };
    // Per line: openers left open and closers with no opener, so that a title or quotation wrapped over two lines
    // (a multi-line title is several paragraphs) can still pair up.
    const leftOpen: Open[][] = [];
    const strayClose: Array<Array<{ ch: string; at: number }>> = [];
    for (let li = 0; li < all.length; li++) {
      const { start, line } = all[li]!;
      const stack: Open[] = [];
      const stray: Array<{ ch: string; at: number }> = [];
      leftOpen.push(stack);
      strayClose.push(stray);
      MARK_RE.lastIndex = 0;
      for (let mm = MARK_RE.exec(line); mm; mm = MARK_RE.exec(line)) {
        const i = mm.index;
        const ch = mm[0];
        if (OPENERS.has(ch)) {
          const inside = stack.some((s) => s.ch === ch);
          if (ch === '《' && inside) {
            ctx.report({ range: [start + i, start + i + 1], message: '书名号内再用书名号应改用单书名号“〈〉”' });
          } else if (ch === '“' && stack.length && stack[stack.length - 1]!.ch === '“') {
            // Either a nested quote that should be ‘…’, or a closing ” typed the wrong way round.
            ctx.report({ range: [start + i, start + i + 1], message: '引号方向错误或嵌套错误：双引号内应使用单引号“‘’”' });
            stack.push({ ch, at: i, reported: true });
            continue;
          }
          stack.push({ ch, at: i });
          continue;
        }
        let opener = OPEN_OF[ch];
        if (!opener && ch === ')' && stack.length && stack[stack.length - 1]!.ch === '（') {
          ctx.report({ range: [start + i, start + i + 1], message: '括号前后半个形式不一致：“（”应与全角“）”配对', fix: { range: [start + i, start + i + 1], text: '）' } });
          opener = '（';
        }
        if (!opener) continue;
        const idx = stack.map((s) => s.ch).lastIndexOf(opener);
        if (idx < 0) {
          stray.push({ ch, at: i });
          continue;
        }
        if (idx !== stack.length - 1) {
          const inner = stack[stack.length - 1]!;
          if (!inner.reported) ctx.report({ range: [start + inner.at, start + inner.at + 1], message: `${NAMES[inner.ch]}“${inner.ch}”未闭合或与“${ch}”交叉嵌套` });
        }
        stack.length = idx;
      }
    }
    for (let li = 0; li < all.length; li++) {
      const stack = leftOpen[li]!;
      let next = li + 1;
      while (next < all.length && !all[next]!.line.trim()) next++;
      const nextStart = next < all.length ? all[next]!.line.trim()[0] ?? '' : '';
      for (let k = stack.length - 1; k >= 0; k--) {
        const s = stack[k]!;
        // A title wraps over up to three lines; a quoted amendment (修改为：“…”) may run over many paragraphs.
        const window = s.ch === '“' || s.ch === '‘' ? 60 : 3;
        let closed = false;
        for (let j = li + 1; j < all.length && j <= li + window && !closed; j++) {
          const stray = strayClose[j]!;
          const c = stray.findIndex((x) => OPEN_OF[x.ch] === s.ch);
          if (c >= 0) { stray.splice(c, 1); closed = true; }
          else if (leftOpen[j]!.some((o) => o.ch === s.ch)) break;
        }
        if (closed) continue;
        // A quotation over several paragraphs opens each paragraph and closes only at the end of the last one.
        if (s.reported || (s.ch === '“' && nextStart === '“')) continue;
        const at = all[li]!.start + s.at;
        // An open quotation may legitimately run on into later paragraphs: only a warning.
        ctx.report({ range: [at, at + 1], message: `${NAMES[s.ch]}“${s.ch}”缺少与之配对的后半个标点`, ...(s.ch === '“' || s.ch === '‘' ? { severity: 'warning' as const } : {}) });
      }
    }
    for (let li = 0; li < all.length; li++) {
      for (const c of strayClose[li]!) {
        const at = all[li]!.start + c.at;
        ctx.report({ range: [at, at + 1], message: `${NAMES[OPEN_OF[c.ch]!]}“${c.ch}”缺少与之配对的“${OPEN_OF[c.ch]}”` });
      }
    }
  },
};
