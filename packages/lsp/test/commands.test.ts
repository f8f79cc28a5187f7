import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readDocument } from '@gongwen/core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Document, Packer, Paragraph } from 'docx';
import { afterEach, describe, expect, it } from 'vitest';
import { DidOpenTextDocumentNotification, ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { CLI_BIN, TestClient, within } from './client.js';
import { findings, startFakeOpenAi, type FakeServer } from '../../core/test/llm/fake-openai.js';

const TEXT =
  '关于做好行政执法公示工作的通知\n各区人民政府:\n行政机关实施行政管理都应当公开，这是程序正荡原则的要求。\n特此通知。\n';
const typo = {
  category: 'typo',
  wrong: '正荡',
  context: '这是程序正荡原则',
  suggestion: '正当',
  reason: '别字',
  confidence: 0.9,
};

let dir: string;
let client: TestClient | undefined;
let fake: FakeServer | undefined;
afterEach(async () => {
  await client?.close();
  await within(fake?.close() ?? Promise.resolve(), 5000, 'fake model server close').catch(() => {});
  client = undefined;
  fake = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GONGWEN_LLM_|OPENAI_)/.test(k)));
  return { ...base, ...extra };
}

describe('server commands', () => {
  it('check with AI: suggestions join the rule findings, marked as AI, with progress', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongwen-lsp-ai-'));
    fake = await startFakeOpenAi(() => ({ content: findings(typo) }));
    // The editor shares the CLI's answer cache: a folder of the test's own, so every run asks the model.
    const env = {
      XDG_CACHE_HOME: join(dir, 'cache'),
      GONGWEN_LLM_BASE_URL: fake.url,
      GONGWEN_LLM_MODEL: 'fake-qwen',
      GONGWEN_LLM_API_KEY: 'sk-local',
    };
    client = new TestClient([CLI_BIN, 'lsp', '--stdio'], dir, cleanEnv(env));
    await client.initialize(pathToFileURL(dir).href);
    const uri = pathToFileURL(join(dir, 'a.txt')).href;
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'plaintext', version: 1, text: TEXT },
    });
    const before = await client.diagnostics(uri);
    expect(before.diagnostics.map((d) => d.code)).toEqual(['punct/half-width']);
    const r = await client.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gongwen.llmCheck',
      arguments: [{ uri, version: 1 }],
    });
    expect(r).toMatchObject({ applied: true, count: 1 });
    const after = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'llm/typo'));
    expect(after.diagnostics.map((d) => d.code)).toEqual(['punct/half-width', 'llm/typo']);
    expect(after.diagnostics[1]!.message).toContain('AI 建议');
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(client.progress).toEqual(expect.arrayContaining(['begin', 'end']));
  });

  it('check with AI asks once per session before sending anything; a refusal sends nothing and is remembered', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongwen-lsp-ai-'));
    fake = await startFakeOpenAi(() => ({ content: findings(typo) }));
    const env = { XDG_CACHE_HOME: join(dir, 'cache'), GONGWEN_LLM_BASE_URL: fake.url, GONGWEN_LLM_MODEL: 'fake-qwen' };
    const opened = new WeakSet<TestClient>();
    const run = async (c: TestClient) => {
      const uri = pathToFileURL(join(dir!, 'a.txt')).href;
      if (!opened.has(c)) {
        opened.add(c);
        await c.conn.sendNotification(DidOpenTextDocumentNotification.type, {
          textDocument: { uri, languageId: 'plaintext', version: 1, text: TEXT },
        });
        await c.diagnostics(uri);
      }
      return within(
        c.conn.sendRequest(ExecuteCommandRequest.type, {
          command: 'gongwen.llmCheck',
          arguments: [{ uri, version: 1 }],
        }),
        20000,
        'llmCheck',
      );
    };

    client = new TestClient([CLI_BIN, 'lsp', '--stdio'], dir, cleanEnv(env));
    client.answer = '拒绝';
    await client.initialize(pathToFileURL(dir).href);
    expect(await run(client)).toMatchObject({ applied: false, reason: expect.stringContaining('未发送任何文字') });
    expect(client.asked).toHaveLength(1);
    expect(client.asked[0]).toContain(fake.url);
    client.answer = '允许';
    expect(await run(client)).toMatchObject({ applied: false });
    expect(client.asked).toHaveLength(1);
    expect(fake.requests).toHaveLength(0);
    await client.close();

    // A dismissed question is no answer: nothing is sent and the next check asks again.
    client = new TestClient([CLI_BIN, 'lsp', '--stdio'], dir, cleanEnv(env));
    client.answer = null;
    await client.initialize(pathToFileURL(dir).href);
    expect(await run(client)).toMatchObject({ applied: false });
    client.answer = '允许';
    expect(await run(client)).toMatchObject({ applied: true, count: 1 });
    expect(client.asked).toHaveLength(2);
    const sent = fake.requests.length;
    expect(sent).toBeGreaterThan(0);
    client.answer = '拒绝';
    expect(await run(client)).toMatchObject({ applied: true });
    expect(client.asked).toHaveLength(2);
    await client.close();

    // A client that cannot ask: refused, and the log says why.
    client = new TestClient(
      [CLI_BIN, 'lsp', '--stdio'],
      dir,
      cleanEnv({ ...env, XDG_CACHE_HOME: join(dir, 'cache2') }),
    );
    client.canAsk = false;
    await client.initialize(pathToFileURL(dir).href);
    expect(await run(client)).toMatchObject({ applied: false });
    expect(client.asked).toHaveLength(0);
    expect(client.logs.join('\n')).toContain('window/showMessageRequest');
    expect(fake.requests).toHaveLength(sent);
  });

  it('check with AI takes GONGWEN_LLM_TIMEOUT_MS as the CLI does: a slow model gives up, the rule findings stay', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongwen-lsp-ai-'));
    fake = await startFakeOpenAi(() => ({ content: findings(typo), delayMs: 15000 }));
    const env = {
      XDG_CACHE_HOME: join(dir, 'cache'),
      GONGWEN_LLM_BASE_URL: fake.url,
      GONGWEN_LLM_MODEL: 'fake-qwen',
      GONGWEN_LLM_TIMEOUT_MS: '200',
      GONGWEN_LLM_RETRY_BASE_MS: '5',
    };
    client = new TestClient([CLI_BIN, 'lsp', '--stdio'], dir, cleanEnv(env));
    await client.initialize(pathToFileURL(dir).href);
    const uri = pathToFileURL(join(dir, 'a.txt')).href;
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'plaintext', version: 1, text: TEXT },
    });
    await client.diagnostics(uri);
    const started = Date.now();
    const request = client.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gongwen.llmCheck',
      arguments: [{ uri, version: 1 }],
    });
    const r = await within(request, 12000, 'llmCheck');
    // Without the variable the server would wait for the model's answer (15 s here, the default timeout is longer).
    expect(Date.now() - started).toBeLessThan(10000);
    expect(r).toMatchObject({ applied: true, count: 0 });
    expect(fake.requests.length).toBeGreaterThan(0);
  });

  it('check with AI refuses a classified document before asking or sending; the rule findings stay', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongwen-lsp-ai-'));
    fake = await startFakeOpenAi(() => ({ content: findings(typo) }));
    const env = {
      XDG_CACHE_HOME: join(dir, 'cache'),
      GONGWEN_LLM_BASE_URL: fake.url,
      GONGWEN_LLM_MODEL: 'fake-qwen',
      GONGWEN_LLM_API_KEY: 'sk-local',
    };
    client = new TestClient([CLI_BIN, 'lsp', '--stdio'], dir, cleanEnv(env));
    client.answer = '允许';
    await client.initialize(pathToFileURL(dir).href);
    const uri = pathToFileURL(join(dir, 'a.txt')).href;
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'plaintext', version: 1, text: `000123\n机密★1年\n${TEXT}` },
    });
    const before = await client.diagnostics(uri);
    expect(before.diagnostics.map((d) => d.code)).toContain('punct/half-width');
    const r = await within(
      client.conn.sendRequest(ExecuteCommandRequest.type, {
        command: 'gongwen.llmCheck',
        arguments: [{ uri, version: 1 }],
      }),
      20000,
      'llmCheck',
    );
    expect(r).toMatchObject({ applied: false, reason: expect.stringContaining('密级“机密★1年”') });
    expect((r as { reason: string }).reason).toContain('未发送任何文字');
    expect(client.asked).toHaveLength(0);
    expect(fake.requests).toHaveLength(0);
  });

  it('check with AI without an endpoint says how to configure one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongwen-lsp-ai-'));
    client = new TestClient([CLI_BIN, 'lsp', '--stdio'], dir, cleanEnv({}));
    await client.initialize(pathToFileURL(dir).href);
    const uri = pathToFileURL(join(dir, 'a.txt')).href;
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'plaintext', version: 1, text: TEXT },
    });
    await client.diagnostics(uri);
    const r = await within(
      client.conn.sendRequest(ExecuteCommandRequest.type, {
        command: 'gongwen.llmCheck',
        arguments: [{ uri, version: 1 }],
      }),
      20000,
      'llmCheck',
    );
    expect(r).toMatchObject({ applied: false });
    expect((r as { reason: string }).reason).toContain('GONGWEN_LLM_BASE_URL');
  });

  it('review a .docx: findings with paragraph and column', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongwen-lsp-docx-'));
    const doc = new Document({
      sections: [
        { children: ['关于做好防汛工作的通知', '各区人民政府:', '请认真落实。'].map((t) => new Paragraph(t)) },
      ],
    });
    const file = join(dir, '通知.docx');
    writeFileSync(file, await Packer.toBuffer(doc));
    client = new TestClient([CLI_BIN, 'lsp', '--stdio'], dir);
    await client.initialize(pathToFileURL(dir).href);
    const r = (await client.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gongwen.checkFile',
      arguments: [{ path: file }],
    })) as { ok: boolean; findings: Array<{ ruleId: string; line: number; column: number }> };
    expect(r.ok).toBe(true);
    expect(r.findings).toContainEqual(expect.objectContaining({ ruleId: 'punct/half-width', line: 2, column: 7 }));
    const bad = (await client.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gongwen.checkFile',
      arguments: [{ path: join(dir, 'x.pdf') }],
    })) as { ok: boolean; reason: string };
    expect(bad.ok).toBe(false);
  });

  it('builds a .docx from the draft the editor holds; errors in the draft stop it unless forced', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongwen-lsp-build-'));
    client = new TestClient([CLI_BIN, 'lsp', '--stdio'], dir, cleanEnv({}));
    await client.initialize(pathToFileURL(dir).href);
    const uri = pathToFileURL(join(dir, '通知.md')).href;
    const draft =
      '---\n发文机关标志: 某某市人民政府办公室文件\n发文字号: 某政办发〔2025〕8号\n标题: 关于做好防汛工作的通知\n主送: 各区人民政府\n署名: 某某市人民政府办公室\n成文日期: 2025年4月28日\n---\n\n为做好今年防汛工作，现就有关事项通知如下。\n\n特此通知。\n';
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri,
        languageId: 'markdown',
        version: 1,
        text: draft.replace('某政办发〔2025〕8号', '某政办发[2025]8号'),
      },
    });
    await client.diagnostics(uri);
    const refused = await client.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gongwen.build',
      arguments: [{ uri }],
    });
    expect(refused).toMatchObject({ ok: false, errors: 1 });
    expect(existsSync(join(dir, '通知.docx'))).toBe(false);
    const forced = await client.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gongwen.build',
      arguments: [{ uri, force: true }],
    });
    expect(forced).toMatchObject({ ok: true, path: join(dir, '通知.docx') });
    const doc = readDocument(readFileSync(join(dir, '通知.docx')), 'docx');
    expect(doc.text).toContain('关于做好防汛工作的通知');
    expect(doc.text).toContain('为做好今年防汛工作');
  });
});
