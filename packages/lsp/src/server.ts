import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import {
  CodeActionKind, DiagnosticSeverity, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification,
  ProposedFeatures, TextDocumentSyncKind, TextDocuments, createConnection,
  type CodeAction, type Connection, type Diagnostic as LspDiagnostic, type Hover, type InitializeParams,
  type InitializeResult, type Position, type TextDocumentEdit, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  buildDocx, Checker, ConfigError, compareDiagnostics, defaultRegistry, formatForPath, mergeConfigs, normalizeConfig, normalizeLineBreaks,
  OpenAiBackend, parseCategories, parseLevel, readDocument, RuleRegistry, type Config, type Diagnostic, type Fix, type GovDocument, type Rule,
} from '@gongwen/core';
import { documentOf, IncrementalChecker, type TextFormat } from './analysis.js';
import {
  addTermToFile, writeAtomic, CONFIG_NAMES, contextHash, findConfigFile, IGNORE_FILE, ignoreKey, loadConfigFile, readIgnoreFile, setRuleLevelInFile,
  type IgnoreEntry,
} from './config-files.js';
export { contextHash, IGNORE_FILE } from './config-files.js';
import { ruleAnchor } from './docs.js';

export const FIX_ALL_KIND = 'source.fixAll.gongwen';
export const COMMANDS = {
  fixAll: 'gongwen.applyFixAll',
  ignore: 'gongwen.ignoreOccurrence',
  disableRule: 'gongwen.disableRule',
  addTerm: 'gongwen.addTerm',
  checkFile: 'gongwen.checkFile',
  llmCheck: 'gongwen.llmCheck',
  build: 'gongwen.build',
} as const;
/** The workspace file holding "ignore this occurrence" entries (documents stay untouched). */
/** Client settings under `gongwen.*`. */
export interface ClientSettings {
  enable?: boolean;
  profile?: string;
  rules?: Record<string, string>;
  terms?: string[];
  debounceMs?: number;
}

export interface ServerOptions {
  /** Where `codeDescription.href` points: the generated rule docs shipped beside the server. */
  docsUri?: string;
  /** Delay between the last keystroke and the check (ms). */
  debounceMs?: number;
}

interface DocState {
  checker?: IncrementalChecker;
  checkerKey?: string;
  timer?: NodeJS.Timeout;
  /** The last published result and the version it belongs to. */
  version?: number;
  source?: string;
  format?: TextFormat;
  doc?: GovDocument;
  diagnostics?: Diagnostic[];
  hashes?: string[];
  /** The last AI check: its suggestions and the text they were made for. */
  ai?: { source: string; diagnostics: Diagnostic[] };
  aiRun?: AbortController;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

/** Rule docs inside this package (or the extension that bundles the server). */
export function defaultDocsUri(): string {
  return new URL('../docs/rules.md', import.meta.url).href;
}

export function formatOf(languageId: string, uri: string): TextFormat | undefined {
  if (languageId === 'markdown' || /\.(md|markdown)$/i.test(uri)) return 'markdown';
  if (languageId === 'plaintext' || languageId === 'text' || /\.(txt|text)$/i.test(uri)) return 'text';
  return undefined;
}

function toPosition(doc: GovDocument, offset: number): Position {
  const p = doc.sourceMap.position(offset);
  return { line: p.line - 1, character: p.column - 1 };
}

/** One edit turning `before` into `after` (the changed middle only). */
function minimalEdit(doc: GovDocument, before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  return { range: { start: toPosition(doc, p), end: toPosition(doc, before.length - s) }, newText: after.slice(p, after.length - s) };
}

function withClause(d: Diagnostic): string {
  return d.standard && !d.message.includes(d.standard) ? `${d.message}（${d.standard}）` : d.message;
}

/** Wires the gongwen language features to a connection; returns a handle for tests and the benchmark. */
export function createServer(connection: Connection, options: ServerOptions = {}) {
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocState>();
  const checkers = new Map<string, Checker>();
  // A broken rule file must not kill the server (the client would stop restarting it): it is reported instead.
  let registryError: string | undefined;
  let registry: ReturnType<typeof defaultRegistry>;
  try {
    registry = defaultRegistry();
  } catch (e) {
    registryError = `gongwen：规则文件有误 / invalid rule file: ${(e as Error).message.split('\n').slice(0, 3).join(' | ')}`;
    registry = new RuleRegistry();
  }
  const docsUri = options.docsUri ?? defaultDocsUri();
  let settings: ClientSettings = {};
  let canPullConfig = false;
  let canWatchFiles = false;
  let workspaceRoot: string | undefined;
  let debounceMs = options.debounceMs ?? 150;

  const stateOf = (uri: string) => {
    let s = states.get(uri);
    if (!s) states.set(uri, (s = {}));
    return s;
  };

  const filePath = (uri: string): string | undefined => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined);
  const rootFor = (uri: string): string | undefined => {
    const p = filePath(uri);
    if (workspaceRoot && (!p || p.startsWith(workspaceRoot))) return workspaceRoot;
    const cfg = p ? findConfigFile(dirname(p)) : undefined;
    return cfg ? dirname(cfg) : p ? dirname(p) : workspaceRoot;
  };

  const settingsConfig = (): Config => {
    const rules: Config['rules'] = {};
    for (const [id, level] of Object.entries(settings.rules ?? {})) rules[id] = { level: parseLevel(level, `gongwen.rules.${id}`) };
    return { ...(settings.profile ? { profile: settings.profile } : {}), rules, terms: [...(settings.terms ?? [])], ignore: [] };
  };

  /** The checker for a document: its `.gongwenrc.yaml`, then the client's settings. */
  const checkerFor = (uri: string): { checker: Checker; key: string } => {
    const p = filePath(uri);
    const file = p ? findConfigFile(dirname(p)) : undefined;
    const fromFile = file ? loadConfigFile(file).config : normalizeConfig(undefined);
    const config = mergeConfigs(fromFile, settingsConfig());
    const key = JSON.stringify(config);
    let checker = checkers.get(key);
    if (!checker) checkers.set(key, (checker = new Checker({ config, registry })));
    return { checker, key };
  };

  const ignoresFor = (uri: string): Map<string, IgnoreEntry> => {
    const root = rootFor(uri);
    if (!root) return new Map();
    const f = join(root, IGNORE_FILE);
    if (!existsSync(f)) return new Map();
    try {
      return readIgnoreFile(f);
    } catch (e) {
      connection.console.warn(`gongwen: ${(e as Error).message}`);
      return new Map();
    }
  };

  const toLsp = (doc: GovDocument, d: Diagnostic): LspDiagnostic => ({
    range: { start: toPosition(doc, d.range[0]), end: toPosition(doc, d.range[1]) },
    severity: SEVERITY[d.severity],
    source: 'gongwen',
    code: d.ruleId,
    codeDescription: { href: `${docsUri}#${ruleAnchor(d.ruleId)}` },
    message: withClause(d),
    ...(d.standard ? { data: { standard: d.standard } } : {}),
  });

  /** Checks one document now; drops the result when the document moved on meanwhile. */
  const validate = (uri: string): boolean => {
    const td = documents.get(uri);
    if (!td) return false;
    const format = formatOf(td.languageId, uri);
    if (!format || settings.enable === false) return false;
    const st = stateOf(uri);
    const version = td.version;
    let diagnostics: LspDiagnostic[];
    try {
      if (registryError) throw new ConfigError(registryError);
      const { checker, key } = checkerFor(uri);
      if (!st.checker || st.checkerKey !== key) {
        st.checker = new IncrementalChecker(checker);
        st.checkerKey = key;
      }
      const raw = td.getText();
      const source = raw.includes('\r') ? normalizeLineBreaks(raw).text : raw;
      const analysis = st.checker.check(source, format);
      if (documents.get(uri)?.version !== version) return false;
      const ignores = ignoresFor(uri);
      const kept: Diagnostic[] = [];
      const hashes: string[] = [];
      for (const d of [...analysis.diagnostics, ...aiStillValid(st, source)].sort(compareDiagnostics)) {
        const h = contextHash(d.ruleId, analysis.doc.text, d.range);
        if (ignores.has(ignoreKey(d.ruleId, h))) continue;
        kept.push(d);
        hashes.push(h);
      }
      Object.assign(st, { version, source, format, doc: analysis.doc, diagnostics: kept, hashes });
      diagnostics = kept.map((d) => toLsp(analysis.doc, d));
    } catch (e) {
      // A bad config or document is shown where the drafter looks, not swallowed.
      const message = e instanceof ConfigError || (e as Error).name === 'DocumentError' ? (e as Error).message : `gongwen 内部错误 / internal error: ${(e as Error).message}`;
      Object.assign(st, { version, diagnostics: [], hashes: [], doc: undefined });
      diagnostics = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: 'gongwen', message }];
    }
    void connection.sendDiagnostics({ uri, version, diagnostics });
    return true;
  };

  const schedule = (uri: string) => {
    const st = stateOf(uri);
    if (st.timer) clearTimeout(st.timer);
    const delay = settings.debounceMs ?? debounceMs;
    // setImmediate even with no delay: pending didChange messages are read first, so typing is never held up.
    st.timer = delay > 0 ? setTimeout(() => validate(uri), delay) : (setImmediate(() => validate(uri)) as unknown as NodeJS.Timeout);
  };

  const revalidateAll = () => {
    checkers.clear();
    for (const td of documents.all()) {
      const st = stateOf(td.uri);
      st.checker = undefined;
      validate(td.uri);
    }
  };

  const pullSettings = async () => {
    if (!canPullConfig) return;
    const got = (await connection.workspace.getConfiguration('gongwen')) as ClientSettings | null;
    settings = got ?? {};
  };

  /** The current result, only while it still belongs to the document's version. */
  const current = (uri: string, version?: number): (DocState & { doc: GovDocument; source: string; format: TextFormat; diagnostics: Diagnostic[]; hashes: string[] }) | undefined => {
    const td = documents.get(uri);
    const st = states.get(uri);
    if (!td || !st?.doc || st.version !== td.version || (version !== undefined && version !== td.version)) return undefined;
    return st as never;
  };

  const versionedEdit = (uri: string, version: number, edits: TextEdit[]): WorkspaceEdit => ({
    documentChanges: [{ textDocument: { uri, version }, edits } satisfies TextDocumentEdit],
  });

  const fixEdit = (st: { doc: GovDocument }, fix: Fix): TextEdit => ({
    range: { start: toPosition(st.doc, fix.range[0]), end: toPosition(st.doc, fix.range[1]) },
    newText: fix.text,
  });

  /** Every safe fix (optionally of one rule), re-checked until stable, as one minimal edit. */
  const fixAllEdit = (uri: string, version: number, ruleId?: string): WorkspaceEdit | undefined => {
    const st = current(uri, version);
    if (!st || !st.checker) return undefined;
    const ignores = ignoresFor(uri);
    let output = st.source;
    for (let pass = 0; pass < 10; pass++) {
      const analysis = st.checker.check(output, st.format);
      const fixes = analysis.diagnostics
        .filter((d) => d.fix && (!ruleId || d.ruleId === ruleId) && !ignores.has(ignoreKey(d.ruleId, contextHash(d.ruleId, analysis.doc.text, d.range))))
        .map((d) => d.fix!);
      if (!fixes.length) break;
      const next = applyAll(output, fixes);
      if (next === output) break;
      output = next;
    }
    const edit = minimalEdit(st.doc, st.source, output);
    return edit ? versionedEdit(uri, version, [edit]) : undefined;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfig = Boolean(params.capabilities.workspace?.configuration);
    canWatchFiles = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    if (folder?.startsWith('file:')) workspaceRoot = fileURLToPath(folder);
    const init = (params.initializationOptions ?? {}) as { debounceMs?: number; settings?: ClientSettings };
    if (typeof init.debounceMs === 'number') debounceMs = init.debounceMs;
    if (init.settings) settings = init.settings;
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
    if (canPullConfig) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'gongwen' });
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [...CONFIG_NAMES.map((n) => ({ globPattern: `**/${n}` })), { globPattern: '**/.gongwen/ignores.json' }],
      });
    }
    try {
      await pullSettings();
    } catch {
      /* a client that announces configuration but fails it keeps the defaults */
    }
    revalidateAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (canPullConfig) await pullSettings();
    else settings = ((change.settings as { gongwen?: ClientSettings } | undefined)?.gongwen ?? settings);
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles(() => revalidateAll());

  documents.onDidChangeContent((e) => {
    // The first check of a freshly opened document is not delayed.
    if (!states.get(e.document.uri)?.doc && e.document.version <= 1) {
      stateOf(e.document.uri);
      setImmediate(() => validate(e.document.uri));
    } else schedule(e.document.uri);
  });

  documents.onDidClose((e) => {
    const st = states.get(e.document.uri);
    if (st?.timer) clearTimeout(st.timer);
    states.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction((params) => {
    const uri = params.textDocument.uri;
    const td = documents.get(uri);
    const st = current(uri);
    if (!td || !st) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions: CodeAction[] = [];
    const version = td.version;
    if (wants(CodeActionKind.QuickFix)) {
      const start = td.offsetAt(params.range.start);
      const end = td.offsetAt(params.range.end);
      const startN = normalizedOffset(td.getText(), start);
      const endN = normalizedOffset(td.getText(), end);
      st.diagnostics.forEach((d, i) => {
        if (!(d.range[0] <= endN && startN <= d.range[1])) return;
        const lspDiag = toLsp(st.doc, d);
        const options = [...(d.fix ? [{ title: `修正为“${d.fix.text}”`, fix: d.fix }] : []), ...(d.suggestions ?? []).map((s) => ({ title: s.message, fix: s.fix }))];
        for (const o of options) {
          actions.push({ title: `${o.title}（${d.ruleId}）`, kind: CodeActionKind.QuickFix, diagnostics: [lspDiag], isPreferred: options.length === 1 && d.source !== 'llm', edit: versionedEdit(uri, version, [fixEdit(st, o.fix)]) });
        }
        const sameRule = st.diagnostics.filter((x) => x.ruleId === d.ruleId && x.fix).length;
        if (d.fix && sameRule > 1) {
          const edit = fixAllEdit(uri, version, d.ruleId);
          if (edit) actions.push({ title: `修正全部“${d.ruleId}”问题（${sameRule} 处）`, kind: CodeActionKind.QuickFix, diagnostics: [lspDiag], edit });
        }
        actions.push({ title: `忽略此处（${d.ruleId}）`, kind: CodeActionKind.QuickFix, diagnostics: [lspDiag], command: { title: '忽略此处', command: COMMANDS.ignore, arguments: [{ uri, version, ruleId: d.ruleId, hash: st.hashes[i], text: st.doc.text.slice(d.range[0], d.range[1]) }] } });
        actions.push({ title: `在 .gongwenrc.yaml 中关闭规则 ${d.ruleId}`, kind: CodeActionKind.QuickFix, diagnostics: [lspDiag], command: { title: '关闭规则', command: COMMANDS.disableRule, arguments: [{ uri, ruleId: d.ruleId }] } });
        const term = st.doc.text.slice(d.range[0], d.range[1]);
        if (term.trim().length >= 2 && term.length <= 40 && !term.includes('\n')) {
          actions.push({ title: `把“${term}”加入术语表（terms）`, kind: CodeActionKind.QuickFix, diagnostics: [lspDiag], command: { title: '加入术语表', command: COMMANDS.addTerm, arguments: [{ uri, term }] } });
        }
      });
    }
    if (wants(FIX_ALL_KIND) && (only || st.diagnostics.some((d) => d.fix))) {
      const edit = fixAllEdit(uri, version);
      if (edit) actions.push({ title: '修正全部可自动修正的问题（gongwen）', kind: FIX_ALL_KIND, edit });
    }
    return actions;
  });

  connection.onHover((params): Hover | null => {
    const td = documents.get(params.textDocument.uri);
    const st = current(params.textDocument.uri);
    if (!td || !st) return null;
    const at = normalizedOffset(td.getText(), td.offsetAt(params.position));
    const hits = st.diagnostics.filter((d) => d.range[0] <= at && at <= d.range[1]);
    if (!hits.length) return null;
    const seen = new Set<string>();
    const parts: string[] = [];
    for (const d of hits) {
      if (seen.has(d.ruleId)) continue;
      seen.add(d.ruleId);
      const rule = registry.get(d.ruleId);
      parts.push(ruleHover(rule, d, `${docsUri}#${ruleAnchor(d.ruleId)}`));
    }
    return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } };
  });

  /** A .docx (or any readable file) checked as the CLI would; findings with paragraph/line and column. */
  const checkFile = (path: string) => {
    const format = formatForPath(path);
    if (!format) return { ok: false, reason: `不支持的文件类型 / unsupported file type: ${path}` };
    try {
      const doc = readDocument(readFileSync(path), format);
      const { checker } = checkerFor(pathToFileURL(path).href);
      const findings = checker.check(doc).diagnostics.map((d) => {
        const a = doc.sourceMap.position(d.range[0]);
        const b = doc.sourceMap.position(d.range[1]);
        return { ruleId: d.ruleId, severity: d.severity, message: withClause(d), line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
      });
      return { ok: true, findings };
    } catch (e) {
      return { ok: false, reason: (e as Error).message.split('\n')[0] };
    }
  };

  /** AI suggestions for one document version, with progress and cancellation; they replace the previous ones only. */
  const llmCheck = async (uri: string, version: number | undefined, token: { onCancellationRequested(cb: () => void): unknown }) => {
    const st = current(uri, version);
    if (!st?.checker) return { applied: false, reason: '文档已改变或未检查，请重试 / the document changed' };
    const checker = st.checker.checker;
    const c = checker.config.llm ?? {};
    const env = process.env;
    const baseURL = env.GONGWEN_LLM_BASE_URL ?? c.baseURL ?? env.OPENAI_BASE_URL;
    const model = env.GONGWEN_LLM_MODEL ?? c.model;
    if (!baseURL || !model) {
      return { applied: false, reason: 'AI 检查需要模型服务地址和模型名：设置环境变量 GONGWEN_LLM_BASE_URL 和 GONGWEN_LLM_MODEL（或 .gongwenrc.yaml 中 llm.baseURL、llm.model） / no LLM endpoint configured' };
    }
    const apiKey = env.GONGWEN_LLM_API_KEY ?? env.OPENAI_API_KEY;
    st.aiRun?.abort();
    const controller = new AbortController();
    st.aiRun = controller;
    token.onCancellationRequested(() => controller.abort());
    const progress = await connection.window.createWorkDoneProgress();
    progress.begin('gongwen AI 检查', undefined, `${model}：发送文档…`, true);
    progress.token.onCancellationRequested(() => controller.abort());
    const source = st.source;
    try {
      const result = await checker.checkWithLlm(st.doc, {
        backend: new OpenAiBackend({ baseURL, model, ...(apiKey ? { apiKey } : {}) }),
        categories: parseCategories(c.categories).categories,
        ...(c.temperature !== undefined ? { temperature: c.temperature } : {}),
        ...(c.maxConcurrency !== undefined ? { maxConcurrency: c.maxConcurrency } : {}),
        ...(c.timeoutMs !== undefined ? { timeoutMs: c.timeoutMs } : {}),
        redact: Boolean(c.redact),
      }, controller.signal);
      const ai = result.diagnostics.filter((d) => d.source === 'llm');
      const now = states.get(uri);
      if (now) now.ai = { source, diagnostics: ai };
      validate(uri);
      return { applied: true, count: ai.length };
    } catch (e) {
      const cancelled = controller.signal.aborted;
      return { applied: false, reason: cancelled ? 'AI 检查已取消 / cancelled' : (e as Error).message.split('\n')[0] };
    } finally {
      progress.done();
      if (st.aiRun === controller) st.aiRun = undefined;
    }
  };

  /**
   * The draft as the editor holds it → a GB/T 9704 .docx beside it (as `gongwen build`): errors in the draft stop the
   * build unless `force`; the output is written atomically and never over the draft.
   */
  const build = async (uri: string, force: boolean) => {
    const path = filePath(uri);
    const td = documents.get(uri);
    if (!path || !/\.(md|markdown)$/i.test(path)) return { ok: false, reason: '只能从 Markdown 草稿生成 .docx / only a Markdown draft can be built' };
    try {
      const source = td ? td.getText() : readFileSync(path, 'utf8');
      const doc = documentOf(normalizeLineBreaks(source).text, 'markdown');
      const { checker } = checkerFor(uri);
      const errors = checker.check(doc).diagnostics.filter((d) => d.severity === 'error').length;
      if (errors && !force) return { ok: false, errors, reason: `草稿有 ${errors} 个错误，修正后再生成 / the draft has ${errors} errors` };
      const result = await buildDocx(doc, checker.profile);
      const out = path.replace(/\.(md|markdown)$/i, '.docx');
      writeAtomic(out, result.bytes);
      return { ok: true, path: out, pages: result.pages, warnings: result.warnings };
    } catch (e) {
      return { ok: false, reason: (e as Error).message.split('\n')[0] };
    }
  };

  connection.onExecuteCommand(async (params, token) => {
    const arg = (params.arguments?.[0] ?? {}) as { uri?: string; version?: number; ruleId?: string; hash?: string; text?: string; term?: string; path?: string; force?: boolean };
    if (params.command === COMMANDS.build) return arg.uri ? build(arg.uri, Boolean(arg.force)) : { ok: false, reason: '缺少文档 / missing document' };
    if (params.command === COMMANDS.checkFile) return arg.path ? checkFile(arg.path) : { ok: false, reason: '缺少文件 / missing path' };
    const uri = arg.uri;
    if (!uri) return { applied: false, reason: '缺少文档 / missing document' };
    const td = documents.get(uri);
    if (arg.version !== undefined && td?.version !== arg.version) {
      return { applied: false, reason: '文档已改变，请重试 / the document changed' };
    }
    const p = filePath(uri);
    const configTarget = () => {
      const existing = p ? findConfigFile(dirname(p)) : undefined;
      const root = rootFor(uri);
      if (existing) return existing;
      if (!root) throw new Error('没有工作区，无法写入 .gongwenrc.yaml / no workspace folder');
      return join(root, CONFIG_NAMES[0]!);
    };
    try {
      switch (params.command) {
        case COMMANDS.llmCheck:
          return await llmCheck(uri, arg.version, token);
        case COMMANDS.fixAll: {
          if (!td) return { applied: false, reason: '文档未打开 / document not open' };
          const edit = fixAllEdit(uri, td.version);
          if (!edit) return { applied: false, reason: '没有可自动修正的问题 / nothing to fix' };
          const r = await connection.workspace.applyEdit({ label: 'gongwen: 修正全部', edit });
          return { applied: r.applied, ...(r.failureReason ? { reason: r.failureReason } : {}) };
        }
        case COMMANDS.ignore: {
          const root = rootFor(uri);
          if (!root || !arg.ruleId || !arg.hash) return { applied: false, reason: '参数不全 / bad arguments' };
          const f = join(root, IGNORE_FILE);
          const data = existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as { version?: number; ignores?: IgnoreEntry[] }) : {};
          const ignores = data.ignores ?? [];
          if (!ignores.some((e) => e.rule === arg.ruleId && e.hash === arg.hash)) ignores.push({ rule: arg.ruleId, hash: arg.hash, text: arg.text ?? '' });
          mkdirSync(dirname(f), { recursive: true });
          writeAtomic(f, `${JSON.stringify({ version: 1, ignores }, null, 2)}\n`);
          revalidateAll();
          return { applied: true, file: f };
        }
        case COMMANDS.disableRule: {
          if (!arg.ruleId || !registry.has(arg.ruleId)) return { applied: false, reason: '未知规则 / unknown rule' };
          const f = configTarget();
          setRuleLevelInFile(f, arg.ruleId, 'off');
          revalidateAll();
          return { applied: true, file: f };
        }
        case COMMANDS.addTerm: {
          if (!arg.term) return { applied: false, reason: '缺少术语 / missing term' };
          const f = configTarget();
          addTermToFile(f, arg.term);
          revalidateAll();
          return { applied: true, file: f };
        }
        default:
          return { applied: false, reason: `未知命令 / unknown command ${params.command}` };
      }
    } catch (e) {
      connection.console.error(`gongwen: ${(e as Error).message}`);
      return { applied: false, reason: (e as Error).message };
    }
  });

  documents.listen(connection);
  return {
    connection,
    documents,
    /** The last published core diagnostics of a document (tests). */
    diagnosticsOf: (uri: string) => states.get(uri)?.diagnostics,
  };
}

/** AI suggestions stay while the words they point at are unchanged (they are never re-anchored by guesswork). */
function aiStillValid(st: DocState, source: string): Diagnostic[] {
  if (!st.ai) return [];
  if (st.ai.source === source) return st.ai.diagnostics;
  const old = st.ai.source;
  return st.ai.diagnostics.filter((d) => source.slice(d.range[0], d.range[1]) === old.slice(d.range[0], d.range[1]) && source.slice(0, d.range[0]) === old.slice(0, d.range[0]));
}

/** Offsets of the client's text → offsets of the `\n`-only text the engine sees. */
function normalizedOffset(raw: string, offset: number): number {
  if (!raw.includes('\r')) return offset;
  let removed = 0;
  for (let i = raw.indexOf('\r'); i >= 0 && i < offset; i = raw.indexOf('\r', i + 1)) if (raw[i + 1] === '\n') removed++;
  return offset - removed;
}

function applyAll(text: string, fixes: Fix[]): string {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let out = '';
  let last = 0;
  for (const f of sorted) {
    if (f.range[0] < last) continue;
    out += text.slice(last, f.range[0]) + f.text;
    last = f.range[1];
  }
  return out + text.slice(last);
}

function code(s: string): string {
  return `\`${s.replace(/`/g, 'ˋ')}\``;
}

/** What the rule checks, its clause, and one bad and one good example. */
export function ruleHover(rule: Rule | undefined, d: Diagnostic, href: string): string {
  const lines = [`**${d.ruleId}**${d.standard ? ` · ${d.standard}` : ''}`, '', withClause(d)];
  if (rule) {
    lines.push('', `规则：${rule.meta.description}`);
    const bad = rule.meta.examples.bad[0];
    const good = rule.meta.examples.good[0];
    if (bad) lines.push('', `错误示例：${code(bad.text)}${bad.fixed !== undefined ? ` → ${code(bad.fixed)}` : ''}`);
    if (good) lines.push('', `正确示例：${code(good)}`);
  }
  lines.push('', `[规则说明](${href})`);
  return lines.join('\n');
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

