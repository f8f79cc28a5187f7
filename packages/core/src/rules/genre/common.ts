import type { Block } from '../../document/types.js';
import type { RuleContext } from '../../engine/types.js';
import { isOtherReport } from '../../structure/patterns.js';

// Request phrases that only a 请示 may carry (条例 §15(4)).
export const REQUEST_RE =
  /(妥否|当否|可否|是否可行|是否妥当)[，,]?\s*请(予)?(批示|批复|审批|指示)|请(予|尽快)?(批准|审批|批复|核准|审定|批示)|望(批准|批复)|盼复|请示如下/g;

/** The 文种 from the title, also when the title wrongly ends with a mark (the title rule reports that). */
export function genreOf(ctx: RuleContext): string | undefined {
  const t = (ctx.structure.title ?? '').replace(/[\s\u3000]+/g, '').replace(/[。，；：！？,.;:!?]+$/, '');
  // A mixed 文种 (请示报告) has no one genre: genre/mixed-type reports it and the other genre rules stay quiet.
  if (/(请示报告|报告请示|申请报告|请示函|函请示|意见报告|通知通报)$/.test(t)) return undefined;
  if (ctx.structure.genre) return ctx.structure.genre;
  if (isOtherReport(t)) return undefined;
  const m = /(决议|决定|命令|公报|公告|通告|意见|通知|通报|报告|请示|批复|议案|复函|函|纪要)$/.exec(t);
  return m ? (m[1] === '复函' ? '函' : m[1]) : undefined;
}

export function bodyBlocks(ctx: RuleContext): Block[] {
  return ctx.structure.blocks.filter((b) => b.role === 'body' || b.role === 'closing' || b.role === 'heading');
}

/**
 * Whether the document names its 主送机关: an addressee block, a 主送 in the 版记, or a short line ending in a colon
 * among the first lines below the title (published texts repeat the title or put the 文号 in between, and the
 * recognizer then takes that line for body text).
 */
export function hasAddressee(ctx: RuleContext): boolean {
  const s = ctx.structure;
  if (s.byRole('addressee').length || s.byRole('main-recipients-end').length) return true;
  const last = s.titleBlocks[s.titleBlocks.length - 1];
  if (!last) return false;
  let seen = 0;
  for (let i = last.index + 1; i < s.blocks.length && seen < 8; i++) {
    const b = s.blocks[i]!;
    const t = ctx.text.slice(b.range[0], b.range[1]).trim();
    if (!t) continue;
    seen++;
    if (/[：:]$/.test(t) && t.length <= 120 && !/[。；！？]/.test(t) && !/如下[：:]$/.test(t)) return true;
  }
  return false;
}

/**
 * The text of the first `n` body paragraphs below the addressee (the opening); without an addressee, of the first
 * `n + 4` (a pasted text repeats its title and 文号 in lines the recognizer takes for body text).
 */
export function openingText(ctx: RuleContext, n: number): { text: string; start: number; end: number } | undefined {
  const addressee = ctx.structure.byRole('addressee')[0];
  const all = bodyBlocks(ctx).filter((b) => ctx.text.slice(b.range[0], b.range[1]).trim());
  const body = addressee ? all.filter((b) => b.index > addressee.index).slice(0, n) : all.slice(0, n + 4);
  if (!body.length) return undefined;
  const start = body[0]!.range[0];
  const end = body[body.length - 1]!.range[1];
  return { text: ctx.text.slice(start, end), start, end };
}

/** The 文种 also of a 纪要 or 命令 whose 标志 (`某某市人民政府常务会议纪要`) stands in for the title (GB/T 9704-2012 10.2, 10.3). */
export function formatGenreOf(ctx: RuleContext): string | undefined {
  const g = genreOf(ctx);
  if (g) return g;
  const mark = ctx.structure
    .byRole('issuer-mark')
    .map((b) => ctx.text.slice(b.range[0], b.range[1]))
    .join('')
    .trim();
  const m = /(纪要|命令)$/.exec(mark);
  return m?.[1];
}
