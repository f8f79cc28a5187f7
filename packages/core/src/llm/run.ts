import type { GovDocument, Range } from '../document/types.js';
import type { Diagnostic, Severity } from '../engine/types.js';
import type { DocumentStructure } from '../structure/types.js';
import { termRanges } from '../engine/lint.js';
import { anchorFinding, numbersIn } from './anchor.js';
import { LlmRequestError, type LlmBackend } from './backend.js';
import { abortError, completeWithRetries } from './retry.js';
import { chunkDocument, type Chunk, type ChunkOptions } from './chunk.js';
import { classifiedMark, classifiedRefusal } from './classified.js';
import { PROMPT_VERSION, buildMessages, parseAnswer, type ChatMessage } from './prompt.js';
import { PLACEHOLDER, redactChunk, redactText, restoreText, type Redaction } from './redact.js';
import {
  DEFAULT_LLM_SEVERITY,
  LLM_CATEGORIES,
  LLM_CATEGORY_NAMES,
  emptyStats,
  type DropReason,
  type LlmCache,
  type LlmCategory,
  type LlmFinding,
  type LlmStats,
} from './types.js';

export interface LlmRunOptions {
  backend: LlmBackend;
  cache?: LlmCache;
  categories?: readonly LlmCategory[];
  /** Severity per category (after the config); categories absent here use DEFAULT_LLM_SEVERITY. */
  severities?: Partial<Record<LlmCategory, Severity>>;
  temperature?: number;
  maxConcurrency?: number;
  timeoutMs?: number;
  /** Further attempts after a timeout, 429 or 5xx. */
  retries?: number;
  /** First backoff delay; doubles with each attempt (Retry-After wins when the server sends it). */
  retryBaseMs?: number;
  maxRetryDelayMs?: number;
  /** Mask 身份证号, 手机号, 银行卡号 and e-mail addresses before sending. */
  redact?: boolean;
  minConfidence?: number;
  chunk?: ChunkOptions;
  /** The organisation's own names and phrases (config `terms`): never flagged. */
  terms?: readonly string[];
}

export interface LlmRunResult {
  diagnostics: Diagnostic[];
  stats: LlmStats;
}

async function sha256(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Cache key: model, prompt version, categories, temperature and a hash of exactly what is sent. */
export async function cacheKey(
  model: string,
  categories: readonly string[],
  temperature: number,
  messages: ChatMessage[],
): Promise<string> {
  const body = await sha256(JSON.stringify(messages));
  return sha256(JSON.stringify([PROMPT_VERSION, model, [...categories].sort(), temperature, body]));
}

function overlaps(a: Range, b: Range): boolean {
  return a[0] < Math.max(b[1], b[0] + 1) && b[0] < Math.max(a[1], a[0] + 1);
}

/** The longest rule finding an AI finding can be merged into: longer ones (a whole paragraph's layout) are about something else. */
const MERGE_SPAN = 20;

function messageFor(
  model: string,
  category: LlmCategory,
  wrong: string,
  suggestion: string,
  reason: string | undefined,
): string {
  const change = suggestion ? `“${wrong}”建议改为“${suggestion}”` : `建议删去“${wrong}”`;
  const why = reason ? `：${reason.trim().replace(/[。.]?$/, '。')}` : '。';
  return `AI 建议（${model}，须人工确认）【${LLM_CATEGORY_NAMES[category]}】${change}${why}`;
}

/**
 * Sends the document's prose, chunk by chunk, to the model and returns its findings as suggestions placed in
 * the text. Findings that cannot be placed or fail a guard are dropped and counted; findings at the place of a
 * rule finding are merged into it (the rule's finding stays). Rejects only when `signal` aborts.
 */
export async function runLlmChecks(
  doc: GovDocument,
  structure: Pick<DocumentStructure, 'title' | 'genre'>,
  options: LlmRunOptions,
  ruleDiagnostics: readonly Diagnostic[] = [],
  signal?: AbortSignal,
): Promise<LlmRunResult> {
  const stats = emptyStats();
  // Every path to a model passes here: a classified document is refused even when a caller skips checkWithLlm.
  const secret = classifiedMark(doc);
  if (secret) {
    stats.errors.push(classifiedRefusal(secret.mark));
    return { diagnostics: [], stats };
  }
  const backend = options.backend;
  const categories = options.categories?.length
    ? LLM_CATEGORIES.filter((c) => options.categories!.includes(c))
    : [...LLM_CATEGORIES];
  const wanted = new Set(categories);
  const temperature = options.temperature ?? 0.1;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const retries = options.retries ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  const chunks = chunkDocument(doc, options.chunk);
  const documentNumbers = numbersIn(doc.text);
  const blocked = [...doc.protectedRanges, ...termRanges(doc.text, options.terms ?? [])];
  const endpoint = (stats.endpoints[backend.endpoint] = { characters: 0, requests: 0 });
  const perChunk: Diagnostic[][] = chunks.map(() => []);
  let fatal: LlmRequestError | undefined;
  if (signal?.aborted) throw abortError(signal);

  const dropped = (reason: DropReason) => {
    stats.dropped++;
    stats.droppedBy[reason] = (stats.droppedBy[reason] ?? 0) + 1;
  };

  const ask = async (messages: ChatMessage[]): Promise<LlmFinding[] | undefined> => {
    const sent = messages.reduce((n, m) => n + m.content.length, 0);
    const res = await completeWithRetries(
      backend,
      { messages, temperature, json: true, timeoutMs },
      {
        retries,
        retryBaseMs,
        maxRetryDelayMs,
        ...(signal ? { signal } : {}),
        onAttempt: () => {
          stats.requests++;
          endpoint.requests++;
          endpoint.characters += sent;
        },
      },
    );
    stats.promptTokens += res.usage.promptTokens;
    stats.completionTokens += res.usage.completionTokens;
    const parsed = parseAnswer(res.content);
    if (!parsed.ok) {
      stats.malformed++;
      return undefined;
    }
    return parsed.findings;
  };

  const checkChunk = async (original: Chunk): Promise<void> => {
    const redaction: Redaction = { values: new Map() };
    const title = structure.title && options.redact ? redactText(structure.title, redaction) : structure.title;
    const chunk = options.redact ? redactChunk(original, redaction).chunk : original;
    const messages = buildMessages(chunk.text, {
      ...(title ? { title } : {}),
      ...(structure.genre ? { genre: structure.genre } : {}),
      categories,
      redacted: Boolean(options.redact),
    });
    const key = await cacheKey(backend.model, categories, temperature, messages);
    stats.chunks++;
    let findings: LlmFinding[] | undefined;
    try {
      const hit = await options.cache?.get(key);
      if (hit) findings = (JSON.parse(hit) as { findings: LlmFinding[] }).findings;
    } catch {
      findings = undefined; // an unreadable entry is a miss
    }
    if (findings) stats.cachedChunks++;
    else {
      if (fatal) {
        stats.failedChunks++;
        return;
      }
      try {
        findings = await ask(messages);
      } catch (e) {
        if (signal?.aborted || !(e instanceof LlmRequestError)) throw e;
        stats.failedChunks++;
        stats.errors.push(`第 ${original.index + 1} 段未能检查：${e.message}`);
        if (!e.retryable) fatal = e;
        return;
      }
      if (!findings) return;
      try {
        await options.cache?.set(key, JSON.stringify({ findings }));
      } catch {
        // A cache that cannot write costs a request next time, nothing more.
      }
    }

    const placeholders = [...chunk.text.matchAll(PLACEHOLDER)].map((m): Range => [m.index, m.index + m[0].length]);
    const seen = new Set<string>();
    for (const f of findings) {
      const a = anchorFinding(f, chunk, {
        categories: wanted,
        documentNumbers,
        minConfidence: options.minConfidence ?? 0.5,
        protectedSpans: placeholders,
      });
      if (!a.ok) {
        dropped(a.reason);
        continue;
      }
      if (blocked.some((b) => overlaps(b, a.range))) {
        dropped('protected');
        continue;
      }
      const replacement = restoreText(a.replacement, redaction);
      const k = `${a.range[0]}:${a.range[1]}:${replacement}`;
      if (seen.has(k)) continue;
      seen.add(k);
      if (ruleDiagnostics.some((r) => r.range[1] - r.range[0] <= MERGE_SPAN && overlaps(r.range, a.range))) {
        stats.merged++;
        continue;
      }
      const wrong = restoreText(a.finding.wrong, redaction);
      const suggestion = restoreText(f.suggestion, redaction);
      perChunk[original.index]!.push({
        ruleId: `llm/${a.category}`,
        severity: options.severities?.[a.category] ?? DEFAULT_LLM_SEVERITY[a.category],
        message: messageFor(backend.model, a.category, wrong, suggestion, f.reason && restoreText(f.reason, redaction)),
        range: a.range,
        suggestions: [
          {
            message: replacement ? `改为“${replacement}”（AI 建议，须人工确认）` : '删去（AI 建议，须人工确认）',
            fix: { range: a.range, text: replacement },
          },
        ],
        source: 'llm',
      });
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      if (signal?.aborted) throw abortError(signal);
      await checkChunk(chunks[next++]!);
    }
  };
  const width = Math.max(1, Math.min(options.maxConcurrency ?? 4, chunks.length));
  await Promise.all(Array.from({ length: width }, worker));
  return { diagnostics: perChunk.flat(), stats };
}
