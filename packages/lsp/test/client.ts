import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  ApplyWorkspaceEditRequest,
  ConfigurationRequest,
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageRequest,
  WorkDoneProgressCreateRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ApplyWorkspaceEditParams,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const ProgressType = '$/progress';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI_BIN = `${REPO}packages/cli/bin/gongwen.js`;
export const LSP_BIN = `${REPO}packages/lsp/bin/gongwen-lsp.js`;

/** A test client: spawns the real server over stdio and records what it publishes. */
export class TestClient {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly edits: ApplyWorkspaceEditParams[] = [];
  readonly progress: string[] = [];
  settings: Record<string, unknown> = {};
  /** Questions the server asked (`window/showMessageRequest`), and the title answered (null: dismissed). */
  readonly asked: string[] = [];
  answer: string | null = '允许';
  /** Announce `window.showMessage` in initialize (a client that cannot answer questions when false). */
  canAsk = true;
  readonly logs: string[] = [];
  stderr = '';
  private waiters: Array<() => void> = [];

  constructor(cmd: string[] = [CLI_BIN, 'lsp', '--stdio'], cwd = REPO, env: NodeJS.ProcessEnv = process.env) {
    this.proc = spawn(process.execPath, cmd, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => this.settings));
    this.conn.onRequest(RegistrationRequest.type, () => undefined);
    this.conn.onRequest(ShowMessageRequest.type, (p) => {
      this.asked.push(p.message);
      return p.actions?.find((a) => a.title === this.answer) ?? null;
    });
    this.conn.onNotification(LogMessageNotification.type, (p) => this.logs.push(p.message));
    this.conn.onRequest(WorkDoneProgressCreateRequest.type, () => null);
    this.conn.onNotification(ProgressType, (p: { value?: { kind?: string } }) =>
      this.progress.push(p.value?.kind ?? ''),
    );
    this.conn.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      this.edits.push(p);
      return { applied: true };
    });
    this.conn.listen();
  }

  async initialize(
    rootUri: string | null,
    initializationOptions: unknown = { debounceMs: 0 },
  ): Promise<InitializeResult> {
    const r = await within(
      this.conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri,
        initializationOptions,
        capabilities: {
          window: { workDoneProgress: true, ...(this.canAsk ? { showMessage: {} } : {}) },
          workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true } },
          textDocument: { publishDiagnostics: { versionSupport: true } },
        },
        workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      }),
      30000,
      `initialize; stderr: ${this.stderr}`,
    );
    await this.conn.sendNotification(InitializedNotification.type, {});
    return r;
  }

  /** The next publication for `uri` (after `after` publications) that satisfies `ok`. */
  async diagnostics(
    uri: string,
    ok: (p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 15000,
  ): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    for (;;) {
      for (; seen < this.published.length; seen++) {
        const p = this.published[seen]!;
        if (p.uri === uri && ok(p)) {
          this.published.splice(0, seen + 1);
          return p;
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, left);
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  async close(): Promise<void> {
    try {
      await within(this.conn.sendRequest('shutdown'), 5000, 'shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone or stuck: killed below */
    }
    await new Promise<void>((res) => {
      if (this.proc.exitCode !== null) return res();
      const t = setTimeout(() => {
        this.proc.kill();
        res();
      }, 3000);
      this.proc.on('exit', () => {
        clearTimeout(t);
        res();
      });
    });
    this.conn.dispose();
  }
}

/** A promise that fails with a clear message instead of hanging the test. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, rej) => (t = setTimeout(() => rej(new Error(`${what}: no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(t));
}

/** Applies LSP text edits (positions in the text as it is) to a string. */
export function applyTextEdits(
  text: string,
  edits: Array<{
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }>,
): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const off = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
