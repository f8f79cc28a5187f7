import type { Rule } from '../../engine/types.js';
import { DATA_PACK_FILES } from '../../generated/bundle.js';
import { REQUEST_RE, bodyBlocks, genreOf } from './common.js';

/** rules/packs/closings.yaml: the closing phrases of each 文种, and for each phrase the 文种 it belongs to. */
function loadClosings(): { byGenre: Map<string, Set<string>>; owners: Map<string, string[]> } {
  const pack = DATA_PACK_FILES.closings as { closings?: Record<string, string[] | null> } | undefined;
  const byGenre = new Map<string, Set<string>>();
  const owners = new Map<string, string[]>();
  for (const [genre, list] of Object.entries(pack?.closings ?? {})) {
    byGenre.set(genre, new Set(list ?? []));
    for (const p of list ?? []) owners.set(p, [...(owners.get(p) ?? []), genre]);
  }
  return { byGenre, owners };
}

const { byGenre, owners } = loadClosings();

/** The 文种 whose customary closing `phrase` is (without its final 。); empty when it is none's. */
export function closingOwners(phrase: string): string[] {
  return owners.get(phrase) ?? [];
}

/** The customary closings of a 文种 (rules/packs/closings.yaml), the usual one first; empty when it has none. */
export function closingsOf(genre: string): string[] {
  return [...(byGenre.get(genre === '复函' ? '函' : genre) ?? [])];
}
const END_RE = /[。.！!]+$/;

export const closingRule: Rule = {
  meta: {
    id: 'genre/closing',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/closing.ts',
    description:
      '结束语应与文种相符：通知用“特此通知”“请遵照执行”，报告用“特此报告”，请示用“妥否，请批示”，函用“特此函告”“请函复”，批复用“此复”等（各文种的惯用结束语见 rules/packs/closings.yaml）。',
    message: '结束语与文种不符',
    standard: '《党政机关公文处理工作条例》第八条（各文种的适用范围）',
    fixable: true,
    examples: {
      bad: [
        {
          text: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真做好防汛工作。\n特此报告。',
          fixed: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真做好防汛工作。\n特此通知。',
        },
        { text: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真做好防汛工作。\n妥否，请批示。' },
        { text: '某某区统计局关于2025年统计工作情况的报告\n某某区人民政府：\n现将有关情况报告如下。\n请遵照执行。' },
      ],
      good: [
        '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真做好防汛工作。\n特此通知。',
        '某某市人民政府办公厅关于商请支持的函\n某某大学：\n特此函告。',
        '某某市人民政府关于同意设立某某公园的批复\n某某市林业局：\n同意设立某某公园。\n此复。',
      ],
    },
  },
  create(ctx) {
    const genre = genreOf(ctx);
    const own = genre ? byGenre.get(genre) : undefined;
    if (!genre || !own) return;
    const text = ctx.text;
    for (const b of bodyBlocks(ctx)) {
      // A 通知 forwarding a report may quote its closing; only a closing in the last lines counts.
      if (b.range[1] < text.length - 200) continue;
      const raw = text.slice(b.range[0], b.range[1]);
      const lead = raw.length - raw.trimStart().length;
      const phrase = raw.trim().replace(END_RE, '');
      const of = owners.get(phrase);
      if (!of || own.has(phrase)) continue;
      // A request in a 报告 is genre/report-request's finding (an error), not a second one here.
      REQUEST_RE.lastIndex = 0;
      if (genre === '报告' && REQUEST_RE.test(phrase)) continue;
      const start = b.range[0] + lead;
      const m = /^(特此|专此)(.+)$/.exec(phrase);
      const want = m && own.has(`${m[1]}${genre}`) ? `${m[1]}${genre}` : [...own][0];
      const fix =
        m && want === `${m[1]}${genre}`
          ? { range: [start + m[1]!.length, start + phrase.length] as [number, number], text: genre }
          : undefined;
      ctx.report({
        range: [start, start + phrase.length],
        message: `文种是“${genre}”，结束语“${phrase}”是${of.join('、')}的用语${want ? `，宜用“${want}”` : '，宜删去或改用本文种的用语'}`,
        ...(fix ? { fix } : {}),
      });
    }
  },
};
