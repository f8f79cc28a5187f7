import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

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

  await client.start();
  status.busy = false;
  status.detail = '公文校对已启动 / ready';
  updateStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
