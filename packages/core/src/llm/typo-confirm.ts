import type { Diagnostic } from '../engine/types.js';
import { LlmRequestError, type LlmBackend } from './backend.js';
import type { ChatMessage } from './prompt.js';
import type { LlmStats } from './types.js';

/** Characters of context sent on each side of a questioned character. */
export const CONFIRM_CONTEXT = 8;
/** Questions per request. */
const BATCH = 40;

const SYSTEM = [
  '你是公文校对员。下面每一行是公文中的一小段原文，【】里是一个疑似错别字，箭头后是建议改成的字。',
  '请逐行判断：原字确是错别字、且改成建议的字后正确，回答 true；原字没有错（如专有名词、术语、另一种正确说法）或建议不对，回答 false。',
  '只输出 JSON：{"answers":[{"id":行号,"yes":true或false}]}，不要解释。',
].join('\n');

/** The question for one finding: its line with a few characters either side, or undefined when it has no proposal. */
function question(text: string, d: Diagnostic): string | undefined {
  const to = d.suggestions?.[0]?.fix.text ?? d.fix?.text;
  if (to === undefined) return undefined;
  const [s, e] = d.range;
  const lineStart = text.lastIndexOf('\n', s - 1) + 1;
  let lineEnd = text.indexOf('\n', e);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(Math.max(lineStart, s - CONFIRM_CONTEXT), s);
  const after = text.slice(e, Math.min(lineEnd, e + CONFIRM_CONTEXT));
  return `${before}【${text.slice(s, e)}→${to}】${after}`;
}

/** The ids answered yes and no in a reply; undefined when the reply holds no answers. */
export function parseConfirmations(content: string): Map<number, boolean> | undefined {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(content.slice(start, end + 1));
  } catch {
    return undefined;
  }
  const answers = (value as { answers?: unknown }).answers;
  if (!Array.isArray(answers)) return undefined;
  const out = new Map<number, boolean>();
  for (const a of answers) {
    const id = Number((a as { id?: unknown })?.id);
    const yes = (a as { yes?: unknown })?.yes;
    if (Number.isInteger(id) && typeof yes === 'boolean') out.set(id, yes);
  }
  return out;
}

export interface TypoConfirmOptions {
  backend: LlmBackend;
  temperature?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The second stage of typo/lm: its low-confidence findings (info, with a suggested character) go to the model as one
 * short line each, a few characters of context around the character, for a yes or no — far fewer characters than
 * proofreading the text, and nothing is rewritten. A yes makes the finding a warning (still a suggestion: an AI answer
 * is never applied by --fix); a no drops it; a finding without an answer (a failed request, a malformed reply) stays
 * as it was. Other findings pass unchanged.
 * `stats` counts the requests, characters and tokens.
 */
export async function confirmTypoFindings(
  text: string,
  diagnostics: readonly Diagnostic[],
  options: TypoConfirmOptions,
  stats: LlmStats,
): Promise<Diagnostic[]> {
  const asked: { d: Diagnostic; q: string }[] = [];
  for (const d of diagnostics) {
    if (d.ruleId !== 'typo/lm' || d.severity !== 'info') continue;
    const q = question(text, d);
    if (q) asked.push({ d, q });
  }
  if (!asked.length) return [...diagnostics];
  const verdict = new Map<Diagnostic, boolean>();
  const endpoint = (stats.endpoints[options.backend.endpoint] ??= { characters: 0, requests: 0 });
  for (let b = 0; b < asked.length; b += BATCH) {
    const batch = asked.slice(b, b + BATCH);
    const messages: ChatMessage[] = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: batch.map((x, i) => `${i + 1}. ${x.q}`).join('\n') },
    ];
    stats.requests++;
    endpoint.requests++;
    endpoint.characters += messages.reduce((n, m) => n + m.content.length, 0);
    try {
      const res = await options.backend.complete({
        messages,
        temperature: options.temperature ?? 0,
        json: true,
        timeoutMs: options.timeoutMs ?? 60_000,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      stats.promptTokens += res.usage.promptTokens;
      stats.completionTokens += res.usage.completionTokens;
      const answers = parseConfirmations(res.content);
      if (!answers) {
        stats.malformed++;
        continue;
      }
      batch.forEach((x, i) => {
        const yes = answers.get(i + 1);
        if (yes !== undefined) verdict.set(x.d, yes);
      });
    } catch (e) {
      if (options.signal?.aborted || (e instanceof LlmRequestError && e.kind === 'aborted')) throw e;
      stats.errors.push(`错别字复核请求失败：${(e as Error).message}`);
    }
  }
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const yes = verdict.get(d);
    if (yes === undefined) out.push(d);
    else if (yes)
      out.push({ ...d, severity: 'warning', message: `${d.message}（经 AI 复核：${options.backend.model}）` });
  }
  return out;
}
