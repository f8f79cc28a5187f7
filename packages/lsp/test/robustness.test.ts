import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { CLI_BIN, TestClient, within } from './client.js';

// One server takes every bad input in turn; after each, it must still answer an ordinary request with the right result.

const TEXT = '关于做好行政执法公示工作的通知\n各区人民政府：\n请于3月1日前报送材料,联系电话。\n';
let dir: string;
let client: TestClient;
let uri: string;
let version = 1;

/** A hover on the half-width comma of line 3: it names the rule, so the server has really checked the document. */
async function stillAnswers(): Promise<void> {
  const h = await within(
    client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 12 } }),
    15000,
    'hover',
  );
  expect(JSON.stringify(h)).toContain('punct/half-width');
  expect(client.proc.exitCode).toBeNull();
}

/** Bytes straight onto the server's stdin, outside any well-formed message. */
function raw(bytes: string | Buffer): Promise<void> {
  return new Promise((res, rej) => client.proc.stdin!.write(bytes, (e) => (e ? rej(e) : res())));
}

function settle(): Promise<void> {
  return new Promise((res) => setTimeout(res, 300));
}

function frame(body: string, length = Buffer.byteLength(body)): string {
  return `Content-Length: ${length}\r\n\r\n${body}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongwen-lsp-robust-'));
  client = new TestClient([CLI_BIN, 'lsp', '--stdio'], dir);
  await client.initialize(pathToFileURL(dir).href);
  uri = pathToFileURL(join(dir, 'a.txt')).href;
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'plaintext', version, text: TEXT },
  });
  await client.diagnostics(uri);
}, 60000);

afterAll(async () => {
  await client?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the language server stays up', () => {
  it('after a message that is not JSON', async () => {
    await raw(frame('{"jsonrpc":"2.0","id":9001,"method":"textDocument/hover",'));
    await raw(frame('\u0000\u00ff not json at all'));
    await stillAnswers();
  });

  it('after a valid JSON body that is not a JSON-RPC message', async () => {
    await raw(frame('[1,2,3]'));
    await raw(frame('{"jsonrpc":"2.0","id":9002,"method":"textDocument/hover","params":"nonsense"}'));
    await raw(
      frame(
        '{"jsonrpc":"2.0","id":9003,"method":"textDocument/hover","params":{"textDocument":{"uri":42},"position":null}}',
      ),
    );
    await stillAnswers();
  });

  // The JSON-RPC reader drops a bad header block and reports it, but whatever arrived in the same read after it waits
  // for the next bytes: the pause lets the bad block arrive alone, as it would between an editor's messages.
  it('after a header block with a bad Content-Length', async () => {
    await raw('Content-Length: many\r\n\r\n');
    await settle();
    await raw('Content-Type: application/vscode-jsonrpc\r\n\r\n');
    await settle();
    await stillAnswers();
  });

  it('after garbage bytes between messages', async () => {
    await raw(Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]));
    await settle();
    await raw('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await settle();
    await stillAnswers();
  });

  it('after unknown requests and notifications', async () => {
    await expect(
      within(client.conn.sendRequest('gongwen/noSuchThing', { a: 1 }), 10000, 'unknown request'),
    ).rejects.toMatchObject({ code: -32601 });
    await client.conn.sendNotification('gongwen/noSuchNotification', { a: 1 });
    await client.conn.sendNotification('$/noSuchEither', null);
    await stillAnswers();
  });

  it('after edits outside the document: they are clamped to its end, and the checks go on', async () => {
    const changes = [
      { range: { start: { line: 1000, character: 0 }, end: { line: 1000, character: 5 } }, text: '附加。' },
      { range: { start: { line: 0, character: 9999 }, end: { line: 0, character: 99999 } }, text: '' },
      { range: { start: { line: -1, character: -5 }, end: { line: 0, character: 0 } }, text: '' },
      { range: { start: { line: 2, character: 30 }, end: { line: 1, character: 0 } }, text: '' },
    ];
    for (const change of changes) {
      version += 1;
      await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [change],
      });
    }
    const p = await client.diagnostics(uri, (d) => d.version === version);
    expect(p.diagnostics.length).toBeGreaterThanOrEqual(0);
    // Back to the known text for the next cases.
    version += 1;
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text: TEXT }],
    });
    await client.diagnostics(
      uri,
      (d) => d.version === version && d.diagnostics.some((x) => x.code === 'punct/half-width'),
    );
    await stillAnswers();
  });

  it('with a 5 MB document open, and checks it', async () => {
    const big = pathToFileURL(join(dir, 'big.txt')).href;
    const para = '各单位要认真贯彻落实有关部署，切实做好行政执法公示工作,确保取得实效。\n';
    const text = `关于做好行政执法公示工作的通知\n${para.repeat(Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(para)))}`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(5 * 1024 * 1024);
    const started = Date.now();
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: big, languageId: 'plaintext', version: 1, text },
    });
    const p: PublishDiagnosticsParams = await client.diagnostics(big, () => true, 120000);
    const seconds = (Date.now() - started) / 1000;
    expect(p.diagnostics.length).toBeGreaterThan(0);
    await stillAnswers();
    console.log(`5 MB document: first diagnostics after ${seconds.toFixed(1)} s, ${p.diagnostics.length} published`);
  }, 180000);
});
