import type { GovDocument, SourceFormat } from '../document/types.js';
import { documentFromSource } from '../formats/index.js';
import { type Config, ConfigError, parseLevel, type RuleSetting } from './config.js';
import { fixUntilStable, type FixLoopResult } from './fix.js';
import { type LintOptions, lint, type LintResult } from './lint.js';
import { defaultRegistry } from './load.js';
import { resolveProfile } from './profile.js';
import type { RuleRegistry } from './registry.js';
import type { Diagnostic, Profile } from './types.js';

export interface CheckerOptions {
  config?: Config;
  registry?: RuleRegistry;
}

/** The engine's face for the CLI, the language server and tests: one config, one registry, one profile. */
export class Checker {
  readonly registry: RuleRegistry;
  readonly config: Config;
  readonly profile: Profile;
  /** Fix verdicts of paragraphs seen before (verify.ts): the passes of fix() and repeated checks verify only what changed. */
  private readonly fixVerdicts = new Map<string, readonly boolean[]>();

  constructor(options: CheckerOptions = {}) {
    this.registry = options.registry ?? defaultRegistry();
    this.config = withSettingObjects(options.config ?? { rules: {}, terms: [], ignore: [] });
    for (const key of Object.keys(this.config.rules)) {
      if (!this.registry.matches(key))
        throw new ConfigError(`未知的规则“${key}”（gongwen rules 列出全部规则） / unknown rule "${key}"`);
    }
    this.profile = resolveProfile(this.config.profile);
  }

  /** `options`: limits of this run (`keepAllFixes` when the findings feed a fix loop). */
  check(
    doc: GovDocument,
    options: Pick<LintOptions, 'keepAllFixes' | 'maxFindingsPerRule' | 'ruleBudgetMs'> = {},
  ): LintResult {
    if (this.fixVerdicts.size > 4096) this.fixVerdicts.clear();
    return lint(doc, {
      registry: this.registry,
      config: this.config,
      profile: this.profile,
      fixVerdicts: this.fixVerdicts,
      ...options,
    });
  }

  /**
   * Applies every verified fix (see verify.ts; never advice) until nothing fixable is left; returns the fixed source,
   * each change made and what remains.
   */
  fix(
    source: string,
    format: SourceFormat,
    /** Findings to leave alone (e.g. occurrences a person chose to ignore): neither fixed nor returned. */
    keep: (doc: GovDocument, d: Diagnostic) => boolean = () => true,
  ): FixLoopResult & { diagnostics: Diagnostic[] } {
    const kept = (s: string) => {
      const doc = documentFromSource(s, format);
      const options = { registry: this.registry, config: this.config, profile: this.profile, keepAllFixes: true };
      return lint(doc, options).diagnostics.filter((d) => keep(doc, d));
    };
    const result = fixUntilStable(source, (s) =>
      kept(s).flatMap((d) => (d.fix ? [{ ...d.fix, ruleId: d.ruleId }] : [])),
    );
    return { ...result, diagnostics: kept(result.output) };
  }
}

/**
 * A config written by hand for the API may give a rule a bare level (`'off'`, as `.gongwenrc.yaml` allows) where the
 * type asks for `{ level }`; it was silently ignored. Such entries become settings; a level that is none is an error.
 */
function withSettingObjects(config: Config): Config {
  const entries = Object.entries(config.rules as Record<string, unknown>);
  if (entries.every(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v))) return config;
  const rules: Record<string, RuleSetting> = {};
  for (const [id, v] of entries) {
    rules[id] =
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? (v as RuleSetting)
        : { level: parseLevel(v, `rules.${id}`) };
  }
  return { ...config, rules };
}
