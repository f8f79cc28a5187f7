// typo/lm's cost: the engine over gov-texts (the model's own training text: nearly every pair seen) and over the
// ECSpell law sentences (unseen text full of terms), with the rule on and off in one process, alternating runs.
// CPU time (process.cpuUsage) as well as wall time: on a shared machine the wall clock mostly measures the others.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checker, textDocument } from '@gongwen/core';
import { corpusDir, median } from './_util.mjs';

const gov = corpusDir('gov-texts/ecspell-web-dev');
const csc = corpusDir('csc-dev/ecspell');
if (gov && csc) {
  const sets = {
    'gov-texts': readdirSync(gov)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => readFileSync(join(gov, f), 'utf8')),
    'ECSpell law (one document of sentences)': [
      readFileSync(join(csc, 'law.train'), 'utf8')
        .split('\n')
        .map((l) => l.split('\t')[1] ?? '')
        .join('\n'),
    ],
  };
  const on = new Checker();
  const off = new Checker({ config: { rules: { 'typo/lm': { level: 'off' } }, terms: [], ignore: [] } });
  on.check(textDocument(sets['gov-texts'][0]));
  off.check(textDocument(sets['gov-texts'][0]));
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  for (const [name, texts] of Object.entries(sets)) {
    const chars = texts.reduce((n, t) => n + t.length, 0);
    const times = { on: [], off: [] };
    for (let r = 0; r < runs; r++)
      for (const [k, checker] of [
        ['off', off],
        ['on', on],
      ]) {
        const cpu = process.cpuUsage();
        const wall = performance.now();
        for (const t of texts) checker.check(textDocument(t));
        times[k].push({ cpu: process.cpuUsage(cpu).user / 1000, wall: performance.now() - wall });
      }
    const rate = (ms) => ((chars / ms) * 1000) / 1e6;
    const m = (k, f) => median(times[k].map((x) => x[f]));
    console.log(
      `${name}: ${chars} characters; median of ${runs} runs, CPU time (wall): without typo/lm ${rate(m('off', 'cpu')).toFixed(2)} M chars/s (${rate(m('off', 'wall')).toFixed(2)}), with ${rate(m('on', 'cpu')).toFixed(2)} M chars/s (${rate(m('on', 'wall')).toFixed(2)}); typo/lm costs ${(((m('on', 'cpu') - m('off', 'cpu')) / chars) * 1e6).toFixed(0)} ns of CPU per character`,
    );
  }
}
