// Bundles the language server into one file, dist/server.cjs, which `gongwen-lsp` and `gongwen lsp` start. Editors
// spawn the server for every window: loaded as some 300 separate modules it spent about twice the CPU time before its
// first diagnostics that the same code spends as one file (most of it resolving and reading files).
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  stdin: { contents: "export { startServer } from './dist/index.js';", resolveDir: pkg, loader: 'js' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  outfile: join(pkg, 'dist/server.cjs'),
  // pdf.js is loaded only when a PDF is read (editors do not open PDFs as text documents): it stays out of the bundle
  // and out of the server's start-up.
  external: ['pdfjs-dist', 'pdfjs-dist/*'],
  // In a CommonJS file import.meta.url comes from __filename: the rule docs and the homophone index are found beside it.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: 'const importMetaUrl = require("url").pathToFileURL(__filename).href;' },
});
const coreDist = dirname(createRequire(import.meta.url).resolve('@gongwen/core'));
copyFileSync(join(coreDist, 'rules/typo/homophone-index.bin'), join(pkg, 'dist/homophone-index.bin'));
copyFileSync(join(coreDist, 'rules/typo/typo-lm.bin'), join(pkg, 'dist/typo-lm.bin'));
