import type { Rule } from '../../engine/types.js';
import { formatGenreOf } from './common.js';

// 命令（令） (GB/T 9704-2012 10.2): the 令号 (`第N号`) stands centred two lines below the 发文机关标志 and takes the
// place of a 发文字号; a 令 without it cannot be cited.
const ORDER_NUMBER_RE = /^[\s\u3000]*[（(]?第\s*[0-9０-９一二三四五六七八九十百千〇零]+\s*号[）)]?[\s\u3000]*$/;

export const orderNumberRule: Rule = {
  meta: {
    id: 'genre/order-number',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/order-number.ts',
    description: '命令（令）在发文机关标志下空二行居中编排令号（“第×号”），令号代替发文字号。',
    message: '命令（令）缺少令号',
    standard: 'GB/T 9704-2012 10.2',
    examples: {
      bad: [
        {
          text: '某某市人民政府令\n《某某市城市绿化管理办法》已经市政府常务会议审议通过，现予公布，自2026年5月1日起施行。\n市长　张某某\n2026年3月20日',
        },
      ],
      good: [
        '某某市人民政府令\n第15号\n《某某市城市绿化管理办法》已经市政府常务会议审议通过，现予公布，自2026年5月1日起施行。\n市长　张某某\n2026年3月20日',
      ],
    },
  },
  create(ctx) {
    const genre = formatGenreOf(ctx);
    if (genre !== '令' && genre !== '命令') return;
    const titles = ctx.structure.titleBlocks.length ? ctx.structure.titleBlocks : ctx.structure.byRole('issuer-mark');
    if (!titles.length) return;
    const text = ctx.text;
    // The 令号 right below the mark (or, in pasted texts, in the title itself: `…国务院令(第678号)`).
    if (/第\s*\d+\s*号/.test(ctx.structure.title ?? '')) return;
    let seen = 0;
    for (const b of ctx.structure.blocks) {
      if (b.index <= titles[titles.length - 1]!.index) continue;
      const t = text.slice(b.range[0], b.range[1]);
      if (!t.trim()) continue;
      if (ORDER_NUMBER_RE.test(t) || b.role === 'doc-number') return;
      if (++seen >= 3) break;
    }
    ctx.report({
      range: [titles[0]!.range[0], titles[titles.length - 1]!.range[1]],
      message: '命令（令）应在发文机关标志下居中编排令号（“第×号”）',
    });
  },
};
