import type { Rule } from '../../engine/types.js';
import { attachmentPages, comparable, noteItems } from './attachments.js';

// 附件 pages and the 附件说明 agree (GB/T 9704-2012 7.3.4, 7.3.7: 附件顺序号和附件标题应与附件说明的表述一致): every
// attached part is listed, under its number, with the same title. A 附件说明 may list parts sent on their own, so
// fewer pages than items is no finding.
export const attachmentPagesRule: Rule = {
  meta: {
    id: 'element/attachment-pages',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/element/attachment-pages.ts',
    description: '附件应与附件说明一致：有附件时应编排附件说明，附件顺序号和附件标题应与附件说明的表述一致。',
    message: '附件与附件说明不一致',
    standard: 'GB/T 9704-2012 7.3.4、7.3.7；《党政机关公文处理工作条例》第九条（十）（十五）',
    examples: {
      bad: [
        {
          text: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真落实。\n特此通知。\n附件：1.防汛重点部位清单\n2.应急值守表\n某某市人民政府\n2026年3月5日\n附件1\n防汛重点部位名单\n一、水库\n附件2\n应急值守表\n一、值班安排',
        },
        {
          text: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真落实。\n特此通知。\n某某市人民政府\n2026年3月5日\n附件\n防汛重点部位清单\n一、水库',
        },
        {
          text: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真落实。\n特此通知。\n附件：防汛重点部位清单\n某某市人民政府\n2026年3月5日\n附件2\n防汛重点部位清单\n一、水库',
        },
      ],
      good: [
        '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真落实。\n特此通知。\n附件：1.防汛重点部位清单\n2.应急值守表\n某某市人民政府\n2026年3月5日\n附件1\n防汛重点部位清单\n一、水库\n附件2\n应急值守表\n一、值班安排',
        '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真落实。\n特此通知。\n附件：1.防汛重点部位清单\n2.应急值守表\n某某市人民政府\n2026年3月5日',
      ],
    },
  },
  create(ctx) {
    const pages = attachmentPages(ctx);
    if (!pages.length) return;
    // A file that is one 附件 on its own starts with its label: the 附件说明 is in the main document.
    const before = ctx.structure.blocks.slice(0, pages[0]!.label.index);
    if (!before.some((b) => b.role === 'date' || b.role === 'signature' || b.role === 'body' || b.role === 'closing'))
      return;
    const items = noteItems(ctx);
    if (!items.length) {
      // A pasted text may run the 附件说明 into the last paragraph (`…现予公布。　　附件：…`): it is there.
      const inline = ctx.structure.blocks.some(
        (b) => b.role === 'body' && /[。\s\u3000]附件[：:]/.test(ctx.text.slice(b.range[0], b.range[1])),
      );
      if (inline) return;
      ctx.report({
        range: pages[0]!.label.range,
        message: '文后附有附件，但正文之后没有附件说明（应在正文下空一行编排“附件：”及附件名称）',
      });
      return;
    }
    const single = items.length === 1;
    pages.forEach((p, k) => {
      // The page's place in the list: its number, or its position when unnumbered (a single 附件).
      const n = p.num ?? (pages.length === 1 && single ? 1 : k + 1);
      const item = items.find((it) => (it.num ?? items.indexOf(it) + 1) === n);
      if (!item) {
        ctx.report({
          range: p.label.range,
          message: `附件说明中没有附件${n}：附件顺序号应与附件说明一致（附件说明列出${items.length}个附件）`,
        });
        return;
      }
      if (!p.title) return;
      const a = comparable(p.title.text);
      const b = comparable(item.name);
      // A title wrapped over two lines shows its first line here.
      if (a && b && a !== b && !(b.startsWith(a) && a.length >= 4)) {
        ctx.report({
          range: p.title.range,
          message: `附件标题“${p.title.text}”与附件说明中的名称“${item.name}”不一致`,
        });
      }
    });
  },
};
