import type { Diagnostic } from '../engine/types.js';
import { fingerprints } from './fingerprint.js';
import type { FileResult, LocatedDiagnostic, ReportFile, Summary } from './types.js';
import type { ReportDocument } from './view.js';

export { displayWidth } from './width.js';

const EXCERPT_RADIUS = 20;

/** PDF and OFD findings are found on paper: by page and printed line (`第 3 页 第 12 行`). */
export function pagedPlace(page: number | undefined, pageLine: number | undefined, line: number): string {
  return page !== undefined && pageLine !== undefined ? `第 ${page} 页 第 ${pageLine} 行` : `第 ${line} 行`;
}

/** Line, column and a short excerpt of the source line around the finding. */
export function locate(doc: ReportDocument | undefined, d: Diagnostic): LocatedDiagnostic {
  const start = doc ? doc.sourceMap.position(d.range[0]) : { line: 1, column: 1 };
  const end = doc ? doc.sourceMap.position(d.range[1]) : start;
  let excerpt = '';
  if (doc) {
    const line = doc.sourceMap.lineText(start.line);
    const from = Math.max(0, start.column - 1 - EXCERPT_RADIUS);
    const to = Math.min(line.length, (end.line === start.line ? end.column - 1 : line.length) + EXCERPT_RADIUS);
    excerpt = (from > 0 ? '…' : '') + line.slice(from, to) + (to < line.length ? '…' : '');
  }
  return {
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    offset: d.range[0],
    endOffset: d.range[1],
    excerpt,
    ...(start.page !== undefined ? { page: start.page } : {}),
    ...(start.pageEstimated ? { pageEstimated: true } : {}),
    ...(start.pageLine !== undefined ? { pageLine: start.pageLine } : {}),
    ...(d.fix ? { fix: d.fix } : {}),
    ...(d.suggestions ? { suggestions: d.suggestions } : {}),
    source: d.source,
    ...(d.standard ? { standard: d.standard } : {}),
  };
}

/** The fingerprints of a result's findings: those it carries, else taken from its document. */
export function fingerprintsOf(r: FileResult): readonly string[] {
  if (r.fingerprints) return r.fingerprints;
  // A whole document has its text; a view kept of one came with the fingerprints taken from the document.
  const doc = r.document && 'text' in r.document ? (r.document as ReportDocument & { text: string }) : undefined;
  return fingerprints(doc, r.diagnostics);
}

/** A file's findings located and fingerprinted: what every formatter prints, and what `merge` reads back. */
export function reportFile(r: FileResult): ReportFile {
  const prints = fingerprintsOf(r);
  return {
    path: r.path,
    format: r.format,
    error: r.error,
    diagnostics: r.diagnostics.map((d, i) => ({ ...locate(r.document, d), fingerprint: prints[i]! })),
    ...(r.sameAs !== undefined ? { sameAs: r.sameAs } : {}),
  };
}

/**
 * Where the finding's span sits in `l.excerpt`, [start, end) in UTF-16 units, computed from the located fields alone
 * (so a report merged from JSON output marks it as the run that wrote it did).
 */
export function excerptSpan(l: LocatedDiagnostic): [number, number] {
  if (!l.excerpt) return [0, 0];
  const from = Math.max(0, l.column - 1 - EXCERPT_RADIUS);
  const lead = from > 0 ? 1 : 0;
  // The span ends at or before the excerpt's last source character (a trailing '…' is added after it), and a span
  // running onto later lines takes the rest of the line, which then has no trailing '…'.
  const limit = l.excerpt.length;
  const start = Math.min(limit, lead + l.column - 1 - from);
  const end = l.endLine === l.line ? Math.min(limit, start + Math.max(0, l.endColumn - l.column)) : limit;
  return [start, end];
}

type Counted = Pick<FileResult, 'error'> & {
  diagnostics: ReadonlyArray<Pick<LocatedDiagnostic, 'severity' | 'fix'>>;
};

/** The summary counts, kept as files go by (a batch keeps no result to count at the end). */
export class SummaryCounter {
  private readonly s: Summary = { files: 0, errors: 0, warnings: 0, infos: 0, failedFiles: 0, fixable: 0 };
  private readonly byCode = new Map<string, number>();

  add(r: Counted): void {
    const s = this.s;
    s.files++;
    if (r.error) {
      s.failedFiles++;
      this.byCode.set(r.error.code, (this.byCode.get(r.error.code) ?? 0) + 1);
    }
    for (const d of r.diagnostics) {
      if (d.severity === 'error') s.errors++;
      else if (d.severity === 'warning') s.warnings++;
      else s.infos++;
      if (d.fix) s.fixable!++;
    }
  }

  /** add() of a file known by its error and counts alone (a report's part kept with its counts). */
  addCounts(error: FileResult['error'], n: Pick<Summary, 'errors' | 'warnings' | 'infos' | 'fixable'>): void {
    const s = this.s;
    s.files++;
    if (error) {
      s.failedFiles++;
      this.byCode.set(error.code, (this.byCode.get(error.code) ?? 0) + 1);
    }
    s.errors += n.errors;
    s.warnings += n.warnings;
    s.infos += n.infos;
    s.fixable! += n.fixable ?? 0;
  }

  summary(): Summary {
    const byCode = [...this.byCode].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return { ...this.s, ...(byCode.length ? { failedByCode: Object.fromEntries(byCode) } : {}) };
  }
}

export function summarize(results: readonly Counted[]): Summary {
  const c = new SummaryCounter();
  for (const r of results) c.add(r);
  return c.summary();
}
