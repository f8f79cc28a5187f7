import {
  Checker, DATA_RULE_FILES, finishDiagnostics, markdownFromText, recognizeStructure, runRules, textDocument,
  type Block, type Diagnostic, type GovDocument, type Range, type Rule, type SourceMap,
} from '@gongwen/core';
import { isLineLocal, type DataRuleSource } from './locality.js';

export type TextFormat = 'text' | 'markdown';

export interface Analysis {
  doc: GovDocument;
  diagnostics: Diagnostic[];
}

let dataSources: Map<string, DataRuleSource> | undefined;
function bundledDataRules(): Map<string, DataRuleSource> {
  if (!dataSources) {
    dataSources = new Map();
    for (const { data } of DATA_RULE_FILES) {
      const d = data as DataRuleSource;
      if (d && typeof d.id === 'string') dataSources.set(d.id, d);
    }
  }
  return dataSources;
}

/** The document the CLI would read for this text (line breaks already `\n`). */
export function documentOf(source: string, format: TextFormat): GovDocument {
  return format === 'markdown' ? markdownFromText(source) : textDocument(source);
}

const NO_MAP: SourceMap = { position: () => ({ line: 1, column: 1 }), lineText: () => '' };

function shift(d: Diagnostic, by: number): Diagnostic {
  const out: Diagnostic = { ...d, range: [d.range[0] + by, d.range[1] + by] };
  if (d.fix) out.fix = { range: [d.fix.range[0] + by, d.fix.range[1] + by], text: d.fix.text };
  if (d.suggestions) out.suggestions = d.suggestions.map((s) => ({ message: s.message, fix: { range: [s.fix.range[0] + by, s.fix.range[1] + by], text: s.fix.text } }));
  return out;
}

/**
 * One document's checker. Rules whose findings on a line cannot depend on other lines (proved from their
 * expressions, see locality.ts) are run per line and cached by (line text, the line's element roles, protected
 * spans); every other rule, and structure recognition, runs on the whole document each time. The result is the
 * same list a full check gives, at the cost of the changed lines only.
 */
export class IncrementalChecker {
  private readonly local: Set<Rule>;
  private cache = new Map<string, Diagnostic[]>();
  /** Lines served from the cache / checked, in the last run (tests and the benchmark read them). */
  readonly stats = { hits: 0, misses: 0 };

  constructor(readonly checker: Checker) {
    const sources = bundledDataRules();
    this.local = new Set(checker.registry.all().filter((r) => isLineLocal(r, sources)));
  }

  get localRuleCount(): number {
    return this.local.size;
  }

  check(source: string, format: TextFormat): Analysis {
    const doc = documentOf(source, format);
    const structure = recognizeStructure(doc);
    const base = { registry: this.checker.registry, config: this.checker.config, profile: this.checker.profile };
    const local = this.local;
    const sorted = doc.blocks.filter((b) => b.range[1] > b.range[0]).sort((a, b) => a.range[0] - b.range[0]);
    const exact = local.size > 0 && this.checker.config.terms.every((t) => !t.includes('\n')) && !overlapping(sorted);
    if (!exact) return { doc, diagnostics: runRules(doc, structure, base) };

    const found = runRules(doc, structure, { ...base, only: (r) => !local.has(r) });
    const text = doc.text;
    const prot = doc.protectedRanges;
    const next = new Map<string, Diagnostic[]>();
    let bi = 0;
    let pi = 0;
    this.stats.hits = 0;
    this.stats.misses = 0;
    for (let start = 0; start <= text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      while (bi < sorted.length && sorted[bi]!.range[1] <= start) bi++;
      const blocks: Block[] = [];
      let sig = '';
      for (let k = bi; k < sorted.length && sorted[k]!.range[0] < end; k++) {
        const b = sorted[k]!;
        if (b.range[1] <= start) continue;
        const s = Math.max(b.range[0], start) - start;
        const e = Math.min(b.range[1], end) - start;
        blocks.push({ index: blocks.length, kind: b.kind, range: [s, e], ...(b.role ? { role: b.role } : {}), ...(b.level ? { level: b.level } : {}) });
        sig += `${s},${e},${b.kind},${b.role ?? ''},${b.level ?? ''};`;
      }
      while (pi < prot.length && prot[pi]![1] <= start) pi++;
      const protectedRanges: Range[] = [];
      for (let k = pi; k < prot.length && prot[k]![0] < end; k++) {
        const r = prot[k]!;
        const s = Math.max(r[0], start) - start;
        const e = Math.min(r[1], end) - start;
        protectedRanges.push([s, e]);
        sig += `p${s},${e};`;
      }
      const line = text.slice(start, end);
      const key = `${line}\u0001${sig}`;
      let ds = next.get(key) ?? this.cache.get(key);
      if (ds) this.stats.hits++;
      else {
        this.stats.misses++;
        const mini: GovDocument = { format: doc.format, text: line, source: line, blocks, sourceMap: NO_MAP, protectedRanges };
        ds = runRules(mini, structure, { ...base, only: (r) => local.has(r) });
      }
      next.set(key, ds);
      for (const d of ds) found.push(start === 0 ? d : shift(d, start));
      if (end === text.length) break;
      start = end + 1;
    }
    this.cache = next;
    return { doc, diagnostics: finishDiagnostics(found, doc) };
  }
}

function overlapping(sorted: readonly Block[]): boolean {
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.range[0] < sorted[i - 1]!.range[1]) return true;
  return false;
}
