// Start-up cost of each face, as a user meets it: `gongwen --version`, `gongwen check` of a one-line file,
// `gongwen rules`, and the language server from spawn through `initialize` to the first publishDiagnostics of a
// one-page draft. Every task runs once per round, round after round, so a machine busy with other work slows them
// all alike; the figures are medians, and the CLI ones are also given as ratios to `node -e 0` measured in the same
// rounds. The CLI runs' own CPU time (bench/_cpu.cjs) is given beside them: on a busy machine it is the steadier figure.
// Prints plain lines, each with its target.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { median, repoRoot } from './_util.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const cli = join(repoRoot, 'packages/cli/bin/gongwen.js');
const server = join(repoRoot, 'packages/lsp/bin/gongwen-lsp.js');
const dir = mkdtempSync(join(tmpdir(), 'gongwen-bench-startup-'));
const oneLine = join(dir, 'one-line.txt');
writeFileSync(oneLine, '各单位要认真落实防汛责任，确保人民群众生命财产安全。\n');
const draftPath = join(repoRoot, 'corpora/samples/关于召开全市安全生产工作会议的通知.md');
const draft = readFileSync(draftPath, 'utf8');
const cpuFile = join(dir, 'cpu');
const cpuEnv = {
  ...process.env,
  BENCH_CPU_FILE: cpuFile,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(repoRoot, 'bench/_cpu.cjs')}`,
};

/** Wall and CPU time of one process run; the exit status must be one the command gives when it works. */
function run(args, okCodes = [0]) {
  writeFileSync(cpuFile, '');
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, env: cpuEnv });
  const ms = performance.now() - t;
  if (!okCodes.includes(r.status))
    throw new Error(`${args.join(' ')} exited ${r.status}: ${String(r.stderr).split('\n')[0]}`);
  return { ms, cpu: Number(readFileSync(cpuFile, 'utf8').trim()) / 1000 };
}

/** Spawn → initialize → didOpen of the draft → its first publishDiagnostics, in ms; and how many findings. */
async function lspFirstDiagnostics() {
  const t = performance.now();
  const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const uri = pathToFileURL(draftPath).href;
  const published = new Promise((resolve) => {
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      if (p.uri === uri) resolve(p.diagnostics.length);
    });
  });
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
  await conn.sendNotification(InitializedNotification.type, {});
  await conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'markdown', version: 1, text: draft },
  });
  const findings = await published;
  const ms = performance.now() - t;
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  await new Promise((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', resolve)));
  conn.dispose();
  return { ms, findings };
}

const tasks = {
  node: () => run(['-e', '0']),
  version: () => run([cli, '--version']),
  check: () => run([cli, 'check', oneLine], [0, 1]),
  rules: () => run([cli, 'rules']),
};
const samples = Object.fromEntries([...Object.keys(tasks), 'lsp'].map((k) => [k, []]));
const cpu = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
let lspFindings = 0;
try {
  // One warm-up round: the file-system cache, not the first run, is what a user meets.
  for (const fn of Object.values(tasks)) fn();
  await lspFirstDiagnostics();
  for (let i = 0; i < RUNS; i++) {
    for (const [k, fn] of Object.entries(tasks)) {
      const r = fn();
      samples[k].push(r.ms);
      cpu[k].push(r.cpu);
    }
    const l = await lspFirstDiagnostics();
    samples.lsp.push(l.ms);
    lspFindings = l.findings;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const c = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)]));
const cpuRatio = (k) => `CPU ${c[k].toFixed(0)} ms = ${(c[k] / c.node).toFixed(2)}x`;
const ratio = (k) => m[k] / m.node;
const verdict = (ok) => (ok ? 'met' : 'MISSED');
console.log(
  `startup: medians of ${RUNS} alternating runs; node -e 0 = ${m.node.toFixed(0)} ms (CPU ${c.node.toFixed(0)} ms)`,
);
console.log(
  `startup gongwen --version: ${m.version.toFixed(0)} ms = ${ratio('version').toFixed(2)}x node (target ≤ 1.5x, ${verdict(ratio('version') <= 1.5)}); ${cpuRatio('version')}`,
);
console.log(
  `startup gongwen check one-line.txt: ${m.check.toFixed(0)} ms = ${ratio('check').toFixed(2)}x node (target ≤ 3x, ${verdict(ratio('check') <= 3)}); ${cpuRatio('check')}`,
);
console.log(
  `startup gongwen rules: ${m.rules.toFixed(0)} ms = ${ratio('rules').toFixed(2)}x node = ${(m.rules / m.version).toFixed(2)}x --version (target ≤ 2x --version, ${verdict(m.rules / m.version <= 2)}); ${cpuRatio('rules')} = ${(c.rules / c.version).toFixed(2)}x --version`,
);
console.log(
  `startup language server spawn → initialize → first publishDiagnostics of a one-page draft (${lspFindings} findings): ${m.lsp.toFixed(0)} ms = ${ratio('lsp').toFixed(2)}x node (target ≤ 400 ms, ${verdict(m.lsp <= 400)})`,
);
