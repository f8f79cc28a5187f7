import type { SourceFormat } from '../document/types.js';
import type { Diagnostic } from '../engine/types.js';
import type { ReportDocument } from './view.js';

/** What one checked file gives the formatters. */
export interface FileResult {
  path: string;
  format: SourceFormat | 'unknown';
  error: null | { code: string; message: string };
  diagnostics: Diagnostic[];
  /** The document, or the small view of it kept after checking (positions and lines of the findings). */
  document?: ReportDocument;
  /**
   * The diagnostics' fingerprints (same order), when taken elsewhere: where the document was whole (a worker thread,
   * the cache), or before some findings were left out (a baseline, --quiet): the repeat counts in them are those of
   * the whole list.
   */
  fingerprints?: readonly string[];
  /** Same content (same bytes) as this earlier file of the run: checked once, its findings reported for both. */
  sameAs?: string;
}

export interface LlmSummary {
  requests: number;
  cachedChunks: number;
  promptTokens: number;
  completionTokens: number;
  dropped: number;
  endpoints?: Record<string, { characters: number; requests: number }>;
  /** Models asked, chunks checked, chunks without an answer, unreadable answers, findings merged into rule findings. */
  models?: string[];
  chunks?: number;
  failedChunks?: number;
  malformed?: number;
  merged?: number;
  droppedBy?: Record<string, number>;
  /**
   * Where each endpoint's address was set: `flag` (`--llm-base-url`), `env` (the variable's name), `user-config` or
   * `config` (an explicit `--config`; the file's path).
   */
  endpointSources?: Record<string, LlmEndpointSource>;
}

export interface LlmEndpointSource {
  kind: 'flag' | 'env' | 'user-config' | 'config';
  name: string;
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  failedFiles: number;
  fixable?: number;
  /** Files that could not be checked, counted by reason (the error code); only when there are any. */
  failedByCode?: Record<string, number>;
  /** With a baseline: findings left out because the baseline already had them. */
  baselined?: number;
  llm?: LlmSummary;
}

export interface LocatedDiagnostic {
  ruleId: string;
  severity: Diagnostic['severity'];
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  endOffset: number;
  excerpt: string;
  /** docx: the page of the start, from Word's last layout; with pageEstimated, counted from typed breaks (the least). */
  page?: number;
  pageEstimated?: boolean;
  /** PDF and OFD: the printed line on `page` (1-based); `line` then counts printed lines through the whole file. */
  pageLine?: number;
  fix?: Diagnostic['fix'];
  suggestions?: Diagnostic['suggestions'];
  source: Diagnostic['source'];
  standard?: string;
  /** Stable across runs while the finding's sentence is unchanged (see fingerprints()); baselines match on it. */
  fingerprint?: string;
}

/** One file as the formatters see it: its findings located and fingerprinted, no document kept. */
export interface ReportFile {
  path: string;
  format: FileResult['format'];
  error: FileResult['error'];
  diagnostics: LocatedDiagnostic[];
  sameAs?: string;
}
