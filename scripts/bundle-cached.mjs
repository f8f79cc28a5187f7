// One file to start from, with V8's code cache: how the command line and the language server are shipped. Loaded as
// some 300 separate ES modules, a face spent most of its start resolving, reading and compiling them (`gongwen check`
// of a one-line file: 224 ms of its 616 ms CPU compiling modules). So a face's build writes into its dist folder:
//   - <name>-code.cjs: the face and what its usual requests need, one CommonJS file (esbuild), written already wrapped
//     as Node wraps a module's code, so that the loader compiles it as read;
//   - vendor/*.cjs: dependencies only some requests need (encodings of files read from disk, .docx writing, pinyin of
//     a rare candidate, the AI checks' client, YAML, ...), each bundled alone and required on first use;
//   - <name>-code.cjs.cache: V8's code cache of <name>-code.cjs taken after a warm-up run, so that neither parsing nor
//     the first calls compile it again. It is keyed by the bundle's SHA-1, and V8 drops it by itself when the Node
//     version or the V8 flags differ: a cache that does not fit costs the read of one file, never a wrong result;
//   - <name>.cjs: the loader.
// The data files the engine reads beside its modules (rule metadata, the homophone index, the typo model) are copied.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/** Loaded on first use only (each is required behind a `typeof require` guard or a dynamic import where used). */
const VENDOR = [
  'iconv-lite',
  'pinyin-pro',
  'docx',
  'openai',
  '@xmldom/xmldom',
  'mammoth',
  'fflate',
  'saxes',
  'yaml',
  'cli-progress',
];
const vendorFile = (id) => `${id.replace('/', '__')}.cjs`;

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // import() in a vm script has no loader of its own: dynamic imports of what is not bundled become require().
  supported: { 'dynamic-import': false },
  // In a CommonJS file import.meta.url comes from __filename: the data files are found beside it.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: 'const importMetaUrl = require("url").pathToFileURL(__filename).href;' },
};

/** What Node puts around a CommonJS module's code (Module.wrap), and the bundle's file holds. */
const [WRAP_HEAD, WRAP_TAIL] = Module.wrap('\0').split('\0');

/** The loader: compiles <name>-code.cjs with the cache when its SHA-1 prefix is this bundle's. */
export function loaderSource(name, start = '') {
  return `'use strict';
// Loads ${name}-code.cjs with the V8 code cache written at build when it belongs to this very bundle (see
// scripts/bundle-cached.mjs); without it, or when V8 refuses it, the bundle is compiled as usual.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');
const file = join(__dirname, '${name}-code.cjs');
const bytes = readFileSync(file);
const hash = createHash('sha1').update(bytes).digest();
let cachedData;
try {
  const cache = readFileSync(file + '.cache');
  if (cache.subarray(0, 20).equals(hash)) cachedData = cache.subarray(20);
} catch {}
// The file holds the bundle already wrapped as a CommonJS module's code is: compiled as it is, with no copy made.
const script = new Script(bytes.toString('utf8'), { filename: file, cachedData });
const m = { exports: {} };
script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, __dirname);
module.exports = m.exports;
Object.defineProperties(module.exports, {
  codeCacheRejected: { value: cachedData === undefined ? undefined : script.cachedDataRejected },
  codeCache: { value: () => Buffer.concat([hash, script.createCachedData()]) },
});
${start}`;
}

/**
 * Bundles `entry` (module source, resolved from `resolveDir`) into `outDir` as `<name>.cjs` and its parts, then runs
 * `warmUp(loaderFile, cacheFile)`, which must make a process load the loader, do the usual work and write the cache
 * (`codeCache()` of the loaded module) to cacheFile as it exits. `start`: code the final loader runs after loading.
 */
export async function bundleCached({
  name,
  entry,
  resolveDir,
  outDir,
  external = [],
  warmUp,
  start = '',
  /** false: a second bundle into the same folder, whose vendor files and data files the first one wrote. */
  vendored = true,
}) {
  if (vendored) rmSync(join(outDir, 'vendor'), { recursive: true, force: true });
  const ids = new RegExp(`^(${VENDOR.map((v) => v.replace(/[/@.-]/g, (c) => `\\${c}`)).join('|')})$`);
  const code = join(outDir, `${name}-code.cjs`);
  await build({
    ...common,
    stdin: { contents: entry, resolveDir, loader: 'js' },
    outfile: code,
    // Wrapped as Node wraps a CommonJS module (Module.wrap), by the bundler: the loader compiles the file as it is
    // read. Wrapping it at each start copied the whole source (about 2 MB) once more and touched as much new memory.
    banner: { js: `${WRAP_HEAD}${common.banner.js}` },
    footer: { js: WRAP_TAIL },
    external,
    plugins: [
      {
        name: 'vendor',
        setup(b) {
          b.onResolve({ filter: ids }, (a) => ({ path: `./vendor/${vendorFile(a.path)}`, external: true }));
        },
      },
    ],
  });
  if (vendored) {
    for (const id of VENDOR)
      await build({
        ...common,
        stdin: { contents: `module.exports = require(${JSON.stringify(id)});`, resolveDir, loader: 'js' },
        outfile: join(outDir, 'vendor', vendorFile(id)),
      });
    const coreDist = dirname(createRequire(import.meta.url).resolve('@gongwen/core'));
    for (const f of ['rule-meta.json', 'rules/typo/homophone-index.bin', 'rules/typo/typo-lm.bin'])
      copyFileSync(join(coreDist, f), join(outDir, f.split('/').pop()));
  }
  const loader = join(outDir, `${name}.cjs`);
  writeFileSync(loader, loaderSource(name));
  const cache = `${code}.cache`;
  rmSync(cache, { force: true });
  await warmUp(loader, cache);
  const check = createHash('sha1').update(readFileSync(code)).digest();
  if (!readFileSync(cache).subarray(0, 20).equals(check))
    throw new Error(`${name}: code cache does not match the bundle`);
  if (start) writeFileSync(loader, loaderSource(name, start));
}
