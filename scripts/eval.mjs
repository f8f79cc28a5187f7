#!/usr/bin/env node
// Measures the text rule packs on real text:
//  - false alarms on published government documents (findings per 10,000 characters, per rule and level);
//  - sentence-level spelling detection on the ECSpell law and medical test sets (typo/ and wording/ findings).
//  - recall and false alarms on the planted-document review set (corpora/review-set).
// Options: --samples <rule-id|all> [--n 20] prints hits with context; --only gov|csc|reports|review|draft limits the yardsticks;
//          --split train measures on the ECSpell training sets;
//          --misses prints ECSpell sentences with errors that nothing detected; --fps prints ECSpell false positives.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Checker, textDocument } from '@gongwen/core';
import { evaluateReviewSet, formatReviewSet } from './review-set.mjs';
import { printDrafting } from './eval-drafting.mjs';

/** A gov-texts file name as its document's title line (see govTexts). */
const titleOf = (file) => file.slice(0, -4).replace(/\(/g, '（').replace(/\)/g, '）');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = join(root, '..', 'shared', 'corpora');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const sampleRule = opt('--samples');
const sampleN = Number(opt('--n', '20'));
const only = opt('--only');
// ECSpell split: test by default; train is a larger set the rules were not tuned on.
const split = opt('--split', 'test');

const checker = new Checker();

if (only === 'draft') {
  printDrafting();
  process.exit(0);
}

if (!only || only === 'review') {
  console.log('## review set (corpora/review-set): recall per item and false alarms');
  console.log(formatReviewSet(evaluateReviewSet(checker, join(root, 'corpora', 'review-set'))));
  if (only === 'review') process.exit(0);
}

if (!existsSync(corpora)) {
  const msg = `eval: ${corpora} not found; the evaluation corpora are not part of a fresh clone, nothing measured.`;
  if (process.env.CI) {
    console.error(msg);
    process.exit(1);
  }
  console.log(msg);
  process.exit(0);
}

const per10k = (n, chars) => ((n * 10000) / chars).toFixed(3);

function tally(name, docs) {
  const counts = new Map();
  let chars = 0;
  let ms = 0;
  const samples = [];
  for (const { label, text } of docs) {
    chars += text.length;
    const t0 = performance.now();
    const { diagnostics } = checker.check(textDocument(text));
    ms += performance.now() - t0;
    for (const d of diagnostics) {
      const c = counts.get(d.ruleId) ?? { error: 0, warning: 0, info: 0 };
      c[d.severity]++;
      counts.set(d.ruleId, c);
      if (
        sampleRule &&
        (sampleRule === 'all' ||
          d.ruleId === sampleRule ||
          (sampleRule.endsWith('/') && d.ruleId.startsWith(sampleRule)))
      ) {
        const [s, e] = d.range;
        samples.push(
          `${d.ruleId} [${d.severity}] ${label}: …${text.slice(Math.max(0, s - 15), s)}【${text.slice(s, e)}】${text.slice(e, e + 15)}…  ${d.message}${d.fix ? ` ⇒ “${d.fix.text}”` : ''}`.replace(
            /\n/g,
            '⏎',
          ),
        );
      }
    }
  }
  const total = { error: 0, warning: 0, info: 0 };
  console.log(
    `\n## ${name}: ${docs.length} documents, ${chars} characters, ${(chars / 1e6 / (ms / 1000)).toFixed(2)} MB(chars)/s in check()`,
  );
  console.log(
    `${'rule'.padEnd(34) + 'error/10k'.padStart(11) + 'warning/10k'.padStart(13) + 'info/10k'.padStart(10)}  (counts)`,
  );
  for (const [rule, c] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) {
    for (const k of Object.keys(total)) total[k] += c[k];
    console.log(
      `${rule.padEnd(34) + per10k(c.error, chars).padStart(11) + per10k(c.warning, chars).padStart(13) + per10k(c.info, chars).padStart(10)}  (${c.error}/${c.warning}/${c.info})`,
    );
  }
  console.log(
    `${'TOTAL'.padEnd(34) + per10k(total.error, chars).padStart(11) + per10k(total.warning, chars).padStart(13) + per10k(total.info, chars).padStart(10)}  (${total.error}/${total.warning}/${total.info})`,
  );
  if (samples.length) {
    console.log(`\n### samples (${Math.min(sampleN, samples.length)} of ${samples.length})`);
    // Spread the samples over the corpus rather than showing the first documents only.
    const step = Math.max(1, Math.floor(samples.length / sampleN));
    for (let i = 0; i < samples.length && i / step < sampleN; i += step) console.log(samples[i]);
  }
  return { chars, total };
}

function govTexts() {
  const dir = join(corpora, 'gov-texts', 'ecspell-web-dev');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({
      label: f,
      // The file name is the title; genre rules need to see it as the first line. The corpus names files with ASCII
      // brackets where the documents' own titles have full-width ones (39 of the 41 such names; none the other way),
      // so the title line takes the documents' form rather than measuring the file naming.
      text: `${titleOf(f)}\n${readFileSync(join(dir, f), 'utf8').replace(/\r\n?/g, '\n').trimEnd()}`,
    }));
}

function workReports() {
  const dir = join(corpora, 'gov-texts', 'work-reports');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const o = JSON.parse(line);
          return { label: o.title, text: String(o.content).replace(/\n{2,}/g, '\n') };
        }),
    );
}

function csc(label, isSpell) {
  const dir = join(corpora, 'csc-dev', 'ecspell');
  console.log(`\n## ECSpell ${split} sentence-level detection (${label})`);
  console.log(
    `${'set'.padEnd(6) + 'sents'.padStart(7) + 'wrong'.padStart(7) + '  loose P / R / F1'.padEnd(28)}  strict P / R / F1`,
  );
  const all = { tp: 0, fp: 0, fn: 0, stp: 0, sfp: 0, sfn: 0, n: 0, wrong: 0 };
  const misses = [];
  const fps = [];
  for (const set of ['law', 'med']) {
    const lines = readFileSync(join(dir, `${set}.${split}`), 'utf8')
      .split('\n')
      .filter(Boolean);
    const c = { tp: 0, fp: 0, fn: 0, stp: 0, sfp: 0, sfn: 0, n: lines.length, wrong: 0 };
    for (const line of lines) {
      const [n, src, tgt] = line.split('\t');
      const wrongPos = [];
      for (let i = 0; i < src.length; i++) if (src[i] !== tgt[i]) wrongPos.push(i);
      const hits = checker.check(textDocument(src)).diagnostics.filter(isSpell);
      const bad = Number(n) > 0;
      if (bad) c.wrong++;
      // loose: any finding on the sentence; strict: the finding must cover a wrong character.
      if (hits.length && bad) c.tp++;
      else if (hits.length) c.fp++;
      else if (bad) c.fn++;
      const onError = hits.some((d) =>
        wrongPos.some((p) => p >= d.range[0] && p < Math.max(d.range[1], d.range[0] + 1)),
      );
      if (bad && onError) c.stp++;
      else if (hits.length) c.sfp++;
      if (bad && !onError) c.sfn++;
      if (bad && !onError && args.includes('--misses')) misses.push(`${set}: ${src}  ⇒  ${tgt}`);
      if (hits.length && !onError && args.includes('--fps'))
        fps.push(
          `${set}: ${src}  ${hits.map((d) => `[${d.ruleId} ${src.slice(d.range[0], d.range[1])}→${d.fix?.text ?? d.suggestions?.[0]?.fix.text ?? ''}]`).join(' ')}`,
        );
    }
    for (const k of Object.keys(all)) all[k] += c[k];
    report(set, c);
  }
  report('all', all);
  if (misses.length) console.log(`\n### misses (${misses.length})\n${misses.slice(0, sampleN).join('\n')}`);
  if (fps.length) console.log(`\n### false positives (${fps.length})\n${fps.join('\n')}`);

  function report(name, c) {
    const f = (tp, fp, fn) => {
      const p = tp + fp ? tp / (tp + fp) : 1;
      const r = tp + fn ? tp / (tp + fn) : 0;
      const f1 = p + r ? (2 * p * r) / (p + r) : 0;
      return `${p.toFixed(3)} / ${r.toFixed(3)} / ${f1.toFixed(3)}`;
    };
    console.log(
      `${name.padEnd(6) + String(c.n).padStart(7) + String(c.wrong).padStart(7) + `  ${f(c.tp, c.fp, c.fn)}`.padEnd(28)}  ${f(c.stp, c.sfp, c.sfn)}  (tp ${c.stp}, fp ${c.sfp})`,
    );
  }
}

if (!only || only === 'gov') {
  const { total, chars } = tally('gov-texts/ecspell-web-dev (published documents, title line prepended)', govTexts());
  const rate = (total.error * 10000) / chars;
  console.log(
    `error-level findings: ${rate.toFixed(3)} per 10,000 characters (target ≤ 0.1) ${rate <= 0.1 ? 'OK' : 'OVER'}`,
  );
}
if (!only || only === 'csc') {
  csc('typo/ and wording/ findings', (d) => d.ruleId.startsWith('typo/') || d.ruleId.startsWith('wording/'));
  // wording/ also enforces 公文 usage (其他 for 其它, current organ names) that the spelling gold does not mark.
  csc('typo/ findings only', (d) => d.ruleId.startsWith('typo/'));
}
if (only === 'reports') tally('gov-texts/work-reports (government work reports and congress reports)', workReports());
