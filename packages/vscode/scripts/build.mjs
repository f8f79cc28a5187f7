// Bundles the extension client and the language server (one file each) and refreshes the generated manifest parts.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { bundleServer } from '../../lsp/scripts/bundle.mjs';
import { refreshManifest } from './manifest.mjs';

const root = new URL('../', import.meta.url);
const path = (p) => new URL(p, root).pathname;

refreshManifest();

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: false,
  minify: true,
  logLevel: 'warning',
  legalComments: 'none',
};
await build({
  ...common,
  entryPoints: [path('src/extension.ts')],
  outfile: path('dist/extension.cjs'),
  external: ['vscode'],
});
// The language server as @gongwen/lsp bundles it (split, with a code cache; see its scripts/bundle.mjs); here its
// loader starts the server when run, as the client's `module` entry.
await bundleServer(path('dist'), { autostart: true });
// A minFrequency other than the prebuilt one builds an index from the jieba word list at run time (createRequire from
// the bundle), so the list ships beside it.
const jieba = path('dist/node_modules/@node-rs/jieba/');
mkdirSync(jieba, { recursive: true });
const jiebaSrc = dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/package.json'));
for (const f of ['package.json', 'dict.js', 'dict.txt', 'idf.txt', 'LICENSE'])
  copyFileSync(join(jiebaSrc, f), join(jieba, f));
mkdirSync(path('docs'), { recursive: true });
// The rule docs generated beside the rules; hovers and diagnostics link to them (dist/../docs/rules.md).
copyFileSync(path('../../rules/README.md'), path('docs/rules.md'));
