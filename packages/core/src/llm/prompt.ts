import { LLM_CATEGORIES, LLM_CATEGORY_NAMES, type LlmCategory, type LlmFinding } from './types.js';

/** Bump on every change to the wording below: the cache key carries it, so old answers are not reused. */
export const PROMPT_VERSION = 'gw-proofread-3';

export interface PromptContext {
  title?: string;
  genre?: string;
  categories: readonly LlmCategory[];
  /** Whether the text carries placeholders such as {{PHONE_1}}. */
  redacted?: boolean;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const CATEGORY_HELP: Record<LlmCategory, string> = {
  typo: '错别字：音近、形近、义近造成的错字或别字（如“程序正档”应为“程序正当”）',
  grammar: '语病：成分残缺、搭配不当、语序不当、重复累赘',
  wording: '表述不规范：不符合公文惯用表述的说法（口语、生造词、机关名称或法规名称写法不规范）',
  consistency: '前后不一致：同一文本内人名、机关名称、数字、日期、称谓前后不一致',
  logic: '逻辑问题：前后矛盾、因果不当、并列不当、数量与列举不符',
  risk: '政治或法律风险表述：错误的政治提法、过时或错误的法律法规名称、不当的绝对化或承诺性表述',
};

const SYSTEM = (
  categories: readonly LlmCategory[],
  redacted: boolean,
) => `你是党政机关公文的校对员。只指出确定有错的地方，不润色、不改写、不追求更好的说法。
检查这些类别（category 取值）：
${categories.map((c) => `- ${c}：${CATEGORY_HELP[c]}`).join('\n')}

要求：
1. 正确的句子一律不动。拿不准的不要报。文风、语气、用词偏好不是错误。
2. wrong 必须是原文中逐字存在的片段，尽量短（通常 1 到 10 个字），只包含需要改动的字词及其紧邻的字。
3. suggestion 是替换 wrong 的文字，只改必须改的部分；不得加入原文没有的数字、日期、名称。
4. context 是原文中包含 wrong 的一小段（约 10 到 20 个字），逐字照抄，用于定位。
5. reason 用一句中文说明错在哪里；confidence 为 0 到 1 的数字，表示你有多确定。
6. 没有错误时返回 {"findings": []}。${redacted ? '\n7. 形如 {{PHONE_1}}、{{ID_1}}、{{CARD_1}}、{{EMAIL_1}} 的占位符代表已隐去的个人信息，原样保留，不要报告或修改。' : ''}
只输出一个 JSON 对象，格式为：
{"findings": [{"category": "typo", "wrong": "…", "context": "…", "suggestion": "…", "reason": "…", "confidence": 0.9}]}`;

/** Examples: each correct sentence in them is answered with nothing, to teach the model to leave text alone. */
const EXAMPLES: Array<{ text: string; answer: { findings: LlmFinding[] } }> = [
  {
    text: '各地要严格按照规定时限报送材料，确保工作按时完成。\n会议强调，要进一步提高认识，切实加强组织领导。',
    answer: { findings: [] },
  },
  {
    text: '行政机关实施行政管理都应当公开，这是程序正档原则的要求。\n通过这次活动，使广大干部受到了深刻教育。',
    answer: {
      findings: [
        {
          category: 'typo',
          wrong: '正档',
          context: '这是程序正档原则的要求',
          suggestion: '正当',
          reason: '“正档”为别字，应为“程序正当”。',
          confidence: 0.95,
        },
        {
          category: 'grammar',
          wrong: '通过这次活动，使',
          context: '通过这次活动，使广大干部',
          suggestion: '这次活动使',
          reason: '“通过……使……”造成主语残缺。',
          confidence: 0.8,
        },
      ],
    },
  },
];

function userMessage(text: string, ctx: PromptContext): string {
  const head = [ctx.title ? `公文标题：${ctx.title}` : '', ctx.genre ? `文种：${ctx.genre}` : '']
    .filter(Boolean)
    .join('\n');
  return `${head ? `${head}\n` : ''}待校对文本：\n<<<\n${text}\n>>>`;
}

/** The messages for one chunk: the rules, the examples as earlier turns, then the chunk with the document's context. */
export function buildMessages(text: string, ctx: PromptContext): ChatMessage[] {
  const wanted = new Set(ctx.categories);
  const messages: ChatMessage[] = [{ role: 'system', content: SYSTEM(ctx.categories, Boolean(ctx.redacted)) }];
  for (const ex of EXAMPLES) {
    const findings = ex.answer.findings.filter((f) => wanted.has(f.category as LlmCategory));
    messages.push({
      role: 'user',
      content: userMessage(ex.text, { ...ctx, title: '关于做好有关工作的通知', genre: '通知' }),
    });
    messages.push({ role: 'assistant', content: JSON.stringify({ findings }) });
  }
  messages.push({ role: 'user', content: userMessage(text, ctx) });
  return messages;
}

export interface ParsedAnswer {
  /** False when the answer held no JSON we could read. */
  ok: boolean;
  findings: LlmFinding[];
}

/** The first balanced JSON object or array in a string (models wrap JSON in prose or code fences). */
function extractJson(s: string): string | undefined {
  const start = s.search(/[{[]/);
  if (start < 0) return undefined;
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < s.length; i++) {
    const ch = s[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return undefined;
      if (stack.length === 0) return s.slice(start, i + 1);
    }
  }
  return undefined;
}

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    // Trailing commas are the most common slip of smaller models.
    try {
      return JSON.parse(s.replace(/,\s*([}\]])/g, '$1'));
    } catch {
      return undefined;
    }
  }
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

function toFinding(raw: unknown): LlmFinding | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  const wrong = str(o.wrong ?? o.original ?? o.quote ?? o.text ?? o.source);
  const suggestion = str(o.suggestion ?? o.correction ?? o.corrected ?? o.replacement ?? o.fix);
  if (wrong === undefined || suggestion === undefined) return undefined;
  const confidence =
    typeof o.confidence === 'number'
      ? o.confidence
      : typeof o.confidence === 'string'
        ? Number(o.confidence)
        : undefined;
  const context = str(o.context);
  const reason = str(o.reason ?? o.explanation);
  return {
    category: str(o.category ?? o.type) ?? 'typo',
    wrong,
    suggestion,
    ...(context ? { context } : {}),
    ...(reason ? { reason } : {}),
    ...(confidence !== undefined && Number.isFinite(confidence) ? { confidence } : {}),
  };
}

/** Reads an answer: a JSON object with `findings`, a bare array, JSON in a code fence or after reasoning text. */
export function parseAnswer(content: string | null | undefined): ParsedAnswer {
  if (!content || !content.trim()) return { ok: false, findings: [] };
  const cleaned = content.replace(/<think>[\s\S]*?<\/think>/g, '');
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(cleaned);
  const candidates = [fenced?.[1], cleaned].filter((c): c is string => Boolean(c));
  for (const c of candidates) {
    const json = extractJson(c);
    if (!json) continue;
    const value = tryParse(json);
    if (value === undefined) continue;
    let list: unknown;
    if (Array.isArray(value)) list = value;
    else if (typeof value === 'object' && value !== null) {
      const o = value as Record<string, unknown>;
      list = o.findings ?? o.errors ?? o.issues ?? o.results;
      if (list === undefined && 'wrong' in o) list = [o];
    }
    if (!Array.isArray(list)) continue;
    return { ok: true, findings: list.map(toFinding).filter((f): f is LlmFinding => f !== undefined) };
  }
  return { ok: false, findings: [] };
}

export function categoryOf(value: string): LlmCategory | undefined {
  const v = value.trim().replace(/^llm\//, '');
  return LLM_CATEGORIES.find((c) => c === v || LLM_CATEGORY_NAMES[c] === v);
}
