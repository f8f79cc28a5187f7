// Measures drafting without a model on the project's own sets (corpora/drafting): the plan's 文种 and refusals on the
// written requests, and the fact guard on drafts with planted inventions and on clean drafts. Prints the tables;
// packages/core/test/drafting-eval.test.ts holds the numbers. `npm run eval -- --only draft` runs it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { planDraft } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DRAFTING_DIR = join(root, 'corpora', 'drafting');

/** Each written request, planned: the 文种 and refusal expected and chosen. */
export function evaluatePlans(dir = DRAFTING_DIR) {
  const { cases } = parse(readFileSync(join(dir, 'plans.yaml'), 'utf8'));
  return cases.map((c) => {
    const plan = planDraft({
      request: c.request,
      ...(c.from ? { from: c.from } : {}),
      ...(c.to ? { to: c.to } : {}),
      ...(c.genre ? { genre: c.genre } : {}),
      materials: (c.materials ?? []).map((text, i) => ({ name: `材料${i + 1}`, text })),
    });
    const refused = plan.refusal ? (/第(十[六七])条/.exec(plan.refusal.clause)?.[0] ?? 'other') : undefined;
    return {
      request: c.request,
      expect: c.expect,
      got: plan.genre,
      genreRight: plan.genre === c.expect,
      refuseExpected: c.refuse,
      refused,
      refusalRight: (c.refuse ?? undefined) === refused,
    };
  });
}

export function formatPlans(rows) {
  const n = rows.length;
  const genre = rows.filter((r) => r.genreRight).length;
  const refusals = rows.filter((r) => r.refusalRight).length;
  const shouldRefuse = rows.filter((r) => r.refuseExpected).length;
  const lines = [
    '| requests | 文种 right | refusals right (all requests) | of which should refuse | refused correctly |',
    '|---:|---:|---:|---:|---:|',
    `| ${n} | ${genre} | ${refusals} | ${shouldRefuse} | ${rows.filter((r) => r.refuseExpected && r.refusalRight).length} |`,
  ];
  for (const r of rows.filter((x) => !x.genreRight || !x.refusalRight))
    lines.push(
      `  miss: ${r.request} → ${r.got}${r.refused ? `（拒绝 ${r.refused}）` : ''}; expected ${r.expect}${r.refuseExpected ? `（拒绝 ${r.refuseExpected}）` : ''}`,
    );
  return lines.join('\n');
}

/** The tables of `npm run eval -- --only draft`. */
export function printDrafting() {
  console.log('## drafting plans (corpora/drafting/plans.yaml)');
  console.log(formatPlans(evaluatePlans()));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) printDrafting();
