import { reportFile, summarize } from './locate.js';
import type { FileResult, LlmSummary, ReportFile, Summary } from './types.js';

export interface JsonExtra {
  llm?: LlmSummary;
  /** Findings left out by a baseline (the summary's `baselined`). */
  baselined?: number;
  /** The run stopped before every file was checked (top-level `"interrupted": true`). */
  interrupted?: boolean;
}

/** `--format json`, version 1 (documented in the README; other tools parse it). */
export function formatJson(results: readonly FileResult[], extra: JsonExtra = {}): string {
  return formatJsonFiles(results.map(reportFile), extra);
}

/** The summary the JSON formats end with: counts of the files shown, and what the run adds (AI checks, baseline). */
export function jsonSummary(files: readonly ReportFile[], extra: JsonExtra = {}): Summary {
  const summary = summarize(files);
  delete summary.fixable;
  return {
    ...summary,
    ...(extra.baselined !== undefined ? { baselined: extra.baselined } : {}),
    ...(extra.llm ? { llm: extra.llm } : {}),
  };
}

/** `--format json` of files already located (a check's results, or outputs read back by `merge`). */
export function formatJsonFiles(files: readonly ReportFile[], extra: JsonExtra = {}): string {
  return JSON.stringify(
    {
      version: 1,
      files: files.map((f) => ({ path: f.path, format: f.format, error: f.error, diagnostics: f.diagnostics })),
      summary: jsonSummary(files, extra),
      ...(extra.interrupted ? { interrupted: true } : {}),
    },
    null,
    2,
  );
}
