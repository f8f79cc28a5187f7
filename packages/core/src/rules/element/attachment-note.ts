import type { Rule } from '../../engine/types.js';
import { contentBounds, documentLines } from '../text-helpers.js';

// Any character after the number, line and paragraph separators included: U+2028 pasted from a web page made
// the match fail and the rule throw.
const ITEM_RE = /^(附件[：:]\s*)?(?:(\d{1,2})([.．、，]|\s)|[（(](\d{1,2})[）)])?\s*([\s\S]*)$/;

// 附件说明 (GB/T 9704-2012 7.3.4): 附件：1.名称 / 2.名称; full-width colon, Arabic numbering with `.`, consecutive, no final marks.
export const attachmentNoteRule: Rule = {
  meta: {
    id: 'element/attachment-note',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/element/attachment-note.ts',
    description:
      '附件说明写作“附件：1.××××”，多个附件用阿拉伯数字“1.”“2.”连续编号，附件名称后不加标点；只有一个附件时不编号。',
    message: '附件说明不符合规定',
    standard: 'GB/T 9704-2012 7.3.4；《党政机关公文处理工作条例》第九条',
    fixable: true,
    examples: {
      bad: [
        { text: '请认真执行。\n附件:会议议程', fixed: '请认真执行。\n附件：会议议程' },
        { text: '请认真执行。\n附件：1.会议议程；\n2.参会回执。', fixed: '请认真执行。\n附件：1.会议议程\n2.参会回执' },
        { text: '请认真执行。\n附件：1、会议议程\n2、参会回执', fixed: '请认真执行。\n附件：1.会议议程\n2.参会回执' },
        { text: '请认真执行。\n附件：1.会议议程\n3.参会回执' },
        { text: '请认真执行。\n附件：1.会议议程', fixed: '请认真执行。\n附件：会议议程' },
      ],
      good: [
        '请认真执行。\n附件：1.会议议程\n2.参会回执',
        '请认真执行。\n附件：会议议程',
        '附件：1.会议议程\n      2.参会回执',
        '附件：1.会议议程\n\u00a0 \u00a0 2.参会回执',
        '附件：1.会议议程\n　　２．参会回执',
        '附件：1.取消管理的\n\n　　　　产品目录　　　2.保留管理的产品目录',
      ],
    },
  },
  create(ctx) {
    const all = documentLines(ctx.document);
    for (let i = 0; i < all.length; i++) {
      const head = all[i]!;
      const lead = contentBounds(head.line)[0];
      if (!/^附件[：:]/.test(head.line.slice(lead))) continue;
      // The note and the numbered items below it.
      const items: Array<{ start: number; text: string }> = [
        { start: head.start + lead, text: head.line.slice(lead, contentBounds(head.line)[1]) },
      ];
      for (let k = i + 1; k < all.length; k++) {
        const l = all[k]!;
        const [ind, end] = contentBounds(l.line);
        const t = l.line.slice(ind, end);
        if (!/^(\d{1,2}[.．、，\s]|[（(]\d{1,2}[）)])/.test(t) || t.length > 80) break;
        items.push({ start: l.start + ind, text: t });
      }
      // A second item the list above did not take (full-width digits, a name wrapped onto a later line, items run
      // together on one line): then the note is no single attachment, and removing its “1.” would break a list.
      const later = all
        .slice(i + items.length, i + items.length + 8)
        .filter((l) => l.line.trim() !== '')
        .slice(0, 3);
      const moreItems = [items[0]!.text.slice(3), ...later.map((l) => l.line)].some((t) =>
        /(?:^|\s)[（(]?[2２][.．、，)）]/.test(t),
      );
      const first = items[0]!;
      if (first.text[2] === ':')
        ctx.report({
          range: [first.start + 2, first.start + 3],
          message: '“附件”后应使用全角冒号“：”',
          fix: { range: [first.start + 2, first.start + 3], text: '：' },
        });
      let expected = 1;
      const numbered = items.filter((it) => {
        const m = ITEM_RE.exec(it.text)!;
        return m[2] ?? m[4];
      }).length;
      for (const it of items) {
        const m = ITEM_RE.exec(it.text)!;
        const prefix = m[1]?.length ?? 0;
        const num = m[2] ?? m[4];
        const name = m[5] ?? '';
        if (/^(如文|见附件)?$/.test(name) || /^\d+件$/.test(name)) {
          ctx.report({
            range: [it.start, it.start + it.text.length],
            message: '附件说明应写明附件名称',
            severity: 'warning',
          });
        }
        if (num !== undefined) {
          const at = it.start + prefix;
          const markEnd = it.start + it.text.length - name.length;
          if (items.length === 1 && numbered === 1 && num === '1' && !moreItems) {
            ctx.report({
              range: [at, markEnd],
              message: '只有一个附件时不编序号',
              fix: { range: [at, markEnd], text: '' },
              severity: 'warning',
            });
          } else if (m[4] !== undefined || m[3] !== '.') {
            // A full-width point is what input methods produce and what many published documents print: a warning.
            ctx.report({
              range: [at, markEnd],
              message: `附件序号应写作“${num}.”`,
              fix: { range: [at, markEnd], text: `${num}.` },
              ...(m[3] === '．' ? { severity: 'warning' as const } : {}),
            });
          }
          if (Number(num) !== expected)
            ctx.report({ range: [at, at + num.length], message: `附件序号不连续：此处应为“${expected}”` });
          expected = Number(num) + 1;
        }
        const punct = /[。，；、.,;]+$/.exec(it.text);
        if (punct && name) {
          const e = it.start + it.text.length;
          ctx.report({
            range: [e - punct[0].length, e],
            message: '附件名称后不加标点',
            fix: { range: [e - punct[0].length, e], text: '' },
          });
        }
      }
      i += items.length - 1;
    }
  },
};
