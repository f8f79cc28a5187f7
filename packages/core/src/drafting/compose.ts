import { findDraftTemplate } from '../drafts/index.js';
import { closingOwners } from '../rules/genre/closing.js';
import { LlmRequestError, type LlmBackend } from '../llm/backend.js';
import { cacheKey } from '../llm/run.js';
import { redactText, restoreText, type Redaction } from '../llm/redact.js';
import { completeWithRetries } from '../llm/retry.js';
import type { LlmCache } from '../llm/types.js';
import { guardFacts, type SourceIndex, type UnverifiedFact } from './guard.js';
import type { DraftPlan, Material } from './plan.js';
import { DRAFT_PROMPT_VERSION, buildDraftMessages, extractDraft } from './prompt.js';

/** Why no draft came back: the model's answer was cut, empty, or the request failed. */
export class DraftError extends Error {
  constructor(
    message: string,
    readonly kind: 'truncated' | 'empty' | 'request',
  ) {
    super(message);
    this.name = 'DraftError';
  }
}

export interface DraftModelOptions {
  backend: LlmBackend;
  cache?: LlmCache;
  temperature?: number;
  timeoutMs?: number;
  retries?: number;
  retryBaseMs?: number;
  maxRetryDelayMs?: number;
  /** Mask 身份证号, 手机号, 银行卡号 and e-mail addresses before sending; restored in the answer. */
  redact?: boolean;
}

export interface ModelAnswer {
  /** The Markdown the model wrote (fence and prose removed, personal data restored). */
  markdown: string;
  requests: number;
  cached: boolean;
  /** Characters sent (what left the machine). */
  characters: number;
}

/**
 * Asks the model once (with retries on 429, 5xx and timeouts) and returns its Markdown. A cut answer
 * (finish_reason `length`) or one with no draft in it is a DraftError; an aborted `signal` rejects with its reason.
 */
export async function askModel(
  plan: DraftPlan,
  request: string,
  materials: readonly Material[],
  options: DraftModelOptions,
  signal?: AbortSignal,
  revision?: { instruction: string; section: string; current: string },
): Promise<ModelAnswer> {
  const redaction: Redaction = { values: new Map() };
  const mask = (t: string) => (options.redact ? redactText(t, redaction) : t);
  const sent = materials.map((m) => ({ name: m.name, text: mask(m.text) }));
  const messages = buildDraftMessages(
    plan,
    mask(request),
    sent,
    revision
      ? { instruction: mask(revision.instruction), section: revision.section, current: mask(revision.current) }
      : undefined,
  );
  const temperature = options.temperature ?? 0.2;
  const key = await cacheKey(options.backend.model, [DRAFT_PROMPT_VERSION], temperature, messages);
  const characters = messages.reduce((n, m) => n + m.content.length, 0);
  try {
    const hit = await options.cache?.get(key);
    const cached = hit ? (JSON.parse(hit) as { draft?: string }).draft : undefined;
    if (cached) return { markdown: restoreText(cached, redaction), requests: 0, cached: true, characters: 0 };
  } catch {
    // An unreadable entry is a miss.
  }
  let requests = 0;
  let res: Awaited<ReturnType<LlmBackend['complete']>>;
  try {
    res = await completeWithRetries(
      options.backend,
      { messages, temperature, json: false, timeoutMs: options.timeoutMs ?? 180_000 },
      {
        ...(options.retries !== undefined ? { retries: options.retries } : {}),
        ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
        ...(options.maxRetryDelayMs !== undefined ? { maxRetryDelayMs: options.maxRetryDelayMs } : {}),
        ...(signal ? { signal } : {}),
        onAttempt: () => requests++,
      },
    );
  } catch (e) {
    if (e instanceof LlmRequestError) throw new DraftError(`模型服务请求失败：${e.message}`, 'request');
    throw e;
  }
  if (res.finishReason === 'length')
    throw new DraftError(
      '模型的回答在输出长度上限处被截断，草稿不完整，未写入；请提高模型服务的输出长度上限（max_tokens）或精简材料后重试 / the answer was truncated',
      'truncated',
    );
  const draft = extractDraft(res.content);
  if (!draft) throw new DraftError('模型的回答中没有草稿 / the answer holds no draft', 'empty');
  try {
    await options.cache?.set(key, JSON.stringify({ draft }));
  } catch {
    // A cache that cannot write costs a request next time.
  }
  return { markdown: restoreText(draft, redaction), requests, cached: false, characters };
}

type Field = [key: string, value: string | string[] | null];

function yamlValue(v: string): string {
  return /^[\d\s]|[:#'"{}[\],&*!|>%@`]/.test(v) ? JSON.stringify(v) : v;
}

/** Front matter with the keys `gongwen new` writes (and the draft's request and materials, for revise). */
export function draftFrontMatter(fields: Field[]): string {
  const out = ['---'];
  for (const [k, v] of fields) {
    if (v === null) out.push(`# ${k}:`);
    else if (Array.isArray(v)) {
      out.push(`${k}:`);
      for (const x of v) out.push(`  - ${yamlValue(x)}`);
    } else out.push(`${k}: ${yamlValue(v)}`);
  }
  out.push('---', '');
  return out.join('\n');
}

export interface ComposeInput {
  plan: DraftPlan;
  request: string;
  /** What the model wrote: `# 标题` and the body. */
  markdown: string;
  sources: SourceIndex;
  /** Material names as recorded in the front matter (paths relative to the draft). */
  materialNames: string[];
  /** 成文日期 (the day of drafting unless given). */
  date: string;
  /** A 联系人 line found in the materials, for the 附注 of a 请示 or 函. */
  contact?: string;
}

export interface ComposedDraft {
  text: string;
  title: string;
  unverified: UnverifiedFact[];
}

const ORGAN_LINE_RE = /^[\p{Script=Han}（）()、]{2,40}$/u;

/** The body without what the front matter carries: a 主送 line at the top, 署名 and date lines at the end. */
function bodyOnly(body: string, plan: DraftPlan): string {
  const lines = body.split('\n');
  let s = 0;
  while (s < lines.length && !lines[s]!.trim()) s++;
  const first = lines[s]?.trim() ?? '';
  if (/[：:]$/.test(first) && first.length <= 60 && !/如下[：:]$/.test(first) && plan.to.length) s++;
  let e = lines.length;
  const tail = () => lines[e - 1]!.trim();
  while (e > s && !tail()) e--;
  if (e > s && /^(\d{4}|[〇零一二三四五六七八九]{4})年.{1,6}月.{1,3}日$/.test(tail())) e--;
  while (e > s && !tail()) e--;
  if (e > s && plan.from && tail() === plan.from && ORGAN_LINE_RE.test(tail())) e--;
  return `${lines.slice(s, e).join('\n').trim()}\n`;
}

/**
 * The draft file: front matter (the keys `gongwen new` writes, filled from the plan), the title and body the model
 * wrote, every unproved fact wrapped 【待核：…】, what the materials lack left 【待补：…】.
 */
export function composeDraft(input: ComposeInput): ComposedDraft {
  const { plan } = input;
  let md = input.markdown.replace(/\r\n?/g, '\n');
  const titleMatch = /^\s*#\s+(.+)\n/.exec(md);
  let title = titleMatch?.[1]?.trim() ?? '';
  if (titleMatch) md = md.slice(titleMatch[0].length);
  const genreWord = plan.genre;
  if (!title) title = `${plan.from ?? ''}关于【待补：事由】的${genreWord}`;
  let body = bodyOnly(md, plan);
  // A 文种 with a customary closing ends with one: added when the model left it out (a closing of another 文种 is
  // genre/closing's to fix).
  const own = plan.structure.closing;
  const lastLine = body
    .trimEnd()
    .split('\n')
    .pop()!
    .trim()
    .replace(/[。.！!]+$/, '');
  if (own.length && !closingOwners(lastLine).length) body = `${body.trimEnd()}\n\n${own[0]}。\n`;
  // A 批复 whose materials decide nothing keeps the answer open: the drafter writes it, not the model.
  if (plan.genre === '批复' && !plan.decisions && !body.includes('【待补：答复意见】')) {
    const paras = body.trimEnd().split('\n');
    const closing = paras[paras.length - 1]!.trim();
    const at = plan.structure.closing.some((c) => closing.replace(/[。.]$/, '') === c)
      ? paras.length - 1
      : paras.length;
    paras.splice(at, 0, '【待补：答复意见】', '');
    body = `${paras.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
  }
  const guardedTitle = guardFacts(title, input.sources);
  const guardedBody = guardFacts(body, input.sources);
  const t = findDraftTemplate(plan.genre === '复函' ? '函' : plan.genre);
  const format = t?.format ?? '通用';
  const upward = plan.direction === '上行文';
  const fields: Field[] = [
    ['格式', format],
    ['版头', '打印'],
    ['发文机关', plan.from ?? '【待补：发文机关】'],
    [format === '纪要' ? '期号' : '发文字号', null],
  ];
  if (upward) fields.push(['签发人', ['【待补：签发人】']]);
  fields.push(['标题', guardedTitle.text]);
  if (format !== '纪要') fields.push(['主送', plan.to.length ? plan.to.join('、') : '【待补：主送机关】']);
  fields.push(['附件', null]);
  if (format !== '纪要') fields.push(['署名', plan.from ?? '【待补：署名】']);
  fields.push(['成文日期', input.date]);
  if (format !== '纪要') fields.push(['印章', '是']);
  const asksContact = plan.genre === '请示' || plan.genre === '函' || plan.genre === '复函';
  fields.push([
    '附注',
    asksContact ? (input.contact ?? '联系人：【待补：联系人】，联系电话：【待补：联系电话】') : null,
  ]);
  fields.push(['抄送', null]);
  fields.push(['起草要求', input.request.trim()]);
  fields.push(['材料', input.materialNames]);
  const head = draftFrontMatter(fields);
  const titleLines = head.split('\n').findIndex((l) => l.startsWith('标题:'));
  const bodyStart = head.split('\n').length; // lines of the front matter plus the blank line after it
  const unverified = [
    ...guardedTitle.unverified.map((u) => ({ ...u, line: titleLines + 1 })),
    ...guardedBody.unverified.map((u) => ({ ...u, line: u.line + bodyStart })),
  ];
  return { text: `${head}\n${guardedBody.text}`, title: guardedTitle.text, unverified };
}
