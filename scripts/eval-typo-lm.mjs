#!/usr/bin/env node
// Measures typo/lm and the typo/ rules as a whole:
//  - sentence-level precision and recall on the spelling sets in ../shared/corpora/csc-dev/ (ECSpell law and medical,
//    SIGHAN-15), before (typo/ rules without typo/lm) and after (with it). The thresholds were tuned on the ECSpell
//    training sets; the test sets and SIGHAN-15 are only measured.
//  - typo findings per 10,000 characters on published government documents: on the tenth held out of training, with
//    a model trained on the other nine tenths (train-typo-lm.mjs --holdout 10), and on all of them with the shipped model.
// Options: --json FILE writes the numbers; --warnings lists every typo/lm warning on gov-texts (shipped model);
//          --folds measures the held-out figures on every tenth in turn (ten models, each without its tenth: all the
//          documents, each judged by a model that never read it; about ten times the training time);
//          --model FILE uses that held-out model instead of training one; --misses N prints N missed sentences per set;
//          --only csc|gov measures one of the two; --search JSON changes the pair pass (LM_SEARCH, e.g.
//          '{"proposalUnseen":0,"contested":false}') and --thresholds JSON overrides LM_THRESHOLDS (e.g. '{"word":12}'),
//          for measuring alternatives without editing the rule.
// "after" counts typo/ findings of every level (typo/lm suggestions included); "lm warnings" counts typo/lm warnings
// alone (what --fix would change).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Checker, textDocument } from '@gongwen/core';
import { govDocuments, heldOut } from './gov-texts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = join(root, '..', 'shared', 'corpora');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const { useLanguageModel } = await import(join(root, 'packages/core/dist/rules/typo/lm-model.js'));
const { LM_SEARCH } = await import(join(root, 'packages/core/dist/rules/typo/lm-detect.js'));
const { LM_THRESHOLDS } = await import(join(root, 'packages/core/dist/rules/typo/lm.js'));

if (opt('--search')) Object.assign(LM_SEARCH, JSON.parse(opt('--search')));
if (opt('--thresholds')) Object.assign(LM_THRESHOLDS, JSON.parse(opt('--thresholds')));

if (!existsSync(join(corpora, 'csc-dev'))) {
  const msg = `eval-typo-lm: ${corpora} not found; the evaluation corpora are not part of a fresh clone, nothing measured.`;
  console.log(msg);
  process.exit(process.env.CI ? 1 : 0);
}

const checker = new Checker();
const isTypo = (d) => d.ruleId.startsWith('typo/');
const isBefore = (d) => isTypo(d) && d.ruleId !== 'typo/lm';
const isLmWarning = (d) => d.ruleId === 'typo/lm' && d.severity === 'warning';

/** Sentence-level counts for a set of [source, target] pairs, for the findings `pick` keeps. */
function measure(pairs, picks) {
  const c = Object.fromEntries(
    Object.keys(picks).map((k) => [k, { tp: 0, fp: 0, fn: 0, stp: 0, sfp: 0, sfn: 0, misses: [] }]),
  );
  for (const [src, tgt] of pairs) {
    const wrong = [];
    for (let i = 0; i < src.length; i++) if (src[i] !== tgt[i]) wrong.push(i);
    const bad = src !== tgt;
    const diags = checker.check(textDocument(src)).diagnostics;
    for (const [k, pick] of Object.entries(picks)) {
      const hits = diags.filter(pick);
      const x = c[k];
      // loose: any finding on a sentence with an error; strict: a finding covers a wrong character.
      if (hits.length && bad) x.tp++;
      else if (hits.length) x.fp++;
      else if (bad) x.fn++;
      const onError = hits.some((d) => wrong.some((p) => p >= d.range[0] && p < Math.max(d.range[1], d.range[0] + 1)));
      if (bad && onError) x.stp++;
      else if (hits.length) x.sfp++;
      if (bad && !onError) {
        x.sfn++;
        x.misses.push(`${src}  ⇒  ${tgt}`);
      }
    }
  }
  return c;
}

const ratio = (a, b) => (b ? a / b : 0);
const pr = (x) => ({
  P: ratio(x.tp, x.tp + x.fp),
  R: ratio(x.tp, x.tp + x.fn),
  strictP: ratio(x.stp, x.stp + x.sfp),
  strictR: ratio(x.stp, x.stp + x.sfn),
  tp: x.tp,
  fp: x.fp,
});
const f3 = (n) => n.toFixed(3);

const sets = [
  ['ECSpell law test', 'ecspell/law.test', 'measured'],
  ['ECSpell med test', 'ecspell/med.test', 'measured'],
  ['SIGHAN-15 test', 'sighan15/pycorrector_sighan15_test.tsv', 'measured'],
  ['ECSpell law train', 'ecspell/law.train', 'tuned on'],
  ['ECSpell med train', 'ecspell/med.train', 'tuned on'],
];
const results = { csc: {}, gov: {} };
console.log(
  '## spelling sets: sentence-level P / R of typo/ findings (loose: any finding; strict: on a wrong character)',
);
console.log(
  `${'set'.padEnd(20)}${'sents'.padStart(6)}${'wrong'.padStart(6)}  ${'before P / R'.padEnd(15)}${'after P / R'.padEnd(15)}${'strict before'.padEnd(15)}${'strict after'.padEnd(15)}${'lm warnings'.padEnd(15)}role`,
);
const misses = Number(opt('--misses', '0'));
const only = opt('--only');
for (const [label, file, role] of only === 'gov' ? [] : sets) {
  const path = join(corpora, 'csc-dev', file);
  if (!existsSync(path)) continue;
  const pairs = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const p = l.split('\t');
      return p.length === 3 ? [p[1], p[2]] : [p[0], p[1]];
    })
    .filter(([s, t]) => s && t && s.length === t.length);
  const c = measure(pairs, { before: isBefore, after: isTypo, warnings: isLmWarning });
  const b = pr(c.before);
  const a = pr(c.after);
  const w = pr(c.warnings);
  results.csc[label] = {
    role,
    sentences: pairs.length,
    wrong: pairs.filter(([s, t]) => s !== t).length,
    before: b,
    after: a,
    lmWarnings: w,
  };
  console.log(
    `${label.padEnd(20)}${String(pairs.length).padStart(6)}${String(results.csc[label].wrong).padStart(6)}  ${`${f3(b.P)} / ${f3(b.R)}`.padEnd(15)}${`${f3(a.P)} / ${f3(a.R)}`.padEnd(15)}${`${f3(b.strictP)} / ${f3(b.strictR)}`.padEnd(15)}${`${f3(a.strictP)} / ${f3(a.strictR)}`.padEnd(15)}${`${f3(w.P)} / ${f3(w.R)}`.padEnd(15)}${role}`,
  );
  if (misses) for (const m of c.after.misses.slice(0, misses)) console.log(`    miss: ${m}`);
}

/** typo/ findings on documents, per rule and level. */
function tallyGov(docs) {
  let chars = 0;
  const counts = {};
  const warnings = [];
  for (const d of docs) {
    chars += d.text.length;
    for (const f of checker.check(textDocument(d.text)).diagnostics) {
      if (!isTypo(f)) continue;
      const k = `${f.ruleId} ${f.severity}`;
      counts[k] = (counts[k] ?? 0) + 1;
      if (f.ruleId === 'typo/lm' && f.severity === 'warning') {
        const [s, e] = f.range;
        warnings.push(
          `${d.name}: …${d.text.slice(Math.max(0, s - 12), s)}【${d.text.slice(s, e)}】${d.text.slice(e, e + 12)}…  ${f.message}`.replace(
            /\n/g,
            '⏎',
          ),
        );
      }
    }
  }
  return { documents: docs.length, chars, counts, warnings };
}
function printGov(label, g) {
  console.log(`\n## ${label}: ${g.documents} documents, ${g.chars} characters`);
  for (const [k, n] of Object.entries(g.counts).sort())
    console.log(`${k.padEnd(28)}${((n * 10000) / g.chars).toFixed(3).padStart(8)} per 10,000 characters (${n})`);
  const lmw = g.counts['typo/lm warning'] ?? 0;
  console.log(`typo/lm warnings: ${((lmw * 10000) / g.chars).toFixed(3)} per 10,000 characters (target ≤ 0.3)`);
}

const docs = only === 'csc' ? [] : govDocuments(corpora);
// Held out: a model trained without the held-out tenth, measured on that tenth (or each tenth in turn).
let model = opt('--model');
const folds = args.includes('--folds') && !model ? 10 : 1;
let tmp;
let held;
for (let fold = 0; fold < folds; fold++) {
  if (!opt('--model') && only !== 'csc') {
    tmp ??= mkdtempSync(join(tmpdir(), 'typo-lm-'));
    model = join(tmp, `holdout-${fold}.bin`);
    execFileSync(
      process.execPath,
      [join(root, 'scripts/train-typo-lm.mjs'), '--holdout', '10', '--fold', String(fold), '--out', model],
      { stdio: 'ignore' },
    );
  }
  if (model) useLanguageModel(readFileSync(model));
  const part = tallyGov(docs.filter((d) => heldOut(d.name, 10, fold)));
  if (!held) held = part;
  else {
    held.documents += part.documents;
    held.chars += part.chars;
    for (const [k, n] of Object.entries(part.counts)) held.counts[k] = (held.counts[k] ?? 0) + n;
    held.warnings.push(...part.warnings);
  }
}
printGov(
  folds > 1
    ? 'gov-texts, each tenth held out in turn (each measured with a model trained on the other nine tenths)'
    : 'gov-texts, held-out tenth (model trained on the other nine tenths)',
  held,
);
for (const w of held.warnings) console.log(`  ${w}`);
useLanguageModel(null);
if (tmp) rmSync(tmp, { recursive: true, force: true });
const all = tallyGov(docs);
printGov('gov-texts, all documents (shipped model, trained on them)', all);
if (args.includes('--warnings')) for (const w of all.warnings) console.log(`  ${w}`);
results.gov = { heldOut: held, all };

const jsonOut = opt('--json');
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
