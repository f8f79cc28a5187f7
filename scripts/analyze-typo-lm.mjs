#!/usr/bin/env node
// Where typo/lm loses recall: for every wrong character of the ECSpell training sets (never the test sets), the first
// gate of the rule it does not pass. Counts per set; --examples N prints N cases per gate.
//   node scripts/analyze-typo-lm.mjs [--sets law,med] [--examples 5]
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Checker, textDocument } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = join(root, '..', 'shared', 'corpora');
const dist = join(root, 'packages/core/dist/rules/typo');
const { languageModel } = await import(join(dist, 'lm-model.js'));
const { findTypoCandidates, formsWordAt, LM_SEARCH } = await import(join(dist, 'lm-detect.js'));
const { indexFor, DEFAULT_MIN_FREQUENCY } = await import(join(dist, 'homophone-index.js'));
const require = createRequire(join(dist, 'lm-model.js'));
const { pinyin } = require('pinyin-pro');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
if (!existsSync(join(corpora, 'csc-dev'))) {
  console.log(`analyze-typo-lm: ${corpora}/csc-dev not found; nothing measured.`);
  process.exit(process.env.CI ? 1 : 0);
}
const lm = languageModel();
const words = indexFor(DEFAULT_MIN_FREQUENCY).words;
const checker = new Checker();
const isHan = (c) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
const NEVER = new Set(
  '的地得了着过是在和与及或并而之其以于为对把被从向由这那有无不也都就又还很最更所等个们一二三四五六七八九十百千万亿零两上下大小已给可要会能将',
);
const readings = (c) => [...new Set(pinyin(c, { toneType: 'none', multiple: true, type: 'array' }))];
// Fuzzy pairs the trained table does not use (it has z/zh c/ch s/sh n/l r/l -ng/-n only).
const fuzz = (r) =>
  r
    .replace(/^([zcs])h/, '$1')
    .replace(/^[nr]/, 'l')
    .replace(/^f/, 'h')
    .replace(/ng$/, 'n');
const formsWord = (text, i, c) => formsWordAt(words, text, i, c);

function why(src, tgt, i, lmHits, allCands) {
  const c = src.charCodeAt(i);
  const d = tgt.charCodeAt(i);
  const C = src[i],
    D = tgt[i];
  // A finding covers one character, or two for a word swap (郭嘉 → 国家).
  const covers = (h) => h.range[0] <= i && i < h.range[1];
  const proposed = (h) => (h.fix?.text ?? h.suggestions?.[0]?.fix.text)?.[i - h.range[0]];
  if (lmHits.some((h) => covers(h) && proposed(h) === D)) return 'found';
  if (lmHits.some(covers)) return 'found, other proposal';
  if (!isHan(c) || !isHan(d)) return 'not a Han pair';
  if (NEVER.has(C) || NEVER.has(D)) return 'protected: function word/numeral';
  const conf = lm.confusions(c);
  const q = conf ? Array.prototype.indexOf.call(conf.candidates, d) : -1;
  if (q < 0) {
    const rc = readings(C),
      rd = readings(D);
    if (!conf) return 'not in set: character has no row';
    if (rc.some((r) => rd.includes(r))) return 'not in set: same sound (cut at 64 or not a target)';
    if (rc.some((r) => rd.some((s) => fuzz(s) === fuzz(r)))) return 'not in set: near sound (f/h, or cut)';
    const ini = (r) => r.replace(/^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?/, '');
    if (
      rc.some((r) =>
        rd.some((s) => ini(s) === ini(r) || s.replace(/(an|en|in)g?$/, '$1') === r.replace(/(an|en|in)g?$/, '$1')),
      )
    )
      return 'not in set: same final / other initial';
    return 'not in set: shape or other';
  }
  const len = src.length;
  const prev = i > 0 ? src.charCodeAt(i - 1) : 0;
  const next = i + 1 < len ? src.charCodeAt(i + 1) : 0;
  const lp = isHan(prev) && i > 0 ? lm.seenPair(prev, c) : null;
  const rp = isHan(next) ? lm.seenPair(c, next) : null;
  const fourHit = allCands.some((x) => x.index === i && x.to === D && x.word4);
  const suspect = !(lp === true || rp === true) && !(lp === null && rp === null);
  if (!suspect && !fourHit) return 'in set: text pair seen (not suspect), no 4-word';
  if (suspect && formsWord(src, i, c) && !fourHit) return 'in set: text char forms a word, no 4-word';
  const proposalUnseen =
    (isHan(prev) && !lm.seenPair(prev, d) ? 1 : 0) + (isHan(next) && !lm.seenPair(d, next) ? 1 : 0);
  if (proposalUnseen > LM_SEARCH.proposalUnseen && !fourHit) return 'in set: proposal pairs unseen in training';
  const cand = allCands.find((x) => x.index === i && x.to === D);
  if (!cand) return 'in set: protected (title/digits) or other';
  if (!cand.wordGain && !cand.word4) return 'in set: proposal forms no word';
  if (q >= 32) return 'in set: beyond the 32 tried';
  return `in set: below threshold (${cand.word4 ? 'word4' : 'word'})`;
}

const sets = opt('--sets', 'law,med').split(',');
const ex = Number(opt('--examples', '0'));
for (const name of sets) {
  const file = join(corpora, 'csc-dev', 'ecspell', `${name}.train`);
  const pairs = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t').slice(1))
    .filter(([s, t]) => s && t && s.length === t.length && s !== t);
  const tally = new Map();
  const examples = new Map();
  let n = 0;
  for (const [src, tgt] of pairs) {
    const ds = checker.check(textDocument(src)).diagnostics;
    const lmHits = ds.filter((d) => d.ruleId === 'typo/lm');
    const allCands = findTypoCandidates(lm, src, undefined, undefined, true);
    for (let i = 0; i < src.length; i++) {
      if (src[i] === tgt[i]) continue;
      n++;
      const r = why(src, tgt, i, lmHits, allCands);
      tally.set(r, (tally.get(r) ?? 0) + 1);
      if (!examples.has(r)) examples.set(r, []);
      examples.get(r).push(`${src.slice(Math.max(0, i - 6), i)}【${src[i]}→${tgt[i]}】${src.slice(i + 1, i + 7)}`);
    }
  }
  console.log(`## ECSpell ${name}.train: ${pairs.length} sentences with errors, ${n} wrong characters`);
  for (const [r, k] of [...tally].sort((a, b) => b[1] - a[1])) {
    console.log(`${String(k).padStart(5)} ${((100 * k) / n).toFixed(1).padStart(5)}%  ${r}`);
    for (const e of (examples.get(r) ?? []).slice(0, ex)) console.log(`           ${e}`);
  }
}
