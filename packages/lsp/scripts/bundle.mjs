// Bundles the language server for fast starts; `npm run build` runs it for this package and the editor extension's
// build calls bundleServer() for its own copy. Editors spawn a server for every window, so what it costs before its
// first diagnostics is paid often. Measured on a one-page draft, server CPU time from spawn to first diagnostics:
// about twice as much as separate modules (resolving and reading some 300 files); one 2.5 MB file still spent a third
// of its start compiling code it never ran. So:
//   - dist/server-code.cjs: the server and what every check needs, one file;
//   - dist/vendor/*.cjs: dependencies that only some requests need (encodings of files read from disk, .docx, pinyin
//     of a rare candidate, the AI checks' client, YAML), each bundled alone and required on first use;
//   - dist/server-code.cjs.cache: V8's code cache of server-code.cjs taken after a warm-up session (initialize, a
//     Markdown draft and a text document checked), so that neither parsing nor the first calls compile it again. It is
//     keyed by the bundle's SHA-1 and V8 drops it by itself when the Node version or the V8 flags differ: a cache that
//     does not fit costs the read of one file, never a wrong result;
//   - dist/server.cjs: the loader (what `gongwen-lsp`, `gongwen lsp` and the extension start).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const lspPackage = join(here, '..');
const repo = join(lspPackage, '../..');

/** Loaded on first use only (each is required behind a `typeof require` guard where it is used). */
const VENDOR = ['iconv-lite', 'pinyin-pro', 'docx', 'openai', '@xmldom/xmldom', 'mammoth', 'fflate', 'saxes', 'yaml'];
const vendorFile = (id) => `${id.replace('/', '__')}.cjs`;

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // In a CommonJS file import.meta.url comes from __filename: the rule docs and the homophone index are found beside it.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: 'const importMetaUrl = require("url").pathToFileURL(__filename).href;' },
};

const loader = (autostart) => `'use strict';
// Loads server-code.cjs with the V8 code cache written at build when it belongs to this very bundle (see
// scripts/bundle.mjs in @gongwen/lsp); without it, or when V8 refuses it, the bundle is compiled as usual.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script, constants } = require('node:vm');
const file = join(__dirname, 'server-code.cjs');
const source = readFileSync(file, 'utf8');
const hash = createHash('sha1').update(source).digest();
let cachedData;
try {
  const cache = readFileSync(file + '.cache');
  if (cache.subarray(0, 20).equals(hash)) cachedData = cache.subarray(20);
} catch {}
// The AI checks' client is imported, not required, on first use: import() in a vm script needs a loader named.
const script = new Script(Module.wrap(source), {
  filename: file,
  cachedData,
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const m = { exports: {} };
script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, __dirname);
module.exports = m.exports;
Object.defineProperties(module.exports, {
  codeCacheRejected: { value: cachedData === undefined ? undefined : script.cachedDataRejected },
  codeCache: { value: () => Buffer.concat([hash, script.createCachedData()]) },
});
${autostart ? 'module.exports.startServer();\n' : ''}`;

/**
 * Writes the server into `outDir`: server.cjs (the loader; with `autostart` it starts the server when run, as an
 * editor's `module` entry), server-code.cjs, vendor/, the homophone index, and the code cache from a warm-up.
 */
export async function bundleServer(outDir, { autostart = false } = {}) {
  rmSync(join(outDir, 'vendor'), { recursive: true, force: true });
  const ids = new RegExp(`^(${VENDOR.map((v) => v.replace(/[/@.-]/g, (c) => `\\${c}`)).join('|')})$`);
  await build({
    ...common,
    stdin: { contents: "export { startServer } from './dist/index.js';", resolveDir: lspPackage, loader: 'js' },
    outfile: join(outDir, 'server-code.cjs'),
    // pdf.js is loaded only when a PDF is read (editors do not open PDFs as text documents): it stays out of the bundle
    // and out of the server's start-up.
    external: ['pdfjs-dist', 'pdfjs-dist/*'],
    plugins: [
      {
        name: 'vendor',
        setup(b) {
          b.onResolve({ filter: ids }, (a) => ({ path: `./vendor/${vendorFile(a.path)}`, external: true }));
        },
      },
    ],
  });
  for (const id of VENDOR)
    await build({
      ...common,
      stdin: { contents: `module.exports = require(${JSON.stringify(id)});`, resolveDir: lspPackage, loader: 'js' },
      outfile: join(outDir, 'vendor', vendorFile(id)),
    });
  const coreDist = dirname(createRequire(import.meta.url).resolve('@gongwen/core'));
  copyFileSync(join(coreDist, 'rules/typo/homophone-index.bin'), join(outDir, 'homophone-index.bin'));
  copyFileSync(join(coreDist, 'rules/typo/typo-lm.bin'), join(outDir, 'typo-lm.bin'));
  writeFileSync(join(outDir, 'server.cjs'), loader(false));
  rmSync(join(outDir, 'server-code.cjs.cache'), { force: true });
  await warmUp(join(outDir, 'server.cjs'), join(outDir, 'server-code.cjs.cache'));
  if (autostart) writeFileSync(join(outDir, 'server.cjs'), loader(true));
}

/**
 * Runs the loaded server through what an editor's first minute asks (initialize, a Markdown draft and a text file
 * opened and checked, shutdown) and writes the code cache as the process exits, when the functions it ran are compiled.
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
  const check = createHash('sha1')
    .update(readFileSync(serverFile.replace(/server\.cjs$/, 'server-code.cjs')))
    .digest();
  if (!readFileSync(cacheFile).subarray(0, 20).equals(check)) throw new Error('code cache does not match the bundle');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(join(lspPackage, 'dist'), { recursive: true });
  await bundleServer(join(lspPackage, 'dist'));
}
