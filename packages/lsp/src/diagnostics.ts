import { DiagnosticSeverity, type Connection, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import {
  ConfigError,
  compareDiagnostics,
  normalizeLineBreaks,
  ruleAnchor,
  type Diagnostic,
  type GovDocument,
} from '@gongwen/core';
import { contextHash } from '@gongwen/node';
import { IncrementalChecker } from './analysis.js';
import { formatOf, type DocState, type DocumentStore } from './documents.js';
import { toPosition } from './positions.js';
import type { Settings } from './settings.js';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** The message with its clause, unless the message already names it. */
export function withClause(d: Diagnostic): string {
  return d.standard && !d.message.includes(d.standard) ? `${d.message}（${d.standard}）` : d.message;
}

/** AI suggestions stay while the words they point at are unchanged (they are never re-anchored by guesswork). */
function aiStillValid(st: DocState, source: string): Diagnostic[] {
  if (!st.ai) return [];
  if (st.ai.source === source) return st.ai.diagnostics;
  const old = st.ai.source;
  const same = (a: number, b: number) => source.slice(a, b) === old.slice(a, b);
  return st.ai.diagnostics.filter((d) => same(d.range[0], d.range[1]) && same(0, d.range[0]));
}

/**
 * When documents are checked and what is published: a check after each pause in typing (the first check of a newly
 * opened document at once), results dropped when the document moved on meanwhile, everything re-checked when
 * settings or workspace files change.
 */
export class DiagnosticsScheduler {
  constructor(
    private readonly connection: Connection,
    private readonly docs: DocumentStore,
    private readonly settings: Settings,
    private readonly docsUri: string,
  ) {}

  toLsp(doc: GovDocument, d: Diagnostic): LspDiagnostic {
    return {
      range: { start: toPosition(doc, d.range[0]), end: toPosition(doc, d.range[1]) },
      severity: SEVERITY[d.severity],
      source: 'gongwen',
      code: d.ruleId,
      codeDescription: { href: `${this.docsUri}#${ruleAnchor(d.ruleId)}` },
      message: withClause(d),
      ...(d.standard ? { data: { standard: d.standard } } : {}),
    };
  }

  /** Checks one document now; drops the result when the document moved on meanwhile. */
  validate(uri: string): boolean {
    const td = this.docs.get(uri);
    if (!td) return false;
    const format = formatOf(td.languageId, uri);
    if (!format || !this.settings.enabled) return false;
    const st = this.docs.stateOf(uri);
    const version = td.version;
    let diagnostics: LspDiagnostic[];
    try {
      if (this.settings.registryError) throw new ConfigError(this.settings.registryError);
      const { checker, key } = this.settings.checkerFor(uri);
      if (!st.checker || st.checkerKey !== key) {
        st.checker = new IncrementalChecker(checker);
        st.checkerKey = key;
      }
      const raw = td.getText();
      const source = raw.includes('\r') ? normalizeLineBreaks(raw).text : raw;
      const analysis = st.checker.check(source, format);
      if (this.docs.get(uri)?.version !== version) return false;
      const ignores = this.settings.ignoresFor(uri);
      const kept: Diagnostic[] = [];
      const hashes: string[] = [];
      for (const d of [...analysis.diagnostics, ...aiStillValid(st, source)].sort(compareDiagnostics)) {
        const h = contextHash(d.ruleId, analysis.doc.text, d.range);
        if (ignores.hasHash(d.ruleId, h)) continue;
        kept.push(d);
        hashes.push(h);
      }
      Object.assign(st, { version, source, format, doc: analysis.doc, diagnostics: kept, hashes });
      diagnostics = kept.map((d) => this.toLsp(analysis.doc, d));
    } catch (e) {
      // A bad config or document is shown where the drafter looks, not swallowed.
      const known = e instanceof ConfigError || (e as Error).name === 'DocumentError';
      const message = known ? (e as Error).message : `gongwen 内部错误 / internal error: ${(e as Error).message}`;
      Object.assign(st, { version, diagnostics: [], hashes: [], doc: undefined });
      const start = { line: 0, character: 0 };
      diagnostics = [{ range: { start, end: start }, severity: DiagnosticSeverity.Error, source: 'gongwen', message }];
    }
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
    return true;
  }

  /** A check after the pause in typing; the first check of a freshly opened document is not delayed. */
  changed(uri: string, version: number): void {
    const st = this.docs.stateOf(uri);
    if (!st.doc && version <= 1) {
      setImmediate(() => this.validate(uri));
      return;
    }
    if (st.timer) clearTimeout(st.timer);
    const delay = this.settings.delay;
    // setImmediate even with no delay: pending didChange messages are read first, so typing is never held up.
    st.timer =
      delay > 0
        ? setTimeout(() => this.validate(uri), delay)
        : (setImmediate(() => this.validate(uri)) as unknown as NodeJS.Timeout);
  }

  /** Settings, configs or ignore lists changed: every open document is checked again with fresh checkers. */
  revalidateAll(): void {
    this.settings.filesChanged();
    for (const td of this.docs.all()) {
      this.docs.stateOf(td.uri).checker = undefined;
      this.validate(td.uri);
    }
  }

  closed(uri: string): void {
    this.docs.close(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
