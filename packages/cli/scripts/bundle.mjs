// Bundles the command line (scripts/bundle-cached.mjs: one file with V8's code cache, rarely needed dependencies
// apart) into dist/cli.cjs, which bin/gongwen.js loads. `gongwen check` of a one-line file spent 224 ms of its
// 616 ms CPU compiling its 176 separate modules. The worker threads of an archive run load dist/pool-worker.cjs,
// bundled and cached the same way (each thread compiled some 300 modules of its own before its first file).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCached } from '../../../scripts/bundle-cached.mjs';

const cliPackage = join(dirname(fileURLToPath(import.meta.url)), '..');
const samples = join(cliPackage, '../../corpora/samples');

/**
 * Checks the bundled samples in one thread, as stylish and as JSON, and writes the cache as the process exits. V8
 * accepts a cache only under the V8 flags it was made with: a check over files sets heap flags once the bundle is loaded
 * (under the defaults; see src/commands/heap.ts), so the defaults are restored before the cache is taken.
 */
function warmUp(loader, cache) {
  const files = readdirSync(samples).map((f) => join(samples, f));
  const script = `const c = require(${JSON.stringify(loader)});
process.on('exit', () => { const v8 = require('v8'); v8.setFlagsFromString('--heap-growing-percent=0');
  v8.setFlagsFromString('--semi-space-growth-factor=2');
  require('fs').writeFileSync(${JSON.stringify(cache)}, c.codeCache()); });
(async () => {
  const files = ${JSON.stringify(files)};
  await c.main(['node', 'gongwen', 'check', '--concurrency', '1', '--no-color', ...files]);
  await c.main(['node', 'gongwen', 'check', '--concurrency', '1', '-f', 'json', ...files]);
})();`;
  const r = spawnSync(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`command line warm-up exited with ${r.status}: ${r.stderr}`);
}

mkdirSync(join(cliPackage, 'dist'), { recursive: true });
await bundleCached({
  name: 'cli',
  entry: "export { main, limitHeapGrowth } from './dist/main.js';",
  resolveDir: cliPackage,
  outDir: join(cliPackage, 'dist'),
  // pdf.js is an ES module loaded when a PDF is read (Node ≥ 20.19 requires it from CommonJS).
  external: ['pdfjs-dist', 'pdfjs-dist/*'],
  warmUp,
});

/**
 * Runs the worker as an archive run does (in a worker thread that piscina starts, under the V8 flag `check` sets
 * before it starts one) over the samples, three times each, and has that thread write the cache: V8 takes a code
 * cache in the isolate that compiled the script, and accepts it only under the flags it was made with.
 */
async function warmUpWorker(loader, cache) {
  const { CHECK_HEAP_FLAG } = await import('../dist/commands/check.js');
  const nodeRequire = createRequire(createRequire(import.meta.url).resolve('@gongwen/node'));
  const files = readdirSync(samples).map((f) => join(samples, f));
  const script = `require('v8').setFlagsFromString(${JSON.stringify(CHECK_HEAP_FLAG)});
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('fs');
const { join } = require('path');
const { Piscina } = require(${JSON.stringify(nodeRequire.resolve('piscina'))});
const dir = mkdtempSync(join(require('os').tmpdir(), 'gongwen-worker-'));
const wrap = join(dir, 'warm-up.cjs');
writeFileSync(wrap, 'const w = require(' + ${JSON.stringify(JSON.stringify(loader))} + ');' +
  'module.exports = async (t) => t === "cache" ? (require("fs").writeFileSync(' + ${JSON.stringify(JSON.stringify(cache))} +
  ', w.codeCache()), 0) : w.default(t);');
const pool = new Piscina({ filename: wrap, minThreads: 1, maxThreads: 1,
  workerData: { options: { cwd: ${JSON.stringify(samples)}, convertLegacy: null }, shared: {} } });
(async () => {
  const files = ${JSON.stringify(files)};
  for (let k = 0; k < 3; k++)
    await pool.run({ tasks: files.map((file) => ({ file, bytes: readFileSync(file), fix: false, write: false })) });
  await pool.run('cache');
  await pool.destroy();
  rmSync(dir, { recursive: true, force: true });
})().catch((e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pool worker warm-up exited with ${r.status}: ${r.stderr}`);
}

await bundleCached({
  name: 'pool-worker',
  entry: "export { default } from '@gongwen/node/pool-worker';",
  resolveDir: cliPackage,
  outDir: join(cliPackage, 'dist'),
  // piscina hands the worker its data through its own module, loaded by the thread it starts: never a copy.
  external: ['pdfjs-dist', 'pdfjs-dist/*', 'piscina'],
  warmUp: warmUpWorker,
  vendored: false,
});

/**
 * What this build checks with, as one SHA-1 (dist/build-id): both bundles, the vendored dependencies and the data
 * files (rule metadata, homophone index, typo model). `check --cache` keys its entries by it with the version: a build
 * whose rules or data changed under the same version number does not take the results of the one before.
 */
const dist = join(cliPackage, 'dist');
const id = createHash('sha1');
for (const f of [
  'cli-code.cjs',
  'pool-worker-code.cjs',
  'rule-meta.json',
  'homophone-index.bin',
  'typo-lm.bin',
  ...readdirSync(join(dist, 'vendor'))
    .sort()
    .map((v) => `vendor/${v}`),
])
  id.update(f).update(readFileSync(join(dist, f)));
writeFileSync(join(dist, 'build-id'), `${id.digest('hex')}\n`);
