import type { Rule } from '../../engine/types.js';
import { attachmentPages, noteItems } from './attachments.js';

// The body refers to 附件 that the 附件说明 must list (GB/T 9704-2012 7.3.4; 条例 第九条（十）): `见附件3` with two
// attachments listed, or `见附件` in a document that lists none. A 附件 of another document (`《…的通知》附件2`,
// `国发〔2024〕3号文件附件`) is that document's affair.
const REF_RE = /(见|详见|参见|参照|按照|按|依照|填写|填报|如)?附件\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?/g;

export const attachmentReferenceRule: Rule = {
  meta: {
    id: 'element/attachment-reference',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/element/attachment-reference.ts',
    description:
      '正文中提到的附件（“见附件2”）应在附件说明中列出：附件序号不超过附件说明所列数目，提到附件时应有附件说明。',
    message: '正文提到的附件未在附件说明中列出',
    standard: 'GB/T 9704-2012 7.3.4；《党政机关公文处理工作条例》第九条（十）',
    examples: {
      bad: [
        {
          text: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n具体要求见附件3。\n特此通知。\n附件：1.防汛重点部位清单\n2.应急值守表\n某某市人民政府\n2026年3月5日',
        },
        {
          text: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请按附件格式填报。\n特此通知。\n某某市人民政府\n2026年3月5日',
        },
      ],
      good: [
        '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n具体要求见附件2。\n特此通知。\n附件：1.防汛重点部位清单\n2.应急值守表\n某某市人民政府\n2026年3月5日',
        '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请按《某某省防汛工作的通知》附件2执行。\n特此通知。\n某某市人民政府\n2026年3月5日',
      ],
    },
  },
  create(ctx) {
    const items = noteItems(ctx);
    const pages = attachmentPages(ctx);
    const count = Math.max(items.length, ...items.map((i) => i.num ?? 0));
    const text = ctx.text;
    for (const b of ctx.structure.blocks) {
      if (b.role !== 'body' && b.role !== 'heading' && b.role !== 'closing') continue;
      const t = text.slice(b.range[0], b.range[1]);
      if (!t.includes('附件')) continue;
      REF_RE.lastIndex = 0;
      for (let m = REF_RE.exec(t); m; m = REF_RE.exec(t)) {
        const verb = m[1];
        const digits = m[2];
        const at = m.index + (verb?.length ?? 0);
        // Another document's 附件: right after its title, its 文号 or the word 文件.
        if (/(》|号[）)]?|文件|通知|意见|办法|的)$/.test(t.slice(Math.max(0, at - 4), at))) continue;
        // `附件说明`, `以附件形式`: no reference to one attachment.
        if (!verb && digits === undefined) continue;
        const n =
          digits === undefined
            ? undefined
            : /^[0-9０-９]+$/.test(digits)
              ? Number(digits.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
              : undefined;
        const s = b.range[0] + at;
        const range = [s, s + m[0].length - (verb?.length ?? 0)] as const;
        if (!items.length && !pages.length) {
          ctx.report({ range, message: `正文提到“${m[0].slice(verb?.length ?? 0)}”，但文末没有附件说明（“附件：…”）` });
        } else if (items.length && n !== undefined && n > count) {
          ctx.report({ range, message: `正文提到“附件${n}”，但附件说明只列出${count}个附件` });
        }
      }
    }
  },
};
