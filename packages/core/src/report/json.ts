import { locate, summarize } from './locate.js';
import type { FileResult, LlmSummary } from './types.js';

/** `--format json`, version 1 (documented in the README; other tools parse it). */
export function formatJson(results: readonly FileResult[], extra: { llm?: LlmSummary } = {}): string {
  const summary = summarize(results);
  delete summary.fixable;
  return JSON.stringify(
    {
      version: 1,
      files: results.map((r) => ({
        path: r.path,
        format: r.format,
        error: r.error,
        diagnostics: r.diagnostics.map((d) => locate(r.document, d)),
      })),
      summary: { ...summary, ...(extra.llm ? { llm: extra.llm } : {}) },
    },
    null,
    2,
  );
}
