// Bundles the language server (scripts/bundle-cached.mjs: one file with V8's code cache, rarely needed dependencies
// apart) into dist/server.cjs, which `gongwen-lsp` and `gongwen lsp` start; the editor extension's build calls
// bundleServer() for its own copy. Editors spawn a server for every window, so what it costs before its first
// diagnostics is paid often: server CPU time from spawn to the first diagnostics of a one-page draft was 920 ms as
// separate modules, 440 ms as one 2.5 MB file, 250-290 ms split and with the code cache.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleCached } from '../../../scripts/bundle-cached.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const lspPackage = join(here, '..');
const repo = join(lspPackage, '../..');

/**
 * Writes the server into `outDir`: server.cjs (the loader; with `autostart` it starts the server when run, as an
 * editor's `module` entry), server-code.cjs, vendor/, the data files and the code cache from a warm-up.
 */
export async function bundleServer(outDir, { autostart = false } = {}) {
  await bundleCached({
    name: 'server',
    entry: "export { startServer } from './dist/index.js';",
    resolveDir: lspPackage,
    outDir,
    // pdf.js is loaded only when a PDF is read (editors do not open PDFs as text documents): it stays out of the
    // bundle and out of the server's start-up.
    external: ['pdfjs-dist', 'pdfjs-dist/*'],
    warmUp,
    start: autostart ? 'module.exports.startServer();\n' : '',
  });
}

/**
 * Runs the loaded server through what an editor's first minute asks (initialize, the bundled samples opened and
 * checked, shutdown) and writes the code cache as the process exits, when the functions it ran are compiled.
 */
async function warmUp(serverFile, cacheFile) {
  const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = await import(
    'vscode-languageserver-protocol/node'
  );
  // The server raises V8's heap-growing flag when it starts; V8 accepts a cache only under the flags it was made
  // with, and a starting server compiles its bundle under the defaults, so they are restored before the cache is taken.
  const script = `const s = require(${JSON.stringify(serverFile)}); s.startServer();
process.on('exit', () => { require('v8').setFlagsFromString('--heap-growing-percent=0');
  require('fs').writeFileSync(${JSON.stringify(cacheFile)}, s.codeCache()); });`;
  const proc = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const samples = join(repo, 'corpora/samples');
  const opened = readdirSync(samples)
    .filter((f) => /\.(md|txt)$/.test(f))
    .map((f) => [f, f.endsWith('.md') ? 'markdown' : 'plaintext', readFileSync(join(samples, f), 'utf8')]);
  const published = new Set();
  let done;
  const all = new Promise((resolve) => (done = resolve));
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    published.add(p.uri);
    if (published.size === opened.length) done();
  });
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await conn.sendNotification('initialized', {});
  for (const [name, languageId, text] of opened) {
    const uri = pathToFileURL(join(samples, name)).href;
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }
  await all;
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  const code = await new Promise((resolve) => proc.on('exit', resolve));
  conn.dispose();
  if (code !== 0) throw new Error(`language server warm-up exited with ${code}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(join(lspPackage, 'dist'), { recursive: true });
  await bundleServer(join(lspPackage, 'dist'));
}
