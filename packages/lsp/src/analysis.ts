import {
  type Checker,
  finishDiagnostics,
  lineScopeKey,
  lineSplittable,
  lineUnits,
  markdownFromText,
  recognizeStructure,
  runRules,
  textDocument,
  verifyDocumentFixes,
  type Diagnostic,
  type GovDocument,
  type Rule,
} from '@gongwen/core';

export type TextFormat = 'text' | 'markdown';

export interface Analysis {
  doc: GovDocument;
  diagnostics: Diagnostic[];
}

/** The document the CLI would read for this text (line breaks already `\n`). */
export function documentOf(source: string, format: TextFormat): GovDocument {
  return format === 'markdown' ? markdownFromText(source) : textDocument(source);
}

function shift(d: Diagnostic, by: number): Diagnostic {
  const out: Diagnostic = { ...d, range: [d.range[0] + by, d.range[1] + by] };
  if (d.fix) out.fix = { range: [d.fix.range[0] + by, d.fix.range[1] + by], text: d.fix.text };
  if (d.suggestions)
    out.suggestions = d.suggestions.map((s) => ({
      message: s.message,
      fix: { range: [s.fix.range[0] + by, s.fix.range[1] + by], text: s.fix.text },
    }));
  return out;
}

/** Above this many unchecked lines (opening a document, a paste) one run over the whole text is cheaper. */
const BULK_LINES = 24;

/**
 * One document's checker. Rules whose findings on a line cannot depend on other lines (`meta.locality: 'line'`: data
 * rules proved so from their expressions when compiled, code rules by declaration) are run per line and cached by
 * what they may read of the line (text, the roles of its blocks, protected spans; the document's genre and
 * direction); every other rule, and structure recognition, runs on the whole document each time. The result is the
 * same list a full check gives, at the cost of the changed lines only.
 */
export class IncrementalChecker {
  private readonly local: Rule[];
  private readonly global: Rule[];
  /**
   * Findings per line key, relative to the line, and the run that last used them. Entries stay across runs (no new
   * map each run) and are dropped once unused, so the cache holds about as many entries as the document has lines,
   * however many edits there were. Findings of a line checked alone refer only to a copy of that line (see
   * lineUnits), not to the version of the document it came from.
   */
  private cache = new Map<string, { ds: Diagnostic[]; run: number }>();
  private run = 0;
  private scope = '';
  /** Fix verdicts by paragraph (verify.ts): only paragraphs whose text or fixes changed are checked again. */
  private readonly verdicts = new Map<string, readonly boolean[]>();
  /** What the whole-document rules keep between runs (RuleContext.memo); each rule trims its own. */
  private readonly memos = new Map<string, Map<unknown, unknown>>();
  /** Lines served from the cache / checked, in the last run (tests and the benchmark read them). */
  readonly stats = { hits: 0, misses: 0 };

  constructor(readonly checker: Checker) {
    const all = checker.registry.all();
    this.local = all.filter((r) => r.meta.locality === 'line');
    const local = new Set(this.local);
    this.global = all.filter((r) => !local.has(r));
  }

  get localRuleCount(): number {
    return this.local.length;
  }

  check(source: string, format: TextFormat): Analysis {
    const doc = documentOf(source, format);
    const structure = recognizeStructure(doc);
    const base = { registry: this.checker.registry, config: this.checker.config, profile: this.checker.profile };
    if (!this.local.length || !lineSplittable(doc, this.checker.config))
      return { doc, diagnostics: this.verified(doc, structure, runRules(doc, structure, base)) };
    const scope = lineScopeKey(structure);
    if (scope !== this.scope) {
      this.cache.clear();
      this.scope = scope;
    }

    const found = runRules(doc, structure, { ...base, rules: this.global, memos: this.memos });
    const units = [...lineUnits(doc, structure)];
    const cache = this.cache;
    const run = ++this.run;
    let missing = 0;
    for (const u of units) if (!cache.has(u.key)) missing++;
    let bulk: Map<string, Diagnostic[]> | undefined;
    if (missing > BULK_LINES) {
      // By their locality the whole-text findings of these rules are the per-line findings, shifted.
      const all = runRules({ ...doc, suppressions: [] }, structure, { ...base, rules: this.local });
      bulk = new Map();
      let k = 0;
      for (let i = 0; i < units.length; i++) {
        const u = units[i]!;
        const limit = i + 1 < units.length ? units[i + 1]!.start : Infinity;
        const ds: Diagnostic[] = [];
        for (; k < all.length && all[k]!.range[0] < limit; k++)
          ds.push(u.start === 0 ? all[k]! : shift(all[k]!, -u.start));
        if (!cache.has(u.key) && !bulk.has(u.key)) bulk.set(u.key, ds);
      }
    }
    this.stats.hits = 0;
    this.stats.misses = 0;
    for (const u of units) {
      let entry = cache.get(u.key);
      if (entry) {
        this.stats.hits++;
        entry.run = run;
      } else {
        this.stats.misses++;
        let ds = bulk?.get(u.key);
        if (!ds) {
          const { document, structure: s } = u.unit();
          ds = runRules(document, s, { ...base, rules: this.local });
        }
        cache.set(u.key, (entry = { ds, run }));
      }
      for (const d of entry.ds) found.push(u.start === 0 ? d : shift(d, u.start));
    }
    if (cache.size > units.length + 256) for (const [key, e] of cache) if (e.run !== run) cache.delete(key);
    return { doc, diagnostics: this.verified(doc, structure, finishDiagnostics(found, doc)) };
  }

  /** The findings with their fixes verified as the engine verifies them for every face (same answer everywhere). */
  private verified(
    doc: GovDocument,
    structure: ReturnType<typeof recognizeStructure>,
    found: Diagnostic[],
  ): Diagnostic[] {
    const base = { registry: this.checker.registry, config: this.checker.config, profile: this.checker.profile };
    // Verdicts of paragraphs no longer in the document go once the cache outgrows what one document needs.
    if (this.verdicts.size > 4096) this.verdicts.clear();
    return verifyDocumentFixes(doc, structure, found, { ...base, fixVerdicts: this.verdicts });
  }
}
