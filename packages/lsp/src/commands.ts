import type { CancellationToken, Connection, ExecuteCommandParams } from 'vscode-languageserver/node';
import { classifiedMark, classifiedRefusal, formatForPath } from '@gongwen/core';
import { addIgnoreEntry, addTermToFile, isLegacyPath, oneLine, setRuleLevelInFile } from '@gongwen/node';
import type { CodeActions } from './code-actions.js';
import { COMMANDS } from './command-ids.js';
import { draftForEditor } from './draft-command.js';
import { withClause, type DiagnosticsScheduler } from './diagnostics.js';
import type { DocumentStore } from './documents.js';
import type { Settings } from './settings.js';

export { COMMANDS } from './command-ids.js';

interface CommandArgs {
  uri?: string;
  version?: number;
  ruleId?: string;
  hash?: string;
  text?: string;
  term?: string;
  path?: string;
  force?: boolean;
}

/** `workspace/executeCommand`: fix all, ignore / disable / add a term, check a file, AI check, build a .docx. */
export class Commands {
  constructor(
    private readonly connection: Connection,
    private readonly docs: DocumentStore,
    private readonly settings: Settings,
    private readonly diagnostics: DiagnosticsScheduler,
    private readonly codeActions: CodeActions,
  ) {}

  /** The answer to "send documents to the AI endpoint?", asked once per session; undefined: not asked (or dismissed). */
  private aiAllowed: boolean | undefined;

  /**
   * Opening a folder is not consent to send its documents to a model: the first AI check of the session asks, and the
   * answer holds until the server stops. A client that cannot ask is taken as a refusal, said in its log.
   */
  private async mayUseAi(endpoint: string, what = 'AI 检查会把当前文档的正文'): Promise<boolean> {
    if (this.aiAllowed !== undefined) return this.aiAllowed;
    if (!this.settings.canAskUser) {
      this.connection.console.warn(
        `gongwen: AI 检查未运行：客户端不支持确认对话框（window/showMessageRequest），不向 ${endpoint} 发送文档 / AI check refused: the client cannot ask`,
      );
      return false;
    }
    const allow = '允许';
    let answer: { title: string } | undefined;
    try {
      answer = await this.connection.window.showInformationMessage(
        `gongwen ${what}发送至 ${endpoint}。是否允许本工作区在此次会话中使用 AI 检查和起草？`,
        { title: allow },
        { title: '拒绝' },
      );
    } catch (e) {
      this.connection.console.warn(
        `gongwen: AI 检查未运行：确认对话框失败（${oneLine(e)}） / AI check refused: the client could not ask`,
      );
      return false;
    }
    if (!answer) return false;
    this.aiAllowed = answer.title === allow;
    return this.aiAllowed;
  }

  async execute(params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> {
    const arg = (params.arguments?.[0] ?? {}) as CommandArgs;
    if (params.command === COMMANDS.build)
      return arg.uri ? this.build(arg.uri, Boolean(arg.force)) : { ok: false, reason: '缺少文档 / missing document' };
    if (params.command === COMMANDS.draft)
      return draftForEditor(this.settings.gongwen(), params.arguments?.[0] ?? {}, token, (e) =>
        this.mayUseAi(e, 'AI 起草会把所选材料'),
      );
    if (params.command === COMMANDS.checkFile)
      return arg.path ? this.checkFile(arg.path) : { ok: false, reason: '缺少文件 / missing path' };
    const uri = arg.uri;
    if (!uri) return { applied: false, reason: '缺少文档 / missing document' };
    const td = this.docs.get(uri);
    if (arg.version !== undefined && td?.version !== arg.version)
      return { applied: false, reason: '文档已改变，请重试 / the document changed' };
    try {
      switch (params.command) {
        case COMMANDS.llmCheck:
          return await this.llmCheck(uri, arg.version, token);
        case COMMANDS.fixAll: {
          if (!td) return { applied: false, reason: '文档未打开 / document not open' };
          const edit = this.codeActions.fixAllEdit(uri, td.version);
          if (!edit) return { applied: false, reason: '没有可自动修正的问题 / nothing to fix' };
          const r = await this.connection.workspace.applyEdit({ label: 'gongwen: 修正全部', edit });
          return { applied: r.applied, ...(r.failureReason ? { reason: r.failureReason } : {}) };
        }
        case COMMANDS.ignore: {
          const f = this.settings.ignoreFileFor(uri);
          if (!f || !arg.ruleId || !arg.hash) return { applied: false, reason: '参数不全 / bad arguments' };
          addIgnoreEntry(f, { rule: arg.ruleId, hash: arg.hash, text: arg.text ?? '' });
          this.diagnostics.revalidateAll();
          return { applied: true, file: f };
        }
        case COMMANDS.disableRule: {
          if (!arg.ruleId || !this.settings.registry.has(arg.ruleId))
            return { applied: false, reason: '未知规则 / unknown rule' };
          const f = this.settings.configTarget(uri);
          setRuleLevelInFile(f, arg.ruleId, 'off');
          this.diagnostics.revalidateAll();
          return { applied: true, file: f };
        }
        case COMMANDS.addTerm: {
          if (!arg.term) return { applied: false, reason: '缺少术语 / missing term' };
          const f = this.settings.configTarget(uri);
          addTermToFile(f, arg.term);
          this.diagnostics.revalidateAll();
          return { applied: true, file: f };
        }
        default:
          return { applied: false, reason: `未知命令 / unknown command ${params.command}` };
      }
    } catch (e) {
      this.connection.console.error(`gongwen: ${(e as Error).message}`);
      return { applied: false, reason: (e as Error).message };
    }
  }

  /** A .docx (or any file the CLI reads) checked as the CLI would; findings with paragraph/line and column. */
  private async checkFile(path: string) {
    if (!formatForPath(path) && !isLegacyPath(path))
      return { ok: false, reason: `不支持的文件类型 / unsupported file type: ${path}` };
    try {
      const r = await this.settings.gongwen().lintFile(path);
      if (r.error || !r.document) return { ok: false, reason: oneLine(r.error?.message ?? '') };
      const doc = r.document;
      const findings = r.diagnostics.map((d) => {
        const a = doc.sourceMap.position(d.range[0]);
        const b = doc.sourceMap.position(d.range[1]);
        return {
          ruleId: d.ruleId,
          severity: d.severity,
          message: withClause(d),
          line: a.line,
          column: a.column,
          endLine: b.line,
          endColumn: b.column,
        };
      });
      return { ok: true, findings };
    } catch (e) {
      return { ok: false, reason: oneLine(e) };
    }
  }

  /** AI suggestions for one document version, with progress and cancellation; they replace the previous ones only. */
  private async llmCheck(uri: string, version: number | undefined, token: CancellationToken) {
    const st = this.docs.current(uri, version);
    if (!st?.checker) return { applied: false, reason: '文档已改变或未检查，请重试 / the document changed' };
    // A classified document is refused before anything else: no permission prompt, no connection, nothing sent.
    const secret = classifiedMark(st.doc);
    if (secret) return { applied: false, reason: classifiedRefusal(secret.mark) };
    const checker = st.checker.checker;
    const node = this.settings.gongwen();
    let options: ReturnType<typeof node.llm.options>;
    try {
      const loaded = this.settings.configFor(uri);
      options = node.llm.options(loaded.config, loaded.baseDir);
    } catch (e) {
      return { applied: false, reason: oneLine(e) };
    }
    const checkedVersion = st.version;
    if (!(await this.mayUseAi(options.backend.endpoint))) {
      return {
        applied: false,
        reason: '未获允许，AI 检查未运行，未发送任何文字 / AI check not allowed: nothing was sent',
      };
    }
    if (!this.docs.current(uri, checkedVersion))
      return { applied: false, reason: '文档已改变，请重试 / the document changed' };
    st.aiRun?.abort();
    const controller = new AbortController();
    st.aiRun = controller;
    token.onCancellationRequested(() => controller.abort());
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('gongwen AI 检查', undefined, `${options.backend.model}：发送文档…`, true);
    progress.token.onCancellationRequested(() => controller.abort());
    const source = st.source;
    try {
      const result = await node.llm.run(checker, options, st.doc, controller.signal);
      const ai = result.diagnostics.filter((d) => d.source === 'llm');
      const now = this.docs.peek(uri);
      if (now) now.ai = { source, diagnostics: ai };
      this.diagnostics.validate(uri);
      return { applied: true, count: ai.length };
    } catch (e) {
      return { applied: false, reason: controller.signal.aborted ? 'AI 检查已取消 / cancelled' : oneLine(e) };
    } finally {
      progress.done();
      if (st.aiRun === controller) st.aiRun = undefined;
    }
  }

  /**
   * The draft as the editor holds it → a GB/T 9704 .docx beside it, as `gongwen build` does (the Node layer checks
   * it first): errors in the draft stop the build unless `force`.
   */
  private async build(uri: string, force: boolean) {
    const path = this.settings.filePath(uri);
    if (!path || !/\.(md|markdown)$/i.test(path))
      return { ok: false, reason: '只能从 Markdown 草稿生成 .docx / only a Markdown draft can be built' };
    try {
      const td = this.docs.get(uri);
      const r = await this.settings.gongwen().buildDocx(path, { ...(td ? { text: td.getText() } : {}), force });
      if (r.result.error) return { ok: false, reason: oneLine(r.result.error.message) };
      if (!r.built)
        return {
          ok: false,
          errors: r.errors,
          reason: `草稿有 ${r.errors} 个错误，修正后再生成 / the draft has ${r.errors} errors`,
        };
      return { ok: true, path: r.output, pages: r.built.pages, warnings: r.built.warnings };
    } catch (e) {
      return { ok: false, reason: oneLine(e) };
    }
  }
}
