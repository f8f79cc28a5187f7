import { reportFile, summarize } from './locate.js';
import type { FileResult, LlmSummary, ReportFile, Summary } from './types.js';

export interface JsonExtra {
  llm?: LlmSummary;
  /** Findings left out by a baseline (the summary's `baselined`). */
  baselined?: number;
  /** The run was stopped before every file was checked (the files listed are those that were). */
  interrupted?: boolean;
}

/** `--format json`, version 1 (documented in the README; other tools parse it). */
export function formatJson(results: readonly FileResult[], extra: JsonExtra = {}): string {
  return formatJsonFiles(results.map(reportFile), extra);
}

/** The summary the JSON formats end with: counts of the files shown, and what the run adds (AI checks, baseline). */
export function jsonSummary(files: readonly ReportFile[], extra: JsonExtra = {}): Summary {
  return jsonSummaryOf(summarize(files), extra);
}

/** jsonSummary of counts kept as the files went by. */
export function jsonSummaryOf(counts: Summary, extra: JsonExtra = {}): Summary {
  const summary = { ...counts };
  delete summary.fixable;
  return {
    ...summary,
    ...(extra.baselined !== undefined ? { baselined: extra.baselined } : {}),
    ...(extra.llm ? { llm: extra.llm } : {}),
  };
}

/** What `--format json` says of one file (`extra`: fields a command adds, such as a dry run's `output`). */
export function jsonFileEntry(f: ReportFile, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    path: f.path,
    format: f.format,
    error: f.error,
    diagnostics: f.diagnostics,
    ...(f.sameAs !== undefined ? { sameAs: f.sameAs } : {}),
    ...extra,
  };
}

/** Where a value sits in JSON.stringify(value wrapped in `depth` arrays, null, 2): the text before and after it. */
const WRAPS = [0, 1, 2].map((depth) => {
  let w: unknown = 0;
  for (let i = 0; i < depth; i++) w = [w];
  const s = JSON.stringify(w, null, 2);
  return { before: s.indexOf('0'), after: s.length - s.indexOf('0') - 1 };
});

/**
 * JSON.stringify(value, null, 2) as it reads nested `depth` levels deep: the value is stringified inside `depth`
 * arrays and cut out, so V8 indents it in the one pass (a pass of replace() over each piece cost a fifth more).
 */
function nested(value: unknown, depth: 1 | 2): string {
  let w = value;
  for (let i = 0; i < depth; i++) w = [w];
  const s = JSON.stringify(w, null, 2);
  const { before, after } = WRAPS[depth]!;
  return s.slice(before, s.length - after);
}

/** How an object nested two deep ends in JSON.stringify(…, null, 2). */
const BODY_END = '\n    }';

/**
 * `--format json` written piece by piece, byte for byte what formatJsonFiles gives for the same files: `start()`,
 * then `file()` for each file as it is ready, then `end()`. Nothing of a file is kept once its piece is returned.
 */
export class JsonReport {
  private files = 0;

  start(): string {
    return '{\n  "version": 1,\n  "files": [';
  }

  file(f: ReportFile, extra?: Record<string, unknown>): string {
    return `${this.files++ ? ',' : ''}\n    ${nested(jsonFileEntry(f, extra), 2)}`;
  }

  /**
   * What file() writes of a file but its path and `sameAs`: the part that holds for any path the same content sits
   * under, which a cache can keep and fileAround() frame again (no `extra`).
   */
  fileBody(f: ReportFile): string {
    const s = nested({ format: f.format, error: f.error, diagnostics: f.diagnostics }, 2);
    return s.slice(1, s.length - BODY_END.length);
  }

  /** The text file() writes before and after a fileBody() for this path: together, byte for byte what it writes. */
  fileAround(path: string, sameAs?: string): [before: string, after: string] {
    return [
      `${this.files++ ? ',' : ''}\n    {\n      "path": ${JSON.stringify(path)},`,
      `${sameAs !== undefined ? `,\n      "sameAs": ${JSON.stringify(sameAs)}` : ''}${BODY_END}`,
    ];
  }

  /** `summary`: the counts of the files written (jsonSummaryOf adds what the run adds). */
  end(summary: Summary, extra: JsonExtra = {}): string {
    const s = jsonSummaryOf(summary, extra);
    return `${this.files ? '\n  ' : ''}],\n  "summary": ${nested(s, 1)}${extra.interrupted ? ',\n  "interrupted": true' : ''}\n}`;
  }
}

/** `--format json` of files already located (a check's results, or outputs read back by `merge`). */
export function formatJsonFiles(files: readonly ReportFile[], extra: JsonExtra = {}): string {
  const report = new JsonReport();
  let out = report.start();
  for (const f of files) out += report.file(f);
  return out + report.end(summarize(files), extra);
}
