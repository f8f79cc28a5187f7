import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
/** Settles once the server runs: a command run while the extension is still starting waits for it. */
let ready: Promise<void> | undefined;

interface FileFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'plaintext' },
  { scheme: 'file', language: 'markdown' },
  { scheme: 'untitled', language: 'plaintext' },
  { scheme: 'untitled', language: 'markdown' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR as LanguageClientOptions['documentSelector'],
    synchronize: {
      configurationSection: 'gongwen',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{.gongwenrc.yaml,.gongwenrc.yml,.gongwen/ignores.json}'),
    },
    initializationOptions: { debounceMs: vscode.workspace.getConfiguration('gongwen').get<number>('debounceMs', 150) },
  };
  client = new LanguageClient('gongwen', 'gongwen 公文校对', serverOptions, clientOptions);

  const status = vscode.languages.createLanguageStatusItem('gongwen.status', SELECTOR);
  status.name = 'gongwen';
  status.text = 'gongwen';
  status.detail = '公文校对（启动中） / starting';
  status.busy = true;
  status.command = { title: '规则说明', command: 'gongwen.openRuleDocs' };
  const docFindings = vscode.languages.createDiagnosticCollection('gongwen-docx');
  context.subscriptions.push(status, docFindings);

  const updateStatus = () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const own = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'gongwen');
    const errors = own.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    status.detail = own.length ? `${errors} 个错误，${own.length - errors} 个其他问题` : '未发现问题 / no findings';
    status.severity = errors ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  };
  context.subscriptions.push(
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('gongwen.openRuleDocs', async (ruleId?: string) => {
      const uri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md');
      await vscode.commands.executeCommand(
        'markdown.showPreview',
        uri.with({ fragment: typeof ruleId === 'string' ? ruleId.replace(/[^a-z0-9-]/gi, '-') : '' }),
      );
    }),
    vscode.commands.registerCommand('gongwen.checkWithAI', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !client) return;
      const doc = editor.document;
      const r = (await client.sendRequest('workspace/executeCommand', {
        command: 'gongwen.llmCheck',
        arguments: [{ uri: doc.uri.toString(), version: doc.version }],
      })) as { applied: boolean; reason?: string; count?: number };
      if (!r?.applied) void vscode.window.showWarningMessage(`gongwen：AI 检查未完成：${r?.reason ?? ''}`);
      else void vscode.window.showInformationMessage(`gongwen：AI 检查给出 ${r.count ?? 0} 条建议（须人工确认）`);
    }),
    vscode.commands.registerCommand('gongwen.draftDocument', () => (client ? draftCommand(client) : undefined)),
    vscode.commands.registerCommand('gongwen.reviewDocx', async (arg?: vscode.Uri) => {
      const target =
        arg ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Word 文档': ['docx'] } }))?.[0];
      if (!target || !client) return;
      const r = (await client.sendRequest('workspace/executeCommand', {
        command: 'gongwen.checkFile',
        arguments: [{ path: target.fsPath }],
      })) as { ok: boolean; reason?: string; findings?: FileFinding[] };
      if (!r?.ok) {
        void vscode.window.showErrorMessage(`gongwen：${r?.reason ?? '无法检查该文件'}`);
        return;
      }
      const sev = {
        error: vscode.DiagnosticSeverity.Error,
        warning: vscode.DiagnosticSeverity.Warning,
        info: vscode.DiagnosticSeverity.Information,
      };
      docFindings.set(
        target,
        (r.findings ?? []).map((f) => {
          const d = new vscode.Diagnostic(
            new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1),
            `${f.message}（第 ${f.line} 段）`,
            sev[f.severity],
          );
          d.source = 'gongwen';
          d.code = f.ruleId;
          return d;
        }),
      );
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      void vscode.window.showInformationMessage(
        `gongwen：${target.fsPath.split(/[\\/]/).pop()} 有 ${r.findings?.length ?? 0} 个问题，见“问题”面板`,
      );
    }),
    vscode.commands.registerCommand('gongwen.buildDocx', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!client) return;
      if (!editor || editor.document.isUntitled || editor.document.languageId !== 'markdown') {
        void vscode.window.showWarningMessage('gongwen：请打开并保存一份 Markdown 草稿 / open a saved Markdown draft');
        return;
      }
      const uri = editor.document.uri.toString();
      const c = client;
      // The server lays out the text the editor holds, with the workspace's config and profile.
      const run = (force: boolean) =>
        c.sendRequest('workspace/executeCommand', {
          command: 'gongwen.build',
          arguments: [{ uri, force }],
        }) as Promise<{
          ok: boolean;
          path?: string;
          pages?: number;
          errors?: number;
          reason?: string;
          warnings?: string[];
        }>;
      let r = await run(false);
      if (!r.ok && r.errors) {
        const choice = await vscode.window.showWarningMessage(`gongwen：${r.reason}`, '仍然生成 / build anyway');
        if (!choice) return;
        r = await run(true);
      }
      if (!r.ok) void vscode.window.showErrorMessage(`gongwen：${r.reason ?? '生成失败 / build failed'}`);
      else
        void vscode.window.showInformationMessage(
          `gongwen：已生成 ${r.path}（约 ${r.pages} 页）${r.warnings?.length ? `；${r.warnings.join('；')}` : ''}`,
        );
    }),
  );

  ready = client.start();
  await ready;
  status.busy = false;
  status.detail = '公文校对已启动 / ready';
  updateStatus();
}

interface DraftAnswer {
  ok: boolean;
  reason?: string;
  path?: string;
  genre?: string;
  genreReason?: string;
  unverified?: number;
  pending?: number;
  genres?: Array<{ genre: string; summary: string }>;
}

/**
 * 起草公文…: 文种 (or 自动), request, sender and addressee, materials picked from the workspace, then the server drafts
 * with a cancellable progress notification; the draft opens with its 【待核】 and 【待补】 marks as diagnostics.
 */
async function draftCommand(c: LanguageClient): Promise<void> {
  await ready;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage('gongwen：请先打开一个文件夹（材料从工作区中选择） / open a folder first');
    return;
  }
  const ask = (args: Record<string, unknown>, token?: vscode.CancellationToken) => {
    const params = { command: 'gongwen.draft', arguments: [args] };
    // An undefined token would be sent as a second positional parameter.
    return (
      token
        ? c.sendRequest('workspace/executeCommand', params, token)
        : c.sendRequest('workspace/executeCommand', params)
    ) as Promise<DraftAnswer | undefined>;
  };
  const listed = await ask({ list: true });
  const auto = '自动';
  const genre = await vscode.window.showQuickPick(
    [
      { label: auto, description: '按起草要求和行文关系确定文种' },
      ...(listed?.genres ?? []).map((g) => ({ label: g.genre, description: g.summary })),
    ],
    { title: '起草公文（1/6）：文种', placeHolder: '选择文种，或由 gongwen 按行文关系确定', ignoreFocusOut: true },
  );
  if (!genre) return;
  const request = await vscode.window.showInputBox({
    title: '起草公文（2/6）：起草要求',
    prompt: '如：写一份请示，申请追加校舍维修资金',
    ignoreFocusOut: true,
  });
  if (!request?.trim()) return;
  const from = await vscode.window.showInputBox({
    title: '起草公文（3/6）：发文机关',
    prompt: '如：青川市教育局（留空则用 .gongwenrc.yaml 中 organization.name）',
    ignoreFocusOut: true,
  });
  if (from === undefined) return;
  const to = await vscode.window.showInputBox({
    title: '起草公文（4/6）：主送机关',
    prompt: '多个机关用顿号分隔',
    ignoreFocusOut: true,
  });
  if (to === undefined) return;
  const files = await vscode.workspace.findFiles(
    '**/*.{txt,md,markdown,docx,doc,wps,csv,pdf,ofd}',
    '**/{node_modules,.git}/**',
    1000,
  );
  const picked = await vscode.window.showQuickPick(
    files
      .map((f) => ({ label: vscode.workspace.asRelativePath(f, false), uri: f }))
      .sort((a, b) => a.label.localeCompare(b.label)),
    { title: '起草公文（5/6）：材料（可多选）', canPickMany: true, ignoreFocusOut: true },
  );
  if (!picked?.length) return;
  const name = genre.label === auto ? '草稿' : `${genre.label}草稿`;
  let n = 1;
  const exists = async (p: string) =>
    vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, p)).then(
      () => true,
      () => false,
    );
  let suggested = `${name}.md`;
  while (await exists(suggested)) suggested = `${name}${++n}.md`;
  const output = await vscode.window.showInputBox({
    title: '起草公文（6/6）：草稿文件',
    value: suggested,
    ignoreFocusOut: true,
    validateInput: async (v) =>
      !/\.(md|markdown)$/i.test(v) ? '草稿应为 .md 文件' : (await exists(v)) ? '该文件已存在' : undefined,
  });
  if (!output) return;
  const r = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'gongwen：起草公文（模型起草，随后核对事实）',
      cancellable: true,
    },
    (_progress, token) =>
      ask(
        {
          request,
          ...(genre.label !== auto ? { genre: genre.label } : {}),
          ...(from.trim() ? { from: from.trim() } : {}),
          ...(to.trim() ? { to: to.trim() } : {}),
          materials: picked.map((p) => p.label),
          output,
        },
        token,
      ).catch((e: unknown) => ({ ok: false, reason: e instanceof Error ? e.message : String(e) })),
  );
  if (!r?.ok || !r.path) {
    void vscode.window.showErrorMessage(`gongwen：${r?.reason ?? '起草失败 / drafting failed'}`);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(r.path));
  const marks = (r.unverified ?? 0) + (r.pending ?? 0);
  void vscode.window.showInformationMessage(
    `gongwen：已起草${r.genre ?? ''}${r.genreReason ? `（${r.genreReason}）` : ''}；${
      marks ? `${r.unverified} 处【待核】、${r.pending} 处【待补】见“问题”面板，须逐条核实` : '事实均在材料中找到'
    }`,
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
