// Language server: a 100,000-character document over stdio. First full check (didOpen → publishDiagnostics), p95 of
// didChange → publishDiagnostics after one-character edits, and the server's resident memory after 1,000 edits.
// The debounce is set to 0 so that the figures are the server's own work (editors add their typing delay).
// BENCH_LSP_CHARS sets the document's size (e.g. 1500: a one-page draft), BENCH_LSP_EDITS the number of edits, and
// BENCH_LSP_OFF a comma-separated list of rules turned off (through a .gongwenrc.yaml beside the document), to see
// what one rule costs per edit. BENCH_LSP_NODE passes options to the server's node (e.g. "--cpu-prof" to profile it).
// The server's CPU time over the edits is read from /proc.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusDir, mb, repoRoot } from './_util.mjs';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

const SIZE = Number(process.env.BENCH_LSP_CHARS ?? 100_000);
const EDITS = Number(process.env.BENCH_LSP_EDITS ?? 1000);
const OFF = (process.env.BENCH_LSP_OFF ?? '').split(',').filter(Boolean);
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};

function documentText() {
  const dir = corpusDir('gov-texts');
  const parts = [];
  if (dir) {
    const walk = (d) =>
      readdirSync(d, { withFileTypes: true })
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .forEach((e) =>
          e.isDirectory()
            ? walk(join(d, e.name))
            : e.name.endsWith('.txt') && parts.push(readFileSync(join(d, e.name), 'utf8').replace(/\r\n?/g, '\n')),
        );
    walk(dir);
  } else {
    const s = join(repoRoot, 'corpora', 'samples');
    for (const f of readdirSync(s))
      if (f.endsWith('.txt')) parts.push(readFileSync(join(s, f), 'utf8').replace(/\r\n?/g, '\n'));
  }
  let t = '';
  for (let i = 0; t.length < SIZE; i++) t += `${parts[i % parts.length]}\n`;
  return t.slice(0, SIZE);
}

const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

const text0 = documentText();
const proc = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_LSP_NODE ? process.env.BENCH_LSP_NODE.split(' ') : []),
    join(repoRoot, 'packages/lsp/bin/gongwen-lsp.js'),
    '--stdio',
  ],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
let waiting;
let lastCount = 0;
conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
  if (waiting && p.version === waiting.version) {
    lastCount = p.diagnostics.length;
    waiting.resolve(performance.now());
  }
});
conn.listen();
const published = (version) => new Promise((resolve) => (waiting = { version, resolve }));

await conn.sendRequest(InitializeRequest.type, {
  processId: process.pid,
  rootUri: null,
  capabilities: {},
  initializationOptions: { debounceMs: 0 },
});
await conn.sendNotification(InitializedNotification.type, {});
let dir;
if (OFF.length) {
  dir = mkdtempSync(join(tmpdir(), 'gongwen-bench-lsp-'));
  writeFileSync(join(dir, '.gongwenrc.yaml'), `rules:\n${OFF.map((r) => `  ${r}: off\n`).join('')}`);
}
const uri = pathToFileURL(join(dir ?? repoRoot, 'bench-lsp-document.txt')).href;

let t0 = performance.now();
let p = published(1);
await conn.sendNotification(DidOpenTextDocumentNotification.type, {
  textDocument: { uri, languageId: 'plaintext', version: 1, text: text0 },
});
const first = (await p) - t0;
const firstCount = lastCount;

// One-character edits at pseudo-random places, each waited for, as a drafter typing at different spots.
let seed = 42;
const rnd = (m) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % m;
const lines = text0.split('\n');
const latencies = [];
const cpu0 = cpuMs(proc.pid);
for (let v = 2; v < EDITS + 2; v++) {
  const line = rnd(lines.length);
  const character = rnd(lines[line].length + 1);
  const ch = '的,。一'[rnd(4)];
  lines[line] = lines[line].slice(0, character) + ch + lines[line].slice(character);
  p = published(v);
  t0 = performance.now();
  await conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: v },
    contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ch }],
  });
  latencies.push((await p) - t0);
}
const cpuPerEdit = (cpuMs(proc.pid) - cpu0) / EDITS;
latencies.sort((a, b) => a - b);
const p95 = latencies[Math.floor(latencies.length * 0.95)];
const memory = rss(proc.pid);
if (OFF.length) console.log(`lsp rules off: ${OFF.join(', ')}`);
console.log(`lsp first full check (${SIZE} chars, ${firstCount} findings): ${first.toFixed(0)} ms (target ≤ 300 ms)`);
console.log(
  `lsp didChange → publishDiagnostics p95 over ${EDITS} one-character edits: ${p95.toFixed(1)} ms (median ${latencies[latencies.length >> 1].toFixed(1)} ms; target ≤ 30 ms)`,
);
console.log(`lsp server CPU per edit: ${cpuPerEdit.toFixed(1)} ms (user + system, /proc, 10 ms ticks)`);
console.log(`lsp server memory after ${EDITS} edits: ${mb(memory)} MB RSS (target ≤ 200 MB)`);
await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
if (dir) rmSync(dir, { recursive: true, force: true });
setTimeout(() => process.exit(0), 200);
