import type { Block, ElementRole, GovDocument, Range, RunFormat, SourceFormat } from '../document/types.js';
import type { DocumentStructure } from '../structure/types.js';
import type { Config } from './config.js';
import type { Profile } from './profile.js';

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
  /**
   * `document`: the rule's findings concern the whole document or a whole section (paper, margins, grid), not the
   * paragraph they point at; a review copy gathers them in one comment at the start of the document.
   */
  extent?: 'document';
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
  /** The whole configuration, for rules that read a block of their own (`superseded:`). */
  readonly config?: Config;
  /**
   * Given by a caller that checks the same document again and again (the language server, at each edit), one per
   * rule and document, kept between runs: a rule that must read the whole text may keep here what it found in parts
   * of it, keyed by those parts' text, and read it back while they are unchanged. It trims what it keeps. Absent in
   * a check made once.
   */
  readonly memo?: Map<unknown, unknown>;
  report(descriptor: ReportDescriptor): void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): void;
  /** How `review --fix-layout` corrects a .docx directly for this rule (layout rules whose fix is not a text edit). */
  docxFix?: DocxLayoutFix;
}

/**
 * A direct layout correction of a .docx, declared by its rule next to the check. The docx writer calls `apply` with
 * the rule's findings and an editor over the package; the rule decides what to change and says so in one Chinese line.
 */
export interface DocxLayoutFix {
  /** Page setup is corrected before text, so the summary reads from the page inward. */
  target: 'page' | 'text';
  /** Returns the line for the summary, or undefined when nothing changed. */
  apply(editor: DocxLayoutEditor, diagnostics: readonly Diagnostic[], profile: Profile): string | undefined;
}

/** What a layout fix may change in a .docx (implemented by the docx writer). */
export interface DocxLayoutEditor {
  /** Sets the margins (twips) of every portrait section, and a zero gutter; returns how many sections changed. */
  setPortraitMargins(margins: { top: number; left: number; right: number; bottom: number }): number;
  /** The main-part paragraph holding all of `range`, or undefined (headers, footers, several paragraphs). */
  paragraphAt(range: Range): DocxParagraphEditor | undefined;
}

export interface DocxParagraphEditor {
  readonly block: Block;
  /**
   * The runs that hold exactly `range`, split where needed, each with the format the reader saw at its start (runs
   * without one are left out); undefined when part of the range cannot be isolated into runs.
   */
  runs(range: Range): DocxRunEditor[] | undefined;
}

export interface DocxRunEditor {
  readonly format: RunFormat;
  setEastAsiaFont(name: string): void;
  setSizePt(pt: number): void;
}

export type { ElementSpec, FormatSpec, Profile } from './profile.js';
