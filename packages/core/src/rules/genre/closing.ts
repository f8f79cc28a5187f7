import type { Rule } from '../../engine/types.js';
import { bodyBlocks, genreOf } from './common.js';

const CLOSING_RE = /^(特此|专此)(通知|报告|请示|函告|函复|批复|通报|通告|公告)[。.]?$/;
const CLOSING_GENRE: Record<string, string[]> = {
  通知: ['通知'],
  报告: ['报告'],
  请示: ['请示'],
  函告: ['函'],
  函复: ['函'],
  批复: ['批复'],
  通报: ['通报'],
  通告: ['通告'],
  公告: ['公告'],
};

export const closingRule: Rule = {
  meta: {
    id: 'genre/closing',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/closing.ts',
    description:
      '结束语应与文种相符：通知用“特此通知”，报告用“特此报告”，请示用“妥否，请批示”等，函用“特此函告”“请函复”。',
    message: '结束语与文种不符',
    standard: '《党政机关公文处理工作条例》第八条（公文写作惯例）',
    fixable: true,
    examples: {
      bad: [
        {
          text: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真做好防汛工作。\n特此报告。',
          fixed: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真做好防汛工作。\n特此通知。',
        },
      ],
      good: [
        '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真做好防汛工作。\n特此通知。',
        '某某市人民政府办公厅关于商请支持的函\n某某大学：\n特此函告。',
      ],
    },
  },
  create(ctx) {
    const genre = genreOf(ctx);
    if (!genre || genre === '意见' || genre === '决定') return;
    const text = ctx.text;
    for (const b of bodyBlocks(ctx)) {
      const t = text.slice(b.range[0], b.range[1]);
      const m = CLOSING_RE.exec(t);
      if (!m) continue;
      const fits = CLOSING_GENRE[m[2]!] ?? [];
      if (fits.includes(genre)) continue;
      // A 通知 forwarding a report may quote its closing; only a closing in the last lines counts.
      if (b.range[1] < text.length - 200) continue;
      const want = genre === '函' ? undefined : CLOSING_GENRE[genre] ? `${m[1]}${genre}` : undefined;
      const s = b.range[0] + m[1]!.length;
      const range = [s, s + m[2]!.length] as const;
      ctx.report({
        range: [b.range[0], b.range[0] + m[1]!.length + m[2]!.length],
        message: `文种是“${genre}”，结束语“${m[1]}${m[2]}”与文种不符${want ? `，宜用“${want}”` : ''}`,
        ...(want ? { fix: { range, text: genre } } : {}),
      });
    }
  },
};
