import type { Range } from '../document/types.js';
import type { Severity } from '../engine/types.js';

/** What the model is asked to look for; each maps to the rule id `llm/<id>`. */
export const LLM_CATEGORIES = ['typo', 'grammar', 'wording', 'consistency', 'logic', 'risk'] as const;
export type LlmCategory = (typeof LLM_CATEGORIES)[number];

/** The level of each category's findings when the config sets none. */
export const DEFAULT_LLM_SEVERITY: Record<LlmCategory, Severity> = {
  typo: 'warning',
  grammar: 'warning',
  consistency: 'warning',
  wording: 'info',
  logic: 'info',
  risk: 'info',
};

/** Chinese names of the categories: used in the prompt, in messages, and accepted in `llm.categories`. */
export const LLM_CATEGORY_NAMES: Record<LlmCategory, string> = {
  typo: '错别字',
  grammar: '语病',
  wording: '表述不规范',
  consistency: '前后不一致',
  logic: '逻辑问题',
  risk: '政治或法律风险表述',
};

/** One finding as the model states it (before anchoring). */
export interface LlmFinding {
  category: string;
  /** The exact wrong text, quoted from the chunk. */
  wrong: string;
  /** A few characters around it, to pick the right occurrence when `wrong` occurs more than once. */
  context?: string;
  suggestion: string;
  reason?: string;
  confidence?: number;
}

/** Why a finding was not reported. */
export type DropReason =
  | 'not-found' // its quote is not in the text
  | 'ambiguous' // the quote occurs several times and the context does not tell which
  | 'unchanged' // the suggestion equals the quote
  | 'rewrite' // it rewrites far more than it flags
  | 'invented-number' // the suggestion brings a number the document does not contain
  | 'low-confidence'
  | 'category' // a category that was not asked for
  | 'protected' // inside code, a URL, an e-mail address or an allow-listed term
  | 'invalid'; // missing fields

/** Where a finding stands after anchoring: a range of GovDocument.text, or the reason it was dropped. */
export type AnchorResult =
  | {
      ok: true;
      /** The changed part of the quote, in GovDocument.text. */
      range: Range;
      /** The same span in the chunk's text. */
      chunkRange: Range;
      /** What replaces `range` (in the chunk's text: placeholders not yet restored). */
      replacement: string;
      finding: LlmFinding;
      category: LlmCategory;
    }
  | { ok: false; reason: DropReason; finding: LlmFinding };

/**
 * A persistent store of model answers (the CLI keeps it on disk). Values are what the model answered, parsed;
 * a store that fails should throw nothing: a miss is always safe.
 */
export interface LlmCache {
  get(key: string): Promise<string | undefined> | string | undefined;
  set(key: string, value: string): Promise<void> | void;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

/** Accounting for one run (the JSON summary's `llm` object adds these up). */
export interface LlmStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Chunks answered from the cache (no request). */
  cachedChunks: number;
  /** Chunks sent to (or answered for) the model in total. */
  chunks: number;
  promptTokens: number;
  completionTokens: number;
  /** Findings dropped by the guards. */
  dropped: number;
  droppedBy: Partial<Record<DropReason, number>>;
  /** Findings dropped because a rule already reports the same place. */
  merged: number;
  /** Answers that held no parseable findings (malformed JSON, empty answer). */
  malformed: number;
  /** Chunks that got no answer (timeout, server error after retries). */
  failedChunks: number;
  /** Characters sent, per endpoint. */
  endpoints: Record<string, { characters: number; requests: number }>;
  /** One line per failure, for the CLI's stderr. */
  errors: string[];
}

export function emptyStats(): LlmStats {
  return {
    requests: 0,
    cachedChunks: 0,
    chunks: 0,
    promptTokens: 0,
    completionTokens: 0,
    dropped: 0,
    droppedBy: {},
    merged: 0,
    malformed: 0,
    failedChunks: 0,
    endpoints: {},
    errors: [],
  };
}

/** Adds `b` into `a` (several files, one summary). */
export function addStats(a: LlmStats, b: LlmStats): LlmStats {
  a.requests += b.requests;
  a.cachedChunks += b.cachedChunks;
  a.chunks += b.chunks;
  a.promptTokens += b.promptTokens;
  a.completionTokens += b.completionTokens;
  a.dropped += b.dropped;
  for (const [k, v] of Object.entries(b.droppedBy))
    a.droppedBy[k as DropReason] = (a.droppedBy[k as DropReason] ?? 0) + (v ?? 0);
  a.merged += b.merged;
  a.malformed += b.malformed;
  a.failedChunks += b.failedChunks;
  for (const [k, v] of Object.entries(b.endpoints)) {
    const e = (a.endpoints[k] ??= { characters: 0, requests: 0 });
    e.characters += v.characters;
    e.requests += v.requests;
  }
  a.errors.push(...b.errors);
  return a;
}

/** Maps `llm.categories` entries (ids or Chinese names) to categories; unknown entries are returned apart. */
export function parseCategories(values: readonly string[] | undefined): {
  categories: LlmCategory[];
  unknown: string[];
} {
  if (!values || values.length === 0) return { categories: [...LLM_CATEGORIES], unknown: [] };
  const out = new Set<LlmCategory>();
  const unknown: string[] = [];
  for (const raw of values) {
    const v = String(raw)
      .trim()
      .replace(/^llm\//, '');
    const hit = LLM_CATEGORIES.find((c) => c === v || LLM_CATEGORY_NAMES[c] === v);
    if (hit) out.add(hit);
    else unknown.push(String(raw));
  }
  return { categories: LLM_CATEGORIES.filter((c) => out.has(c)), unknown };
}
