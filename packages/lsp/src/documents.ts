import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, GovDocument } from '@gongwen/core';
import type { IncrementalChecker, TextFormat } from './analysis.js';

/** What the server keeps per open document: its checker, the last published result and the version it belongs to. */
export interface DocState {
  checker?: IncrementalChecker;
  checkerKey?: string;
  timer?: NodeJS.Timeout;
  version?: number;
  source?: string;
  format?: TextFormat;
  doc?: GovDocument;
  diagnostics?: Diagnostic[];
  /** Position-independent identity of each diagnostic (for "ignore this occurrence"). */
  hashes?: string[];
  /** The last AI check: its suggestions and the text they were made for. */
  ai?: { source: string; diagnostics: Diagnostic[] };
  aiRun?: AbortController;
}

/** A result that still belongs to the document's current version. */
export type CurrentState = DocState & {
  doc: GovDocument;
  source: string;
  format: TextFormat;
  diagnostics: Diagnostic[];
  hashes: string[];
};

export function formatOf(languageId: string, uri: string): TextFormat | undefined {
  if (languageId === 'markdown' || /\.(md|markdown)$/i.test(uri)) return 'markdown';
  if (languageId === 'plaintext' || languageId === 'text' || /\.(txt|text)$/i.test(uri)) return 'text';
  return undefined;
}

/** The open documents (synchronised incrementally by the client) and the server's state for each. */
export class DocumentStore {
  readonly documents = new TextDocuments(TextDocument);
  private readonly states = new Map<string, DocState>();

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return this.documents.all();
  }

  /** The state of a document, created on first use. */
  stateOf(uri: string): DocState {
    let s = this.states.get(uri);
    if (!s) this.states.set(uri, (s = {}));
    return s;
  }

  peek(uri: string): DocState | undefined {
    return this.states.get(uri);
  }

  /** The current result, only while it still belongs to the document's version (and to `version` when given). */
  current(uri: string, version?: number): CurrentState | undefined {
    const td = this.documents.get(uri);
    const st = this.states.get(uri);
    if (!td || !st?.doc || st.version !== td.version || (version !== undefined && version !== td.version))
      return undefined;
    return st as CurrentState;
  }

  /** Forgets a closed document (and its pending check). */
  close(uri: string): void {
    const st = this.states.get(uri);
    if (st?.timer) clearTimeout(st.timer);
    this.states.delete(uri);
  }
}
