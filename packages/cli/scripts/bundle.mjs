// Bundles the command line (scripts/bundle-cached.mjs: one file with V8's code cache, rarely needed dependencies
// apart) into dist/cli.cjs, which bin/gongwen.js loads. `gongwen check` of a one-line file spent 224 ms of its
// 616 ms CPU compiling its 176 separate modules.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCached } from '../../../scripts/bundle-cached.mjs';

const cliPackage = join(dirname(fileURLToPath(import.meta.url)), '..');
const samples = join(cliPackage, '../../corpora/samples');

/**
 * Checks the bundled samples in one thread, as stylish and as JSON, and writes the cache as the process exits. V8
 * accepts a cache only under the V8 flags it was made with: a check over files raises the heap-growing flag once the
 * bundle is loaded (under the defaults), so the defaults are restored before the cache is taken.
 */
function warmUp(loader, cache) {
  const files = readdirSync(samples).map((f) => join(samples, f));
  const script = `const c = require(${JSON.stringify(loader)});
process.on('exit', () => { require('v8').setFlagsFromString('--heap-growing-percent=0');
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
  entry: "export { main } from './dist/main.js';",
  resolveDir: cliPackage,
  outDir: join(cliPackage, 'dist'),
  // pdf.js is an ES module loaded when a PDF is read (Node ≥ 20.19 requires it from CommonJS).
  external: ['pdfjs-dist', 'pdfjs-dist/*'],
  warmUp,
});
