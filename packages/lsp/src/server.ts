import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { RULE_DOCS_PATH } from '@gongwen/core';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  createConnection,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { CodeActions, FIX_ALL_KIND } from './code-actions.js';
import { COMMANDS, Commands } from './commands.js';
import { DiagnosticsScheduler } from './diagnostics.js';
import { DocumentStore } from './documents.js';
import { hover } from './hover.js';
import { Settings } from './settings.js';

// The server is wired here; each concern lives in its own module: documents.ts (sync and versions), diagnostics.ts
// (when to check, what to publish), code-actions.ts, hover.ts, commands.ts, settings.ts (client settings and the
// Node layer built from them), analysis.ts (the per-line cache).

export interface ServerOptions {
  /** Where `codeDescription.href` points: the generated rule docs shipped beside the server. */
  docsUri?: string;
  /** Delay between the last keystroke and the check (ms). */
  debounceMs?: number;
}

/**
 * The rule docs: `docs/rules.md` beside the module's folder where a bundle ships them (the VS Code extension, a packed
 * package), else the repository's generated rules/README.md.
 */
export function defaultDocsUri(): string {
  const shipped = new URL('../docs/rules.md', import.meta.url);
  return existsSync(shipped) ? shipped.href : new URL(`../../../${RULE_DOCS_PATH}`, import.meta.url).href;
}

/** Wires the gongwen language features to a connection; returns a handle for tests and the benchmark. */
export function createServer(connection: Connection, options: ServerOptions = {}) {
  const docsUri = options.docsUri ?? defaultDocsUri();
  const docs = new DocumentStore();
  const settings = new Settings(connection, options.debounceMs ?? 150);
  const diagnostics = new DiagnosticsScheduler(connection, docs, settings, docsUri);
  const codeActions = new CodeActions(docs, settings, diagnostics);
  const commands = new Commands(connection, docs, settings, diagnostics, codeActions);

  connection.onInitialize((params): InitializeResult => {
    settings.initialize(params);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'gongwen', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (settings.canPullConfig)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'gongwen' });
    if (settings.canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: settings.watchedGlobs.map((globPattern) => ({ globPattern })),
      });
    }
    try {
      await settings.refresh();
    } catch {
      /* a client that announces configuration but fails it keeps the defaults */
    }
    diagnostics.revalidateAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    await settings.refresh(change.settings);
    diagnostics.revalidateAll();
  });
  connection.onDidChangeWatchedFiles(() => diagnostics.revalidateAll());

  docs.documents.onDidChangeContent((e) => diagnostics.changed(e.document.uri, e.document.version));
  docs.documents.onDidClose((e) => diagnostics.closed(e.document.uri));
  connection.onCodeAction((params) => codeActions.actions(params));
  connection.onHover((params) => hover(params, docs, settings, docsUri));
  connection.onExecuteCommand((params, token) => commands.execute(params, token));

  docs.documents.listen(connection);
  return {
    connection,
    documents: docs.documents,
    /** The last published core diagnostics of a document (tests). */
    diagnosticsOf: (uri: string) => docs.peek(uri)?.diagnostics,
  };
}

/** Starts the server on this process's stdin/stdout. */
export function startServer(options: ServerOptions = {}): void {
  // About 40 MB stay live, but every keystroke allocates a new copy of the document, and by default the old generation
  // is let grow to several times the live size before a full collection (measured: 180-203 MB resident after 1,000
  // edits of a 100,000-character document). Growing it by 20% at a time keeps the process near 150 MB; the latency
  // of a check did not change measurably.
  setFlagsFromString('--heap-growing-percent=20');
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  createServer(connection, options);
  connection.listen();
}
