#!/usr/bin/env node
// Builds the typo/homophone index for the default frequency once, after tsc, into a blob beside the compiled module
// (packages/core/dist/rules/typo/homophone-index.bin). Building it takes under a second of CPU (the word list
// parsed, every frequent word read with pinyin); loading the blob is one file read. Skipped when the blob is newer
// than everything it is made from.
import { copyFileSync, existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const moduleFile = join(root, 'packages/core/dist/rules/typo/homophone-index.js');
const { buildIndex, serializeIndex, DEFAULT_MIN_FREQUENCY, PREBUILT_INDEX_FILE } = await import(moduleFile);
const outFile = join(dirname(moduleFile), PREBUILT_INDEX_FILE);

const require = createRequire(moduleFile);
const inputs = [
  moduleFile,
  require.resolve('@node-rs/jieba/dict'),
  require.resolve('pinyin-pro/package.json'),
  fileURLToPath(import.meta.url),
];
const mtime = (f) => statSync(f).mtimeMs;
if (existsSync(outFile) && inputs.every((f) => mtime(f) <= mtime(outFile))) {
  console.log(`gen-homophone-index: up to date`);
} else {
  const t = performance.now();
  const index = buildIndex(DEFAULT_MIN_FREQUENCY);
  if (!index) {
    console.error('gen-homophone-index: the jieba word list (@node-rs/jieba/dict) could not be loaded');
    process.exit(1);
  }
  const bytes = serializeIndex(index, DEFAULT_MIN_FREQUENCY);
  writeFileSync(`${outFile}.tmp`, bytes);
  renameSync(`${outFile}.tmp`, outFile);
  console.log(
    `gen-homophone-index: ${index.words.count} words, ${index.variants.count} variant pairs, ${(bytes.length / 1048576).toFixed(1)} MB in ${(performance.now() - t).toFixed(0)} ms`,
  );
}

// The typo/lm model is trained once and committed (scripts/train-typo-lm.mjs); the rule reads it beside its module.
const modelSrc = join(root, 'packages/core/data/typo-lm.bin');
const modelOut = join(dirname(moduleFile), 'typo-lm.bin');
if (!existsSync(modelOut) || mtime(modelSrc) > mtime(modelOut)) copyFileSync(modelSrc, modelOut);
