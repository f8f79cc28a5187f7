// Measures drafting without a model on the project's own sets (corpora/drafting): the plan's 文种 and refusals on the
// written requests, and the fact guard on drafts with planted inventions and on clean drafts. Prints the tables;
// packages/core/test/drafting-eval.test.ts holds the numbers. `npm run eval -- --only draft` runs it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { guardFacts, indexSources, planDraft } from '@gongwen/core';

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

/** Each clean draft (and its clean rewrites) and each planted draft of guard.yaml, through the fact guard. */
export function evaluateGuard(dir = DRAFTING_DIR) {
  const { scenarios } = parse(readFileSync(join(dir, 'guard.yaml'), 'utf8'));
  const clean = [];
  const planted = [];
  for (const s of scenarios) {
    const index = indexSources([...s.materials, s.request, s.from ?? '', s.to ?? '']);
    const variant = (from, to) => {
      if (!s.draft.includes(from)) throw new Error(`${s.name}: “${from}” is not in the draft`);
      return s.draft.replace(from, to);
    };
    for (const [label, text] of [
      ['clean', s.draft],
      ...(s.clean ?? []).map(([a, b]) => [`${a} → ${b}`, variant(a, b)]),
    ]) {
      const r = guardFacts(text, index);
      clean.push({ scenario: s.name, label, flagged: r.unverified.map((u) => u.text) });
    }
    for (const p of s.planted ?? []) {
      const r = guardFacts(variant(p.from, p.to), index);
      const texts = r.unverified.map((u) => u.text);
      const found = texts.some((t) => t.includes(String(p.flag)) || String(p.flag).includes(t));
      // Another flag inside the planted words (经…会议研究，同意) is the same invention; elsewhere it is a false one.
      const extra = texts.filter((t) => !(t.includes(String(p.flag)) || String(p.to).includes(t)));
      planted.push({ scenario: s.name, planted: p.to, flag: String(p.flag), found, extra });
    }
  }
  return { clean, planted };
}

export function formatGuard({ clean, planted }) {
  const found = planted.filter((p) => p.found).length;
  const extra = planted.reduce((n, p) => n + p.extra.length, 0);
  const falseFlags = clean.reduce((n, c) => n + c.flagged.length, 0);
  const lines = [
    '| planted drafts | planted found | other 【待核】 in planted drafts | clean drafts | false 【待核】 on clean |',
    '|---:|---:|---:|---:|---:|',
    `| ${planted.length} | ${found} | ${extra} | ${clean.length} | ${falseFlags} |`,
  ];
  for (const p of planted.filter((x) => !x.found || x.extra.length))
    lines.push(
      `  ${p.found ? 'extra' : 'missed'}: ${p.scenario}: ${p.flag}${p.extra.length ? ` (also ${p.extra.join('、')})` : ''}`,
    );
  for (const c of clean.filter((x) => x.flagged.length))
    lines.push(`  false: ${c.scenario} (${c.label}): ${c.flagged.join('、')}`);
  return lines.join('\n');
}

/** The tables of `npm run eval -- --only draft`. */
export function printDrafting() {
  console.log('## drafting plans (corpora/drafting/plans.yaml)');
  console.log(formatPlans(evaluatePlans()));
  console.log('');
  console.log('## fact guard (corpora/drafting/guard.yaml)');
  console.log(formatGuard(evaluateGuard()));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) printDrafting();
