// The planted-document review set (corpora/review-set): whole documents, each with problems planted by item of the
// review checks (file `<item>-<slug>.txt`) or none at all (`clean-<slug>.txt`). A line carrying a planted problem ends
// with ` {area/rule-id}` markers, as in corpora/fixtures. Shared by packages/core/test/review-set.test.ts (which holds
// the bounds) and scripts/eval.mjs (which prints the table).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentFromSource } from '@gongwen/core';

const MARKERS_RE = / ((?:\{[a-z]+\/[a-z0-9-]+\})+)$/;
const FILE_RE = /^(\d+|clean)-[a-z0-9-]+\.(txt|md)$/;

/** Strips the markers: the text to check, and the expected `rule@line` pairs. */
export function parseMarked(raw) {
  const expected = [];
  const source = raw
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line, i) => {
      const m = MARKERS_RE.exec(line);
      if (!m) return line;
      for (const id of m[1].slice(1, -1).split('}{')) expected.push({ rule: id, line: i + 1 });
      return line.slice(0, m.index);
    })
    .join('\n');
  return { source, expected };
}

/** The files of the set with their item (`clean` for clean ones); a name of another shape is an error. */
export function reviewSetFiles(dir) {
  return readdirSync(dir)
    .filter((n) => /\.(txt|md)$/.test(n) && n !== 'README.md')
    .sort()
    .map((name) => {
      const m = FILE_RE.exec(name);
      if (!m) throw new Error(`review-set: ${name} is not named <item>-<slug>.txt or clean-<slug>.txt`);
      return { name, item: m[1], path: join(dir, name) };
    });
}

/**
 * Checks every file. Per item: marked (rule, line) pairs, those found (a warning or error of that rule on that line),
 * and false alarms — warnings and errors on unmarked lines by any rule the set names in a marker (the review rules);
 * warnings and errors of other rules in planted files are counted apart. In clean files every warning or error counts.
 */
export function evaluateReviewSet(checker, dir) {
  const files = reviewSetFiles(dir).map((f) => {
    const parsed = parseMarked(readFileSync(f.path, 'utf8'));
    const doc = documentFromSource(parsed.source, f.name.endsWith('.md') ? 'markdown' : 'text');
    const findings = checker
      .check(doc)
      .diagnostics.filter((d) => d.severity !== 'info')
      .map((d) => ({
        rule: d.ruleId,
        line: doc.sourceMap.position(d.range[0]).line,
        severity: d.severity,
        message: d.message,
      }));
    return { ...f, ...parsed, findings };
  });
  const reviewRules = new Set(files.flatMap((f) => f.expected.map((e) => e.rule)));
  const items = new Map();
  const missed = [];
  const alarms = [];
  const others = [];
  for (const f of files) {
    let s = items.get(f.item);
    if (!s) items.set(f.item, (s = { item: f.item, files: 0, marked: 0, found: 0, falseAlarms: 0, otherRules: 0 }));
    s.files++;
    const marked = new Set(f.expected.map((e) => `${e.rule}@${e.line}`));
    const markedLines = new Set(f.expected.map((e) => e.line));
    const hit = new Set(f.findings.map((d) => `${d.rule}@${d.line}`));
    for (const key of marked) {
      s.marked++;
      if (hit.has(key)) s.found++;
      else missed.push(`${f.name}:${key.split('@')[1]} ${key.split('@')[0]}`);
    }
    for (const d of f.findings) {
      const where = `${f.name}:${d.line} ${d.rule} [${d.severity}] ${d.message}`;
      if (f.item === 'clean') {
        s.falseAlarms++;
        alarms.push(where);
      } else if (reviewRules.has(d.rule) && !marked.has(`${d.rule}@${d.line}`)) {
        // A review rule on a line marked for another review rule still is not what was planted there.
        s.falseAlarms++;
        alarms.push(where);
      } else if (!reviewRules.has(d.rule) && !markedLines.has(d.line)) {
        s.otherRules++;
        others.push(where);
      }
    }
  }
  const order = (a, b) => (a === 'clean' ? 1 : b === 'clean' ? -1 : Number(a) - Number(b));
  const rows = [...items.values()].sort((a, b) => order(a.item, b.item));
  return { rows, missed, alarms, others, reviewRules: [...reviewRules].sort() };
}

/** The table, as the test and `npm run eval` print it. */
export function formatReviewSet({ rows, missed, alarms, others }) {
  const out = [
    `${'item'.padEnd(6)}${'files'.padStart(6)}${'marked'.padStart(8)}${'found'.padStart(7)}${'recall'.padStart(8)}${'false alarms'.padStart(14)}${'other rules'.padStart(13)}`,
  ];
  const total = { files: 0, marked: 0, found: 0, falseAlarms: 0, otherRules: 0 };
  for (const r of rows) {
    for (const k of Object.keys(total)) total[k] += r[k];
    const recall = r.marked ? (r.found / r.marked).toFixed(3) : '-';
    out.push(
      `${r.item.padEnd(6)}${String(r.files).padStart(6)}${String(r.marked).padStart(8)}${String(r.found).padStart(7)}${recall.padStart(8)}${String(r.falseAlarms).padStart(14)}${String(r.otherRules).padStart(13)}`,
    );
  }
  const recall = total.marked ? (total.found / total.marked).toFixed(3) : '-';
  out.push(
    `${'all'.padEnd(6)}${String(total.files).padStart(6)}${String(total.marked).padStart(8)}${String(total.found).padStart(7)}${recall.padStart(8)}${String(total.falseAlarms).padStart(14)}${String(total.otherRules).padStart(13)}`,
  );
  if (missed.length) out.push('', `missed (${missed.length}):`, ...missed.map((m) => `  ${m}`));
  if (alarms.length) out.push('', `false alarms (${alarms.length}):`, ...alarms.map((m) => `  ${m}`));
  if (others.length)
    out.push('', `other rules' warnings and errors (${others.length}):`, ...others.map((m) => `  ${m}`));
  return out.join('\n');
}
