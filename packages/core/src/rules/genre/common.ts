import type { Block } from '../../document/types.js';
import type { RuleContext } from '../../engine/types.js';

// Request phrases that only a 请示 may carry (条例 §15(4)).
export const REQUEST_RE =
  /(妥否|当否|可否|是否可行|是否妥当)[，,]?\s*请(予)?(批示|批复|审批|指示)|请(予|尽快)?(批准|审批|批复|核准|审定|批示)|望(批准|批复)|盼复|请示如下/g;

/** The 文种 from the title, also when the title wrongly ends with a mark (the title rule reports that). */
export function genreOf(ctx: RuleContext): string | undefined {
  const t = (ctx.structure.title ?? '').replace(/[\s\u3000]+/g, '').replace(/[。，；：！？,.;:!?]+$/, '');
  // A mixed 文种 (请示报告) has no one genre: genre/mixed-type reports it and the other genre rules stay quiet.
  if (/(请示报告|报告请示|申请报告|请示函|函请示|意见报告|通知通报)$/.test(t)) return undefined;
  if (ctx.structure.genre) return ctx.structure.genre;
  const m = /(决议|决定|命令|公报|公告|通告|意见|通知|通报|报告|请示|批复|议案|复函|函|纪要)$/.exec(t);
  return m ? (m[1] === '复函' ? '函' : m[1]) : undefined;
}

export function bodyBlocks(ctx: RuleContext): Block[] {
  return ctx.structure.blocks.filter((b) => b.role === 'body' || b.role === 'closing' || b.role === 'heading');
}
