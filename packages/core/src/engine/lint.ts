import type { Block, GovDocument, Range } from '../document/types.js';
import { shortQuotes } from './quote.js';
import { firstEndingAfter } from '../document/ranges.js';
import { recognizeStructure } from '../structure/recognize.js';
import type { DocumentStructure } from '../structure/types.js';
import { type Config, effectiveLevel, type RuleSetting, settingFor } from './config.js';
import type { RuleRegistry } from './registry.js';
import type { Diagnostic, Profile, ReportDescriptor, Rule, RuleContext, Severity, SeveritySetting } from './types.js';
import { demoteFix, verifyFixes } from './verify.js';

export interface LintOptions {
  registry: RuleRegistry;
  config: Config;
  profile: Profile;
  /** Run only these rules (the LSP's per-paragraph cache, tests). */
  only?: (rule: Rule) => boolean;
  /** Run these rules instead of the registry's (callers that run a fixed subset many times, e.g. per line). */
  rules?: readonly Rule[];
  /** Findings kept per rule and document; the rest are counted in one closing finding. */
  maxFindingsPerRule?: number;
  /** Keep every finding that carries a fix past that limit (fixing needs them all; only the rest are counted). */
  keepAllFixes?: boolean;
  /** Milliseconds one rule may run on a document before it is stopped (default: 2 s plus 10 ms per 1,000 characters: far above what a linear rule needs). */
  ruleBudgetMs?: number;
  /**
   * Leave fixes as the rules made them instead of verifying them (see verify.ts). Only for callers that verify the
   * combined findings themselves (the language server's per-line checks).
   */
  unverified?: boolean;
  /** Fix verdicts by paragraph kept between runs (verify.ts); the owner trims it. */
  fixVerdicts?: Map<string, readonly boolean[]>;
  /** Each rule's RuleContext.memo by rule id, kept between runs over one document (the language server). */
  memos?: Map<string, Map<unknown, unknown>>;
}

export const MAX_FINDINGS_PER_RULE = 500;

function memoOf(memos: Map<string, Map<unknown, unknown>>, id: string): Map<unknown, unknown> {
  let m = memos.get(id);
  if (!m) memos.set(id, (m = new Map()));
  return m;
}

/** Thrown from report() to stop a rule that ran out of time. */
class RuleStopped extends Error {}

export interface LintResult {
  diagnostics: Diagnostic[];
  structure: DocumentStructure;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function overlaps(a: Range, b: Range): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

/** Sorted, merged ranges: does any overlap [s, e)? Binary search. */
function hitsAny(sorted: readonly Range[], s: number, e: number): boolean {
  const r = firstEndingAfter(sorted, s);
  return r !== undefined && r[0] < Math.max(e, s + 1);
}

/** Every occurrence of the configured terms, sorted (never reported in, never "corrected"). */
export function termRanges(text: string, terms: readonly string[]): Range[] {
  const out: Range[] = [];
  for (const t of terms) {
    if (!t) continue;
    for (let i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + 1)) out.push([i, i + t.length]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Block lookup by offset, for scope checks. */
function blockFinder(blocks: readonly Block[]): (offset: number) => Block | undefined {
  const sorted = [...blocks].filter((b) => b.range[1] > b.range[0]).sort((a, b) => a.range[0] - b.range[0]);
  return (offset) => {
    let lo = 0;
    let hi = sorted.length - 1;
    let found: Block | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = sorted[mid]!;
      if (b.range[0] <= offset) {
        found = b;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found && offset < found.range[1] ? found : undefined;
  };
}

/** Runs every enabled rule on a document and passes the findings through the pipeline. */
export function lint(doc: GovDocument, options: LintOptions): LintResult {
  const structure = recognizeStructure(doc);
  const found = runRules(doc, structure, options);
  const diagnostics = options.unverified ? found : verifyDocumentFixes(doc, structure, found, options);
  if (!doc.notices?.length) return { diagnostics, structure };
  const notices = doc.notices.map(
    (n): Diagnostic => ({
      ruleId: `gongwen/${n.code}`,
      severity: 'info',
      message: n.message,
      range: [0, 0],
      source: 'rule',
    }),
  );
  return { diagnostics: [...notices, ...diagnostics].sort(compareDiagnostics), structure };
}

/** The engine's fix verification (verify.ts) with the rules and config of a lint run. */
export function verifyDocumentFixes(
  doc: GovDocument,
  structure: DocumentStructure,
  diagnostics: Diagnostic[],
  options: LintOptions,
): Diagnostic[] {
  const { registry, config, profile, fixVerdicts } = options;
  return verifyFixes(
    doc,
    structure,
    diagnostics,
    { registry, config, profile, ...(fixVerdicts ? { cache: fixVerdicts } : {}) },
    (unit, s, rules) =>
      // Uncapped: with a rule's findings cut at the cap, fixing the first ones would bring the next ones into view.
      runRules(unit, s, { registry, config, profile, rules, maxFindingsPerRule: Number.MAX_SAFE_INTEGER }),
  );
}

interface RulePlan {
  level: SeveritySetting;
  options: Record<string, unknown>;
  scope: ReadonlySet<string> | undefined;
}

// A rule's level, options and scope under a config: the same for every document checked with that config (a config's
// rules table is not changed after it is built; a changed config is a new table).
const plans = new WeakMap<Record<string, RuleSetting>, WeakMap<Rule, RulePlan>>();

function planFor(config: Config, rule: Rule): RulePlan {
  let byRule = plans.get(config.rules);
  if (!byRule) plans.set(config.rules, (byRule = new WeakMap()));
  let plan = byRule.get(rule);
  if (!plan) {
    const meta = rule.meta;
    plan = {
      level: effectiveLevel(config, meta.id, meta.level),
      options: settingFor(config, meta.id)?.options ?? {},
      scope: meta.scope ? new Set(meta.scope) : undefined,
    };
    byRule.set(rule, plan);
  }
  return plan;
}

export function runRules(doc: GovDocument, structure: DocumentStructure, options: LintOptions): Diagnostic[] {
  const { registry, config, profile } = options;
  const text = doc.text;
  const protectedRanges = doc.protectedRanges;
  const terms = termRanges(text, config.terms);
  const findBlock = blockFinder(doc.blocks);
  const out: Diagnostic[] = [];
  const maxFindings = options.maxFindingsPerRule ?? MAX_FINDINGS_PER_RULE;
  const budget = options.ruleBudgetMs ?? 2000 + text.length / 100;
  let roles: Set<string | undefined> | undefined;

  for (const rule of options.rules ?? registry.all()) {
    const meta = rule.meta;
    if (meta.kind === 'llm') continue;
    if (options.only && !options.only(rule)) continue;
    if (meta.formats && !meta.formats.includes(doc.format)) continue;
    const { level, options: ruleOptions, scope } = planFor(config, rule);
    if (level === 'off') continue;
    // A rule confined to elements the document does not have can report nothing (report() drops findings outside
    // them): not run at all (抄送 rules on a document without 抄送).
    if (scope) {
      roles ??= new Set(doc.blocks.map((b) => b.role));
      let any = false;
      for (const r of scope) if (roles.has(r)) any = true;
      if (!any) continue;
    }
    let kept = 0;
    let more = 0;
    let firstMore: Range | undefined;
    const deadline = performance.now() + budget;
    const ctx: RuleContext = {
      document: doc,
      text,
      structure,
      options: ruleOptions,
      profile,
      terms: config.terms,
      config,
      memo: options.memos ? memoOf(options.memos, meta.id) : undefined,
      report(d: ReportDescriptor) {
        const [s, e] = d.range;
        if (!(s >= 0 && e >= s && e <= text.length)) throw new Error(`range [${s}, ${e}) is outside the text`);
        if (d.fix && !meta.fixable) throw new Error(`rule ${meta.id} reported a fix but does not declare meta.fixable`);
        if (d.suggestions?.length && !meta.hasSuggestions && !meta.fixable) {
          throw new Error(`rule ${meta.id} reported suggestions but does not declare meta.hasSuggestions`);
        }
        if (hitsAny(protectedRanges, s, e)) return;
        if (scope) {
          const b = findBlock(s);
          if (!b || !b.role || !scope.has(b.role)) return;
        } else {
          const b = findBlock(s);
          if (b && (b.role === 'blank' || b.kind === 'code')) return;
        }
        if (
          terms.length &&
          terms.some(
            (t) =>
              overlaps(t, [s, Math.max(e, s + 1)]) && ((s >= t[0] && e <= t[1]) || (d.fix && overlaps(t, d.fix.range))),
          )
        )
          return;
        if (performance.now() > deadline) throw new RuleStopped();
        const severity: Severity = d.severity && level === meta.level ? d.severity : level;
        // Bounded output: a document with a million “ gave 598 MB of JSON, one finding each.
        if (kept >= maxFindings && !(d.fix && severity !== 'info' && options.keepAllFixes)) {
          if (more++ === 0) firstMore = [s, e];
          return;
        }
        kept++;
        const found: Diagnostic = {
          ruleId: meta.id,
          severity,
          message: d.message === undefined ? meta.message : shortQuotes(d.message),
          range: [s, e],
          ...(d.fix ? { fix: d.fix } : {}),
          ...(d.suggestions?.length ? { suggestions: d.suggestions } : {}),
          source: 'rule',
          ...((d.standard ?? meta.standard) ? { standard: d.standard ?? meta.standard } : {}),
        };
        // Advice is never applied unattended: at info level a fix is offered as a suggestion only.
        out.push(severity === 'info' && found.fix ? demoteFix(found) : found);
      },
    };
    try {
      rule.create(ctx);
    } catch (err) {
      if (err instanceof RuleStopped) {
        out.push({
          ruleId: meta.id,
          severity: 'warning',
          message: `规则 ${meta.id} 在本文档上运行超过 ${Math.round(budget)} 毫秒，已停止（已报告的问题保留，其余规则照常检查） / rule stopped: over its time budget on this document`,
          range: [0, 0],
          source: 'rule',
        });
        continue;
      }
      // A broken rule must never take the checker down: it becomes a finding that names it.
      out.push({
        ruleId: meta.id,
        severity: 'error',
        message: `规则 ${meta.id} 执行出错（内部错误，请报告）：${(err as Error)?.message ?? String(err)}`,
        range: [0, 0],
        source: 'rule',
      });
    }
    if (more > 0) {
      out.push({
        ruleId: meta.id,
        severity: level,
        message: `另有 ${more} 处同类问题（${meta.message}），未逐一列出 / ${more} more findings of this rule not listed`,
        range: firstMore!,
        source: 'rule',
        ...(meta.standard ? { standard: meta.standard } : {}),
      });
    }
  }
  return finishDiagnostics(out, doc);
}

/** The pipeline every producer's findings pass: inline suppression → dedupe → stable sort. */
export function finishDiagnostics(diagnostics: Diagnostic[], doc: Pick<GovDocument, 'suppressions'>): Diagnostic[] {
  const sup = doc.suppressions ?? [];
  const kept = sup.length
    ? diagnostics.filter(
        (d) =>
          !sup.some(
            (s) =>
              d.range[0] >= s.range[0] &&
              d.range[0] <= s.range[1] &&
              (s.ruleIds.length === 0 || s.ruleIds.includes(d.ruleId)),
          ),
      )
    : diagnostics;
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const d of kept) {
    const key = `${d.ruleId}\u0000${d.range[0]}\u0000${d.range[1]}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(d);
  }
  return unique.sort(compareDiagnostics);
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range[0] - b.range[0] ||
    a.range[1] - b.range[1] ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
