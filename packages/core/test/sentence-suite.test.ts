import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Checker, readDocument, type Diagnostic } from '@gongwen/core';

// The project's own sentence suites (corpora/sentences/*.tsv): one planted error per bad sentence, with the rule that
// must find it and the span it must cover, and clean sentences in the style of official documents. Every sentence is
// read as a UTF-8 .txt file of its own, as a user checking one sentence would.
const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../corpora/sentences');
const AREAS = ['punct/', 'number/', 'element/'];

interface Row {
  file: string;
  line: number;
  rule: string;
  span: string;
  text: string;
}

function rows(): Row[] {
  const out: Row[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.tsv'))
    .sort()) {
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .forEach((raw, i) => {
        if (!raw.trim() || raw.startsWith('#')) return;
        const cols = raw.split('\t');
        if (cols.length !== 3)
          throw new Error(`${file}:${i + 1}: expected 3 tab-separated columns, got ${cols.length}`);
        out.push({ file, line: i + 1, rule: cols[0]!, span: cols[1]!, text: cols[2]!.replace(/\\n/g, '\n') });
      });
  }
  return out;
}

const checker = new Checker();
const suite = rows();
const bad = suite.filter((r) => r.rule !== '-');
const clean = suite.filter((r) => r.rule === '-');
const check = (text: string): Diagnostic[] =>
  checker.check(readDocument(new TextEncoder().encode(text), 'text')).diagnostics;
const show = (r: Row, ds: Diagnostic[]) =>
  `${r.file}:${r.line} ${r.text.replace(/\n/g, '⏎')} → ${ds.map((d) => `${d.ruleId}[${d.severity}]「${r.text.slice(d.range[0], d.range[1])}」`).join(' ') || '(nothing)'}`;

describe('sentence suites (punct/, number/, element/)', () => {
  it('are well formed: at least 150 sentences, known rule ids, each span once in its sentence', () => {
    expect(suite.length).toBeGreaterThanOrEqual(150);
    expect(bad.length).toBeGreaterThanOrEqual(100);
    expect(clean.length).toBeGreaterThanOrEqual(50);
    for (const r of bad) {
      expect(
        AREAS.some((a) => r.rule.startsWith(a)),
        `${r.file}:${r.line} ${r.rule}`,
      ).toBe(true);
      expect(checker.registry.has(r.rule), `${r.file}:${r.line} unknown rule ${r.rule}`).toBe(true);
      expect(r.span.length, `${r.file}:${r.line} empty span`).toBeGreaterThan(0);
      const at = r.text.indexOf(r.span);
      expect(
        at >= 0 && r.text.indexOf(r.span, at + 1) < 0,
        `${r.file}:${r.line} span “${r.span}” must occur exactly once`,
      ).toBe(true);
    }
    for (const r of clean) expect(r.span, `${r.file}:${r.line}`).toBe('');
  });

  it('find at least 95% of the planted errors, by the expected rule, at the planted place', () => {
    const misses: string[] = [];
    for (const r of bad) {
      const ds = check(r.text);
      const s = r.text.indexOf(r.span);
      const e = s + r.span.length;
      if (!ds.some((d) => d.ruleId === r.rule && d.range[0] < e && d.range[1] > s)) misses.push(show(r, ds));
    }
    const recall = 1 - misses.length / bad.length;
    expect(
      recall,
      `recall ${(recall * 100).toFixed(1)}% of ${bad.length}; missed:\n${misses.join('\n')}`,
    ).toBeGreaterThanOrEqual(0.95);
  });

  it('leave at least 97% of the clean sentences without any warning or error', () => {
    const alarms: string[] = [];
    for (const r of clean) {
      const ds = check(r.text).filter((d) => d.severity !== 'info');
      if (ds.length) alarms.push(show(r, ds));
    }
    const share = 1 - alarms.length / clean.length;
    expect(
      share,
      `${(share * 100).toFixed(1)}% of ${clean.length} clean; false alarms:\n${alarms.join('\n')}`,
    ).toBeGreaterThanOrEqual(0.97);
  });

  it('report nothing at warning or error outside the planted span of a bad sentence (in at least 97% of them)', () => {
    const extra: string[] = [];
    for (const r of bad) {
      const ds = check(r.text);
      const s = r.text.indexOf(r.span);
      const e = s + r.span.length;
      const outside = ds.filter((d) => d.severity !== 'info' && !(d.range[0] < e && d.range[1] > s));
      if (outside.length) extra.push(show(r, outside));
    }
    const share = 1 - extra.length / bad.length;
    expect(
      share,
      `${(share * 100).toFixed(1)}% of ${bad.length}; findings elsewhere:\n${extra.join('\n')}`,
    ).toBeGreaterThanOrEqual(0.97);
  });
});
