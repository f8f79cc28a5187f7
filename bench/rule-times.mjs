// Time spent per rule over the gov-texts corpus (in process), and the engine's time outside the rules.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checker, defaultRegistry, textDocument } from '@gongwen/core';
import { corpusDir } from './_util.mjs';

const dir = corpusDir('gov-texts/ecspell-web-dev');
if (dir) {
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8').replace(/\r\n?/g, '\n'));
  const registry = defaultRegistry();
  const times = new Map();
  for (const rule of registry.all()) {
    const create = rule.create.bind(rule);
    rule.create = (ctx) => {
      const t = performance.now();
      try {
        return create(ctx);
      } finally {
        times.set(rule.meta.id, (times.get(rule.meta.id) ?? 0) + performance.now() - t);
      }
    };
  }
  const checker = new Checker({ registry });
  checker.check(textDocument(texts[0]));
  times.clear();
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const t0 = performance.now();
  for (let r = 0; r < runs; r++) for (const t of texts) checker.check(textDocument(t));
  const total = (performance.now() - t0) / runs;
  const inRules = [...times.values()].reduce((a, b) => a + b, 0) / runs;
  console.log(
    `total ${total.toFixed(0)} ms per pass; in rules ${inRules.toFixed(0)} ms; outside ${(total - inRules).toFixed(0)} ms`,
  );
  for (const [id, ms] of [...times].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 25)))
    console.log(`${(ms / runs).toFixed(1).padStart(8)} ms  ${id}`);
}
