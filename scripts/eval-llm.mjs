#!/usr/bin/env node
// Measures the AI checks on the spelling sets in ../shared/corpora/csc-dev: sentence-level detection and
// correction precision/recall/F1, and the share of error-free sentences left untouched (over-correction), per model.
// Needs an OpenAI-compatible endpoint (see README, "AI checks"); without one it says what to set and exits 0.
// Options: --models a,b (default GONGWEN_LLM_MODEL, comma-separated) --sets law,med,sighan --limit 200
//          --concurrency 4 --categories typo --json
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyFixes,
  OpenAiBackend,
  parseCategories,
  recognizeStructure,
  runLlmChecks,
  textDocument,
  emptyStats,
  addStats,
  PROMPT_VERSION,
} from '@gongwen/core';
import { FileLlmCache, defaultCacheDir } from '../packages/cli/dist/llm.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = join(root, '..', 'shared', 'corpora', 'csc-dev');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const env = process.env;
const baseURL = opt('--base-url', env.GONGWEN_LLM_BASE_URL ?? env.OPENAI_BASE_URL);
const models = (opt('--models', env.GONGWEN_LLM_MODEL) ?? '')
  .split(',')
  .map((m) => m.trim())
  .filter(Boolean);

if (!baseURL || !models.length) {
  console.log(`eval:llm: no model endpoint configured, nothing measured.
Set an OpenAI-compatible endpoint and one or more models, then run again, e.g.
  GONGWEN_LLM_BASE_URL=https://api.deepseek.com GONGWEN_LLM_MODEL=deepseek-chat GONGWEN_LLM_API_KEY=sk-… npm run eval:llm
  GONGWEN_LLM_BASE_URL=http://127.0.0.1:11434/v1 GONGWEN_LLM_MODEL=qwen2.5:7b,qwen2.5:14b npm run eval:llm -- --limit 100
Every sentence measured is sent to that endpoint (answers are cached, so a second run sends nothing).`);
  process.exit(0);
}
if (!existsSync(corpora)) {
  console.log(
    `eval:llm: ${corpora} not found; the evaluation corpora are not part of a fresh clone, nothing measured.`,
  );
  process.exit(0);
}

const SETS = {
  law: { file: 'ecspell/law.test', parse: (l) => l.split('\t').slice(1, 3) },
  med: { file: 'ecspell/med.test', parse: (l) => l.split('\t').slice(1, 3) },
  sighan: { file: 'sighan15/pycorrector_sighan15_test.tsv', parse: (l) => l.split('\t').slice(0, 2) },
};
const sets = opt('--sets', 'law,med,sighan')
  .split(',')
  .filter((s) => SETS[s]);
const limit = Number(opt('--limit', '200'));
const concurrency = Number(opt('--concurrency', '4'));
const { categories } = parseCategories(opt('--categories', 'typo').split(','));
const cache = new FileLlmCache(env.GONGWEN_LLM_CACHE_DIR || defaultCacheDir(env));
const apiKey = env.GONGWEN_LLM_API_KEY ?? env.OPENAI_API_KEY;

function load(name) {
  const lines = readFileSync(join(corpora, SETS[name].file), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  // An even spread over the file rather than its first lines (the files are grouped by source).
  const step = Math.max(1, Math.floor(lines.length / limit));
  const out = [];
  for (let i = 0; i < lines.length && out.length < limit; i += step) {
    const [source, target] = SETS[name].parse(lines[i]);
    if (source && target) out.push({ source: source.trim(), target: target.trim() });
  }
  return out;
}

async function correct(backend, source, stats) {
  const doc = textDocument(`${source}\n`);
  const r = await runLlmChecks(doc, recognizeStructure(doc), { backend, cache, categories, maxConcurrency: 1 });
  addStats(stats, r.stats);
  const fixes = r.diagnostics.flatMap((d) => (d.suggestions?.length ? [d.suggestions[0].fix] : []));
  return applyFixes(source, fixes).output;
}

const pct = (x) => (Number.isFinite(x) ? (100 * x).toFixed(1).padStart(5) : '  n/a');
const f1 = (p, r) => (p + r ? (2 * p * r) / (p + r) : 0);

function changedPositions(a, b) {
  if (a.length !== b.length) return null;
  const out = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.push(i);
  return out.join(',');
}

const report = [];
console.log(
  `eval:llm — prompt ${PROMPT_VERSION}, categories ${categories.join(',')}, endpoint ${baseURL}, up to ${limit} sentences per set`,
);
console.log(
  `${'model'.padEnd(24) + 'set'.padEnd(8) + 'n'.padStart(5)}  det P   R   F1   cor P   R   F1  untouched  requests cached dropped failed`,
);
for (const model of models) {
  const backend = new OpenAiBackend({ baseURL, model, ...(apiKey ? { apiKey } : {}) });
  for (const set of sets) {
    const items = load(set);
    const stats = emptyStats();
    const preds = new Array(items.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < items.length) {
          const i = next++;
          preds[i] = await correct(backend, items[i].source, stats);
        }
      }),
    );
    let goldPos = 0,
      predPos = 0,
      detTp = 0,
      corTp = 0,
      clean = 0,
      untouched = 0;
    items.forEach(({ source, target }, i) => {
      const pred = preds[i];
      const hasError = source !== target;
      const changed = pred !== source;
      if (hasError) goldPos++;
      else {
        clean++;
        if (!changed) untouched++;
      }
      if (changed) predPos++;
      if (hasError && changed) {
        const gp = changedPositions(source, target);
        if (gp !== null && gp === changedPositions(source, pred)) detTp++;
        if (pred === target) corTp++;
      }
    });
    const dp = detTp / predPos,
      dr = detTp / goldPos,
      cp = corTp / predPos,
      cr = corTp / goldPos;
    const row = {
      model,
      set,
      n: items.length,
      detection: { precision: dp, recall: dr, f1: f1(dp || 0, dr || 0) },
      correction: { precision: cp, recall: cr, f1: f1(cp || 0, cr || 0) },
      untouched: untouched / clean,
      cleanSentences: clean,
      requests: stats.requests,
      cachedChunks: stats.cachedChunks,
      dropped: stats.dropped,
      failedChunks: stats.failedChunks,
      promptTokens: stats.promptTokens,
      completionTokens: stats.completionTokens,
      droppedBy: stats.droppedBy,
    };
    report.push(row);
    console.log(
      model.slice(0, 23).padEnd(24) +
        set.padEnd(8) +
        String(items.length).padStart(5) +
        `  ${pct(dp)} ${pct(dr)} ${pct(row.detection.f1)}  ${pct(cp)} ${pct(cr)} ${pct(row.correction.f1)}` +
        `   ${pct(row.untouched)}%  ${String(stats.requests).padStart(8)} ${String(stats.cachedChunks).padStart(6)} ${String(stats.dropped).padStart(7)} ${String(stats.failedChunks).padStart(6)}`,
    );
    if (stats.errors.length) console.log(`  ${stats.errors.length} chunks failed, e.g. ${stats.errors[0]}`);
  }
}
if (args.includes('--json')) console.log(JSON.stringify(report, null, 2));
