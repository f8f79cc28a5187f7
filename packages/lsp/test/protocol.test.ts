import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  HoverRequest,
  type CodeAction,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { Checker, textDocument } from '@gongwen/core';
import { applyTextEdits, CLI_BIN, LSP_BIN, REPO, TestClient } from './client.js';

const DRAFT = [
  '关于做好防汛工作的通知',
  '',
  '各区人民政府,市政府各委、办、局:',
  '　　根据国办发[2024]5号文件精神,现将有关事项通知如下.',
  '　　请各单位认真落实.',
  '　　做好防汛布署，其它事项另行通知。',
  '',
].join('\n');

function editsOf(a: CodeAction): TextDocumentEdit {
  const dc = a.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
  if (!dc) throw new Error(`action without a document edit: ${a.title}`);
  return dc;
}

describe('language server over stdio (gongwen lsp --stdio)', () => {
  let ws: string;
  let client: TestClient;
  let uri: string;
  let text = DRAFT;
  let version = 1;

  beforeAll(async () => {
    ws = mkdtempSync(join(tmpdir(), 'gongwen-lsp-'));
    uri = pathToFileURL(join(ws, '通知.txt')).href;
    writeFileSync(fileURLToPath(uri), DRAFT);
    client = new TestClient([CLI_BIN, 'lsp', '--stdio'], ws);
  });
  afterAll(async () => {
    await client.close();
    rmSync(ws, { recursive: true, force: true });
  });

  it('announces its capabilities', async () => {
    const r = await client.initialize(pathToFileURL(ws).href);
    const caps = r.capabilities;
    expect(caps.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(caps.hoverProvider).toBe(true);
    expect(caps.codeActionProvider).toMatchObject({ codeActionKinds: ['quickfix', 'source.fixAll.gongwen'] });
    expect(caps.executeCommandProvider?.commands).toEqual(
      expect.arrayContaining([
        'gongwen.applyFixAll',
        'gongwen.ignoreOccurrence',
        'gongwen.disableRule',
        'gongwen.addTerm',
      ]),
    );
  });

  it("publishes the CLI's findings on didOpen, with rule id, clause and a rule doc that exists", async () => {
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'plaintext', version, text },
    });
    const p = await client.diagnostics(uri);
    expect(p.version).toBe(1);
    // The same findings as `gongwen check` on the file (rule, span, level).
    const run = spawnSync(process.execPath, [CLI_BIN, 'check', '--format', 'json', fileURLToPath(uri)], {
      cwd: ws,
      encoding: 'utf8',
    });
    const cli = JSON.parse(run.stdout) as {
      files: Array<{
        diagnostics: Array<{
          ruleId: string;
          severity: string;
          line: number;
          column: number;
          endLine: number;
          endColumn: number;
        }>;
      }>;
    };
    const sev = ['', 'error', 'warning', 'info'];
    expect(
      p.diagnostics.map(
        (d) =>
          `${d.code} ${sev[d.severity!]} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`,
      ),
    ).toEqual(
      cli.files[0]!.diagnostics.map(
        (d) => `${d.ruleId} ${d.severity} ${d.line}:${d.column}-${d.endLine}:${d.endColumn}`,
      ),
    );
    expect(p.diagnostics.length).toBeGreaterThanOrEqual(5);
    const got = p.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`);
    expect(got).toContain('punct/half-width@3:7');
    expect(got).toContain('element/doc-number@4:8');
    for (const d of p.diagnostics) {
      expect(d.source).toBe('gongwen');
      const href = d.codeDescription!.href;
      expect(href).toMatch(new RegExp(`#${String(d.code).replace('/', '-')}$`));
      const file = fileURLToPath(href.replace(/#.*$/, ''));
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain(`<a id="${String(d.code).replace('/', '-')}"></a>`);
    }
    const docNumber = p.diagnostics.find((d) => d.code === 'element/doc-number')!;
    expect(docNumber.message).toContain('GB/T 9704-2012 7.2.5');
  }, 60000);

  it('re-publishes after an incremental didChange', async () => {
    // Insert a half-width comma after 请各单位 on line 5 (0-based 4).
    version++;
    const range = { start: { line: 4, character: 5 }, end: { line: 4, character: 5 } };
    text = applyTextEdits(text, [{ range, newText: ',' }]);
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text: ',' }],
    });
    const p = await client.diagnostics(uri, (x) => x.version === version);
    expect(
      p.diagnostics.some(
        (d) => d.code === 'punct/half-width' && d.range.start.line === 4 && d.range.start.character === 5,
      ),
    ).toBe(true);
  });

  it('hover explains the rule: what it checks, the clause, a bad and a good example', async () => {
    const h = await client.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 3, character: 8 },
    });
    const value = (h!.contents as { value: string }).value;
    expect(value).toContain('element/doc-number');
    expect(value).toContain('GB/T 9704-2012 7.2.5');
    expect(value).toContain('规则：发文字号');
    expect(value).toMatch(/错误示例：`国办发\[2024\]5号` → `国办发〔2024〕5号`/);
    expect(value).toContain('正确示例：');
    // The editor shows the diagnostic (message and clause) above the hover: the hover does not repeat them.
    expect(value).not.toContain('发文字号“');
    expect(value.split('GB/T 9704-2012 7.2.5').length - 1).toBe(1);
  });

  it('offers a preferred quick fix carrying the version; applying it fixes that finding', async () => {
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 3, character: 8 }, end: { line: 3, character: 8 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.kind === 'quickfix' && a.title.includes('〔2024〕5号'))!;
    expect(fix.isPreferred).toBe(true);
    const dc = editsOf(fix);
    expect(dc.textDocument.version).toBe(version);
    const titles = actions.map((a) => a.title);
    expect(titles.some((t) => t.startsWith('忽略此处'))).toBe(true);
    expect(titles.some((t) => t.includes('关闭规则 element/doc-number'))).toBe(true);
    // A 发文字号 is no term: adding it to the terms list would only hide the finding.
    expect(titles.some((t) => t.includes('加入术语表'))).toBe(false);
    const fixed = applyTextEdits(text, dc.edits);
    expect(fixed).toContain('根据国办发〔2024〕5号文件精神');
  });

  it('offers to add a questioned word to the terms list, but never a known typo', async () => {
    const titlesAt = async (character: number) =>
      (
        (await client.conn.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: { start: { line: 5, character }, end: { line: 5, character } },
          context: { diagnostics: [] },
        })) as CodeAction[]
      ).map((a) => a.title);
    const typo = await titlesAt(7);
    expect(typo.some((t) => t.includes('typo/lexicon'))).toBe(true);
    expect(typo.some((t) => t.includes('加入术语表'))).toBe(false);
    const variant = await titlesAt(10);
    expect(variant.some((t) => t.includes('wording/variant-forms'))).toBe(true);
    expect(variant.some((t) => t.includes('把“其它”加入术语表'))).toBe(true);
  });

  it('fix all (source.fixAll.gongwen) leaves no fixable finding', async () => {
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.gongwen'] },
    })) as CodeAction[];
    expect(actions).toHaveLength(1);
    const fixed = applyTextEdits(text, editsOf(actions[0]!).edits);
    const left = new Checker().check(textDocument(fixed)).diagnostics;
    expect(left.filter((d) => d.fix)).toEqual([]);
    expect(fixed).toContain('各区人民政府，市政府各委、办、局：');
  });

  it('executeCommand applyFixAll sends a versioned edit; a stale version is refused', async () => {
    const stale = await client.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gongwen.applyFixAll',
      arguments: [{ uri, version: version - 1 }],
    });
    expect(stale).toMatchObject({ applied: false });
    expect(client.edits).toHaveLength(0);
    const r = await client.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gongwen.applyFixAll',
      arguments: [{ uri, version }],
    });
    expect(r).toMatchObject({ applied: true });
    const dc = client.edits[0]!.edit.documentChanges![0] as TextDocumentEdit;
    expect(dc.textDocument.version).toBe(version);
    const fixed = applyTextEdits(text, dc.edits);
    version++;
    text = fixed;
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    const p = await client.diagnostics(uri, (x) => x.version === version);
    expect(p.diagnostics).toEqual([]);
  });

  it('ignore this occurrence is stored in the workspace, not the document', async () => {
    version++;
    text += '请于3月8日前报送材料,逾期不候。\n';
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    const p = await client.diagnostics(uri, (x) => x.version === version);
    expect(p.diagnostics.map((d) => d.code)).toEqual(['punct/half-width']);
    const line = p.diagnostics[0]!.range.start.line;
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: p.diagnostics[0]!.range,
      context: { diagnostics: p.diagnostics },
    })) as CodeAction[];
    const ignore = actions.find((a) => a.title.startsWith('忽略此处'))!;
    const r = await client.conn.sendRequest(ExecuteCommandRequest.type, ignore.command!);
    expect(r).toMatchObject({ applied: true });
    const stored = JSON.parse(readFileSync(join(ws, '.gongwen', 'ignores.json'), 'utf8'));
    expect(stored.ignores[0]).toMatchObject({ rule: 'punct/half-width', text: ',' });
    expect((await client.diagnostics(uri)).diagnostics).toEqual([]);
    // The same words elsewhere in the document (different line, same context) stay ignored; other findings do not.
    version++;
    text = `各部门:\n${text}`;
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '各部门:\n' },
      ],
    });
    const after = await client.diagnostics(uri, (x) => x.version === version);
    expect(after.diagnostics.map((d) => `${d.code}@${d.range.start.line}`)).toEqual(['punct/half-width@0']);
    expect(line).toBeGreaterThan(0);
  });

  it('disable the rule writes .gongwenrc.yaml and the finding goes away', async () => {
    const r = await client.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gongwen.disableRule',
      arguments: [{ uri, ruleId: 'punct/half-width' }],
    });
    expect(r).toMatchObject({ applied: true });
    expect(readFileSync(join(ws, '.gongwenrc.yaml'), 'utf8')).toMatch(/punct\/half-width: off/);
    expect((await client.diagnostics(uri)).diagnostics).toEqual([]);
  });

  it('add to terms writes the flagged words into terms:', async () => {
    const r = await client.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gongwen.addTerm',
      arguments: [{ uri, term: '某某专用语' }],
    });
    expect(r).toMatchObject({ applied: true });
    expect(readFileSync(join(ws, '.gongwenrc.yaml'), 'utf8')).toMatch(/terms:\n\s+- 某某专用语/);
  });

  it('the gongwen-lsp bin starts the same server', async () => {
    const c = new TestClient([LSP_BIN], REPO);
    try {
      const r = await c.initialize(null);
      expect(r.serverInfo?.name).toBe('gongwen');
    } finally {
      await c.close();
    }
  });
});
