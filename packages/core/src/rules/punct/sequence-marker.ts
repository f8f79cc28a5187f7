import type { Rule } from '../../engine/types.js';
import { contentBounds, documentLines } from '../text-helpers.js';

const CN = '一二三四五六七八九十百';
// Wrong punctuation after 序次语 at the start of a paragraph (GB/T 15834-2011 附录 B, GB/T 9704-2012 7.3.3). Each entry: regex on the line after
// its indent, message, replacement of the whole match (undefined = no safe fix), level override.
const CHECKS: Array<{
  re: RegExp;
  message: string;
  fix?: (m: RegExpExecArray) => string;
  severity?: 'warning' | 'info';
}> = [
  {
    re: /^(\d{1,2})[、，,](?!\d)/,
    message: '阿拉伯数字序次语后应使用下脚点“.”，不用顿号或逗号',
    fix: (m) => `${m[1]}.`,
  },
  { re: new RegExp(`^（([${CN}]+)）[、.．，,：:]`), message: '带括号的序次语后不再加标点', fix: (m) => `（${m[1]}）` },
  { re: /^[（(](\d{1,2})[）)][、.．，,]/, message: '带括号的序次语后不再加标点', fix: (m) => `（${m[1]}）` },
  {
    re: new RegExp(`^([${CN}]+)[.．，,:：](?![\\d${CN}])`),
    message: '汉字数字序次语后应使用顿号“、”',
    fix: (m) => `${m[1]}、`,
  },
  { re: /^([①-⑳])[、.．，]/, message: '带圈数字序次语后不再加标点', fix: (m) => m[1]! },
  {
    re: new RegExp(`^\\(([${CN}]+)\\)`),
    message: '序次语应使用全角括号“（）”',
    fix: (m) => `（${m[1]}）`,
    severity: 'warning',
  },
  {
    re: /^\((\d{1,2})\)(?![）)])/,
    message: '序次语应使用全角括号“（）”',
    fix: (m) => `（${m[1]}）`,
    severity: 'warning',
  },
];
// Only at the start of a clause: 质量第一、效益优先 is an enumeration, not a 序次语.
const LEAD_RE = new RegExp(`^[\\d${CN}（(①-⑳]`);
const ORDINAL_WORD_RE = new RegExp(`(?<=^|[，。；：])(第[${CN}]+|首先|其次|再次|最后)、(?![${CN}\\d第])`, 'g');

export const sequenceMarkerRule: Rule = {
  meta: {
    id: 'punct/sequence-marker',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/punct/sequence-marker.ts',
    locality: 'line',
    description:
      '序次语的标点：“一、”“（一）”“1.”“（1）”；阿拉伯数字后用下脚点而不用顿号，带括号的序次语后不加标点，“第一”“首先”等后用逗号。',
    message: '序次语后的标点不符合规定',
    standard: 'GB/T 15834-2011 附录B；GB/T 9704-2012 7.3.3',
    fixable: true,
    examples: {
      bad: [
        { text: '1、加强组织领导', fixed: '1.加强组织领导' },
        { text: '（一）、总体要求', fixed: '（一）总体要求' },
        { text: '一．总体要求', fixed: '一、总体要求' },
        { text: '(一)总体要求', fixed: '（一）总体要求' },
        { text: '第一、要提高认识。', fixed: '第一，要提高认识。' },
      ],
      good: [
        '坚持质量第一、效益优先。',
        '第一、第二、第三产业的结构。',
        '1.加强组织领导',
        '（一）总体要求',
        '一、总体要求',
        '第一，要提高认识。',
        '第一、二章',
        '1、2月份',
      ],
    },
  },
  create(ctx) {
    // Items of an 附件说明 are element/attachment-note's to judge.
    const notes = ctx.structure.byRole('attachment-note').map((b) => b.range[0]);
    for (const { start, line } of documentLines(ctx.document)) {
      if (notes.some((s) => s >= start && s <= start + line.length)) continue;
      const indent = contentBounds(line)[0];
      const rest = line.slice(indent);
      // Every check opens with a numeral or a bracket.
      if (LEAD_RE.test(rest))
        for (const c of CHECKS) {
          const m = c.re.exec(rest);
          if (!m) continue;
          // `1、2月份` is an enumeration of months, not a 序次语.
          if (/^\d{1,2}[、，,]\d/.test(rest)) break;
          const s = start + indent;
          const e = s + m[0].length;
          ctx.report({
            range: [s, e],
            message: `${c.message}（“${m[0]}”）`,
            ...(c.fix ? { fix: { range: [s, e], text: c.fix(m) } } : {}),
            ...(c.severity ? { severity: c.severity } : {}),
          });
          break;
        }
      if (!/[第首其再最]/.test(line)) continue;
      ORDINAL_WORD_RE.lastIndex = 0;
      for (let m = ORDINAL_WORD_RE.exec(line); m; m = ORDINAL_WORD_RE.exec(line)) {
        const s = start + m.index + m[1]!.length;
        ctx.report({
          range: [s, s + 1],
          message: `序次语“${m[1]}”后应使用逗号`,
          fix: { range: [s, s + 1], text: '，' },
          severity: 'warning',
        });
      }
    }
  },
};
