import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

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
  context.subscriptions.push(vscode.languages.onDidChangeDiagnostics(updateStatus), vscode.window.onDidChangeActiveTextEditor(updateStatus));

  context.subscriptions.push(
    vscode.commands.registerCommand('gongwen.openRuleDocs', async (ruleId?: string) => {
      const uri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md');
      await vscode.commands.executeCommand('markdown.showPreview', uri.with({ fragment: typeof ruleId === 'string' ? ruleId.replace(/[^a-z0-9-]/gi, '-') : '' }));
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
      const target = arg ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Word 文档': ['docx'] } }))?.[0];
      if (!target || !client) return;
      const r = (await client.sendRequest('workspace/executeCommand', { command: 'gongwen.checkFile', arguments: [{ path: target.fsPath }] })) as { ok: boolean; reason?: string; findings?: FileFinding[] };
      if (!r?.ok) {
        void vscode.window.showErrorMessage(`gongwen：${r?.reason ?? '无法检查该文件'}`);
        return;
      }
      const sev = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information };
      docFindings.set(target, (r.findings ?? []).map((f) => {
        const d = new vscode.Diagnostic(new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1), `${f.message}（第 ${f.line} 段）`, sev[f.severity]);
        d.source = 'gongwen';
        d.code = f.ruleId;
        return d;
      }));
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      void vscode.window.showInformationMessage(`gongwen：${target.fsPath.split(/[\\/]/).pop()} 有 ${r.findings?.length ?? 0} 个问题，见“问题”面板`);
    }),
    vscode.commands.registerCommand('gongwen.buildDocx', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.isUntitled) {
        void vscode.window.showWarningMessage('gongwen：请先保存草稿 / save the draft first');
        return;
      }
      await editor.document.save();
      const cli = vscode.workspace.getConfiguration('gongwen').get<string>('cliPath', 'gongwen');
      const src = editor.document.uri.fsPath;
      const out = src.replace(/\.(md|markdown|txt)$/i, '') + '.docx';
      execFile(cli, ['build', src, '-o', out], { cwd: vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri.fsPath }, (err, _stdout, stderr) => {
        if (err) void vscode.window.showErrorMessage(`gongwen build 失败：${(stderr || err.message).split('\n')[0]}（设置 gongwen.cliPath 指向 gongwen 命令）`);
        else void vscode.window.showInformationMessage(`gongwen：已生成 ${out}`);
      });
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
