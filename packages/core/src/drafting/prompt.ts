import type { ChatMessage } from '../llm/prompt.js';
import type { DraftPlan, Material } from './plan.js';

/** Changes whenever the drafting prompt changes (part of the cache key). */
export const DRAFT_PROMPT_VERSION = 'draft-1';

/** The most material text sent (characters); a longer material is cut and the prompt says so. */
export const MAX_MATERIAL_CHARS = 24_000;

const SYSTEM = `你是党政机关公文起草人员，熟悉《党政机关公文处理工作条例》和 GB/T 9704-2012。
根据起草计划和材料起草公文正文，要求：
1. 只写材料和起草要求中有的事实：数字、金额、百分比、日期、机关名称、人名、决定事项一律照材料写，不得编造、推算或补充；材料没有的内容写成“【待补：需要补充的内容】”。
2. 材料中没有的决定、批准、同意事项不得写成已决定、已批准、已同意。
3. 按计划的文种和结构写：开头写缘由，主体写事项，最后一段是该文种的结束语。
4. 只输出 Markdown：第一行是“# 标题”，其后是正文段落；层次序号用“一、”“（一）”“1.”“（1）”。不写主送机关、署名、成文日期、文首数据，也不写任何解释说明。`;

function materialsBlock(materials: readonly Material[]): string {
  return materials
    .map((m, i) => {
      const cut = m.text.length > MAX_MATERIAL_CHARS;
      const text = cut ? m.text.slice(0, MAX_MATERIAL_CHARS) : m.text;
      return `材料${i + 1}：${m.name}${cut ? '（过长，只给出前一部分）' : ''}\n<<<\n${text}\n>>>`;
    })
    .join('\n\n');
}

/** What the model is told: the plan (文种, direction, structure, facts) and the materials. */
export function buildDraftMessages(
  plan: DraftPlan,
  request: string,
  materials: readonly Material[],
  extra?: { instruction?: string; section?: string; current?: string },
): ChatMessage[] {
  const lines = [
    `起草要求：${request}`,
    `文种：${plan.genre}（${plan.direction}）`,
    plan.from ? `发文机关：${plan.from}` : '',
    plan.to.length ? `主送机关：${plan.to.join('、')}` : '',
    `开头：${plan.structure.opening}`,
    `主体：${plan.structure.body}`,
    plan.structure.closing.length ? `结束语：${plan.structure.closing[0]}` : '结束语：本文种不用结束语',
    plan.decisions ? '' : '材料中没有任何决定、批准或同意事项。',
    plan.missing.length ? `材料中缺少、须写成【待补：…】的：${plan.missing.join('；')}` : '',
  ].filter(Boolean);
  const user = extra?.instruction
    ? `${lines.join('\n')}\n\n现有草稿：\n<<<\n${extra.current ?? ''}\n>>>\n\n只修改第“${extra.section}”部分：${extra.instruction}\n输出修改后的这一部分（从它的标题行起，到下一部分的标题行之前），不输出其他部分。\n\n${materialsBlock(materials)}`
    : `${lines.join('\n')}\n\n${materialsBlock(materials)}`;
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}

// Lines a model puts around its draft: 好的，以下是…； 以上草稿仅供参考…
const LEAD_PROSE_RE = /^(好的|以下|下面|根据|这是|我已|已为您|为您|按照|现将|草稿如下|当然)/;
const TAIL_PROSE_RE = /^(以上|如需|希望|注[：:]|说明[：:]|请注意|备注[：:]|如有|您可以|如果)/;

/**
 * The Markdown draft in a model's answer: the fenced block when there is one (the longest), else the answer without
 * the prose lines a model adds before and after. Undefined when nothing remains.
 */
export function extractDraft(answer: string): string | undefined {
  const text = answer.replace(/\r\n?/g, '\n');
  const fences = [...text.matchAll(/```[ \t]*(?:markdown|md)?[ \t]*\n([\s\S]*?)\n[ \t]*```/gi)].map((m) => m[1]!);
  let body: string;
  if (fences.length) body = fences.reduce((a, b) => (b.length > a.length ? b : a));
  else {
    const lines = text.split('\n');
    let s = 0;
    const heading = lines.findIndex((l) => /^#\s/.test(l));
    if (heading >= 0 && lines.slice(0, heading).every((l) => !l.trim() || LEAD_PROSE_RE.test(l.trim()))) s = heading;
    else while (s < lines.length && (!lines[s]!.trim() || LEAD_PROSE_RE.test(lines[s]!.trim()))) s++;
    let e = lines.length;
    while (e > s && (!lines[e - 1]!.trim() || TAIL_PROSE_RE.test(lines[e - 1]!.trim()))) e--;
    body = lines.slice(s, e).join('\n');
  }
  // Front matter the model wrote anyway: ours replaces it.
  body = body.replace(/^\s*---\n[\s\S]*?\n---\n/, '');
  return body.trim() ? `${body.trim()}\n` : undefined;
}
