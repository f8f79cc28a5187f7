import type { ElementRole, GovDocument, Range, SourceFormat } from '../document/types.js';
import type { DocumentStructure } from '../structure/types.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface Fix {
  range: Range;
  text: string;
}

export interface Suggestion {
  message: string;
  fix: Fix;
}

/** The one message shape every producer (data rules, code rules, LLM checks) returns. */
export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  fix?: Fix;
  suggestions?: Suggestion[];
  source: 'rule' | 'llm';
  standard?: string;
  url?: string;
}

export interface RuleExample {
  text: string;
  /** Expected text after applying the rule's fixes (omit when the rule has no fix). */
  fixed?: string;
}

export interface RuleExamples {
  bad: RuleExample[];
  good: string[];
}

export interface RuleMeta {
  id: string;
  level: Severity;
  /** Chinese description of what the rule checks (for `gongwen rules`, hover, docs). */
  description: string;
  /** Default message; code rules may pass their own. */
  message: string;
  /** The clause enforced, e.g. `GB/T 9704-2012 7.2.5`. */
  standard?: string;
  /** Element roles the rule applies to; absent means all prose. */
  scope?: ElementRole[];
  /** Source formats the rule applies to; absent means all. */
  formats?: SourceFormat[];
  fixable?: boolean;
  hasSuggestions?: boolean;
  examples: RuleExamples;
  /** `data` rules come from rules/*.yaml. */
  kind: 'code' | 'data' | 'llm';
  /**
   * Where the rule is defined, relative to the repository root: its YAML file (`rules/<area>/<name>.yaml`) or its
   * code module (`packages/core/src/rules/<area>/<name>.ts`). Set for every built-in rule.
   */
  file?: string;
  /**
   * `line`: the rule's findings on a line (a paragraph of a text or Markdown document) depend only on that line's
   * text, the roles and levels of its blocks, the document's genre and direction, the config and the profile — never
   * on other lines. A checker may then run the rule line by line and keep the result per line (the language server
   * does). Declare it only when true: a test checks every declaring rule line by line against the whole document.
   */
  locality?: 'line';
}

export interface ReportDescriptor {
  range: Range;
  message?: string;
  fix?: Fix;
  suggestions?: Suggestion[];
  /** Overrides the rule's level for this finding (e.g. a heuristic hit that is only a warning). */
  severity?: Severity;
  /** Overrides the rule's clause for this finding (rules that enforce several clauses, e.g. layout fonts per element). */
  standard?: string;
}

export interface RuleContext {
  readonly document: GovDocument;
  readonly text: string;
  readonly structure: DocumentStructure;
  readonly options: Record<string, unknown>;
  readonly profile: Profile;
  readonly terms: readonly string[];
  report(descriptor: ReportDescriptor): void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): void;
}

/** Numbers of a layout profile (rules/profiles/*.yaml); kept opaque to the engine. */
export type Profile = Record<string, unknown> & { id: string };
