// Rules that declare `locality: 'line'` promise that their findings on a line depend on nothing outside it; the
// language server relies on that to check only changed lines. Each declaration is held to the promise here: the rule
// run line by line (the same cut the server uses) must give exactly what it gives on the whole document.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compileDataRule,
  defaultRegistry,
  documentFromSource,
  lineSplittable,
  lineUnits,
  mayCrossLines,
  normalizeLineBreaks,
  recognizeStructure,
  resolveProfile,
  runRules,
  withoutLineIdioms,
  type Config,
  type DataRuleSpec,
  type Diagnostic,
  type GovDocument,
  type SourceFormat,
} from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const SHARED = join(root, '..', 'shared', 'corpora', 'gov-texts');
const MARKERS_RE = / ((?:\{[a-z]+\/[a-z0-9-]+\})+)$/gm;

function filesUnder(dir: string, re: RegExp): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? filesUnder(p, re) : re.test(n) ? [p] : [];
    });
}

const registry = defaultRegistry();
const declaring = registry.all().filter((r) => r.meta.locality === 'line');
const profile = resolveProfile(undefined);
const plain: Config = { rules: {}, terms: [], ignore: [] };
// Terms change what fixed-expression looks for and where nothing is reported.
const withTerms: Config = { rules: {}, terms: ['某某市人民政府办公室', '国办发', '2024年3月'], ignore: [] };

const shifted = (d: Diagnostic, by: number): Diagnostic => ({
  ...d,
  range: [d.range[0] + by, d.range[1] + by],
  ...(d.fix ? { fix: { range: [d.fix.range[0] + by, d.fix.range[1] + by], text: d.fix.text } } : {}),
  ...(d.suggestions
    ? {
        suggestions: d.suggestions.map((s) => ({
          message: s.message,
          fix: { range: [s.fix.range[0] + by, s.fix.range[1] + by] as [number, number], text: s.fix.text },
        })),
      }
    : {}),
});

/** The declaring rules on the whole document and line by line; returns the number of findings. */
function compare(doc: GovDocument, config: Config, name: string): number {
  if (!lineSplittable(doc, config)) return 0;
  // Suppression comments act on the whole document after the rules; compare what the rules themselves find.
  const whole = { ...doc, suppressions: [] };
  const structure = recognizeStructure(whole);
  const options = { registry, config, profile, rules: declaring };
  const full = runRules(whole, structure, options);
  const byLine: Diagnostic[] = [];
  for (const u of lineUnits(whole, structure)) {
    const { document, structure: s } = u.unit();
    for (const d of runRules(document, s, options)) byLine.push(shifted(d, u.start));
  }
  const key = (ds: Diagnostic[]) => ds.map((d) => JSON.stringify(d)).sort();
  expect(key(byLine), name).toEqual(key(full));
  return full.length;
}

function read(file: string): { source: string; format: SourceFormat } {
  const format: SourceFormat = file.endsWith('.md') ? 'markdown' : 'text';
  return { source: normalizeLineBreaks(readFileSync(file, 'utf8')).text.replace(MARKERS_RE, ''), format };
}

describe("rules declaring locality: 'line'", () => {
  it('are the text rules that scan line by line, and the data rules proved line-local when compiled', () => {
    expect(declaring.map((r) => r.meta.id)).toEqual(
      expect.arrayContaining(['wording/fixed-expression', 'element/doc-number', 'punct/sequence-marker']),
    );
    for (const r of declaring) expect(['code', 'data'], r.meta.id).toContain(r.meta.kind);
    expect(declaring.some((r) => r.meta.kind === 'data')).toBe(true);
  });

  it('find the same line by line as on the whole document (fixtures, samples, their examples)', () => {
    let findings = 0;
    for (const f of filesUnder(join(root, 'corpora'), /\.(txt|md)$/)) {
      const { source, format } = read(f);
      let doc: GovDocument;
      try {
        doc = documentFromSource(source, format);
      } catch (e) {
        if ((e as Error).name === 'DocumentError') continue;
        throw e;
      }
      findings += compare(doc, plain, f);
      findings += compare(doc, withTerms, `${f} (terms)`);
    }
    // Every example at once, one per line, and all of them joined (a document of many small pieces).
    const examples = declaring.flatMap((r) => [...r.meta.examples.bad.map((b) => b.text), ...r.meta.examples.good]);
    for (const t of examples) findings += compare(documentFromSource(t, 'text'), plain, t);
    findings += compare(documentFromSource(examples.join('\n'), 'text'), plain, 'examples joined');
    findings += compare(documentFromSource(examples.join('\n\n'), 'markdown'), plain, 'examples as Markdown');
    expect(findings).toBeGreaterThan(20);
  });

  it('find the same line by line as on the whole document (real government documents)', (ctx) => {
    if (!existsSync(SHARED)) {
      if (process.env.CI) throw new Error(`corpus missing: ${SHARED}`);
      console.log(`skipped: ${SHARED} not found (the external corpora sit beside the project)`);
      ctx.skip();
    }
    let findings = 0;
    for (const f of filesUnder(SHARED, /\.txt$/))
      findings += compare(documentFromSource(read(f).source, 'text'), plain, f);
    expect(findings).toBeGreaterThan(0);
  }, 120_000);
});

describe('line locality of expressions', () => {
  it.each([
    ['(?<=\\p{Script=Han})[,;:?!]', false],
    ['[^，]+等', true],
    ['[^\\s，]+等', false],
    ['\\s+', true],
    ['^附件', true],
    ['号$', true],
    ['[\\u0000-\\u00ff]', true],
    ['[\\u3000-\\u303f]', false],
    ['\\P{Script=Han}', true],
    ['a.b', false],
    ['\\d{4}年', false],
    ['\\D年', true],
  ])('%s → %s', (re, crosses) => {
    expect(mayCrossLines(re)).toBe(crosses);
    // The claim itself: a line break can be matched only where mayCrossLines says so.
    if (!crosses) expect(new RegExp(re, 'u').test('\n')).toBe(false);
  });

  it.each([
    ['(?<=^|\\n)([ \\t\\u3000]*抄送[：:].*[^。\\s])(?=[ \\t\\u3000]*(?:\\n|$))', false],
    ['(?:请示报告|报告请示)(?=[ \\t\\u3000]*(?:\\n|$))', false],
    ['(?<=\\d)(?<!(?:^|[\\n \\u3000])\\d{1,2})[．。](?=\\d)', false],
    ['抄送(?:\\n|$)', true],
    ['(?:^|[\\n ])\\d', true],
    ['a(?=b(?:\\n|$))c', true],
  ])('line idioms: %s → %s', (re, crosses) => {
    expect(mayCrossLines(withoutLineIdioms(re))).toBe(crosses);
    if (crosses) return;
    // The claim itself: every line alone gives the matches of the whole text.
    const text = '抄送：市委办公室\n  抄送：各区政府。\n请示报告\n通知如下请示报告  \n3。5\n 12。5\n1234．5\n抄送:甲\n';
    const all = [...text.matchAll(new RegExp(re, 'gu'))].map((m) => `${m.index}:${m[0]}`);
    const byLine: string[] = [];
    let start = 0;
    for (const line of text.split('\n')) {
      for (const m of line.matchAll(new RegExp(re, 'gu'))) byLine.push(`${start + m.index!}:${m[0]}`);
      start += line.length + 1;
    }
    expect(byLine).toEqual(all);
    expect(all.length).toBeGreaterThan(0);
  });

  it('compiled data rules carry the locality their expressions prove', () => {
    const spec = (pattern: string): DataRuleSpec => ({
      id: 'punct/example',
      kind: 'pattern',
      level: 'warning',
      message: 'm',
      description: 'd',
      pattern,
      examples: { bad: [], good: [] },
    });
    expect(compileDataRule(spec('[,;]')).meta.locality).toBe('line');
    expect(compileDataRule(spec('^附件')).meta.locality).toBeUndefined();
    expect(
      compileDataRule({ ...spec('x'), kind: 'existence', pattern: undefined, tokens: ['甲\n乙'] }).meta.locality,
    ).toBeUndefined();
    // Most data rules are single-line expressions (line-boundary idioms included); the server checks those per line.
    const data = registry.all().filter((r) => r.meta.kind === 'data');
    expect(data.filter((r) => r.meta.locality === 'line').length).toBeGreaterThan(data.length / 2);
  });
});
