import { DATA_RULE_FILES, PROFILE_FILES } from '../generated/bundle.js';
import { CODE_RULES } from '../rules/index.js';
import { compileDataRule, RuleLoadError, validateDataRuleSpec } from './data-rules.js';
import { RuleRegistry } from './registry.js';
import type { Profile, Rule } from './types.js';
import { textDocument } from '../formats/index.js';
import { applyFixes } from './fix.js';
import { lint } from './lint.js';
import { ConfigError, type Config } from './config.js';

/**
 * Runs every example of a rule through the real pipeline: each bad example must be reported by the rule and, when it
 * gives `fixed`, its fixes must produce exactly that text; each good example must produce nothing from the rule.
 */
export function checkRuleExamples(rule: Rule, registry: RuleRegistry, profile: Profile): string[] {
  const errors: string[] = [];
  // AI checks need a model: their examples document what they look for and cannot be run offline.
  if (rule.meta.kind === 'llm') return errors;
  // Layout rules read a .docx (page, fonts, borders): their examples describe the layout in words; the docx fixtures
  // under corpora/fixtures/docx are what runs them.
  if (rule.meta.formats && !rule.meta.formats.includes('text') && !rule.meta.formats.includes('markdown')) return errors;
  const rules = [rule];
  const config: Config = { rules: {}, terms: [], ignore: [] };
  const run = (t: string) => lint(textDocument(t), { registry, config, profile, rules }).diagnostics.filter((d) => d.ruleId === rule.meta.id);
  for (const bad of rule.meta.examples.bad) {
    const found = run(bad.text);
    if (found.length === 0) errors.push(`bad example not reported: ${JSON.stringify(bad.text)}`);
    if (found.some((d) => d.message.includes('执行出错'))) errors.push(`rule threw on ${JSON.stringify(bad.text)}: ${found[0]!.message}`);
    if (bad.fixed !== undefined) {
      let out = bad.text;
      for (let pass = 0; pass < 10; pass++) {
        const fixes = run(out).flatMap((d) => (d.fix ? [d.fix] : []));
        if (!fixes.length) break;
        out = applyFixes(out, fixes).output;
      }
      if (out !== bad.fixed) errors.push(`bad example ${JSON.stringify(bad.text)} fixes to ${JSON.stringify(out)}, expected ${JSON.stringify(bad.fixed)}`);
    }
  }
  for (const good of rule.meta.examples.good) {
    const found = run(good);
    if (found.length) errors.push(`good example reported: ${JSON.stringify(good)} → ${found[0]!.message}`);
  }
  return errors;
}

let cached: RuleRegistry | undefined;

/** The built-in registry: code rules plus the bundled data rules, every example checked once per process. */
export function defaultRegistry(): RuleRegistry {
  if (cached) return cached;
  const registry = new RuleRegistry(CODE_RULES);
  for (const { file, data } of DATA_RULE_FILES) registry.add(compileDataRule(validateDataRuleSpec(data, `rules/${file}`)));
  const profile = resolveProfile(undefined);
  const problems: string[] = [];
  for (const rule of registry.all()) {
    for (const e of checkRuleExamples(rule, registry, profile)) problems.push(`${rule.meta.file ?? rule.meta.id}: ${e}`);
  }
  if (problems.length) throw new RuleLoadError(`rule examples failed:\n${problems.join('\n')}`);
  cached = registry;
  return registry;
}

/** Built-in profiles by name (rules/profiles/*.yaml). */
export function builtinProfiles(): string[] {
  return Object.keys(PROFILE_FILES);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
      ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
      : v;
  }
  return out;
}

/**
 * A profile by name, or a unit's own profile object layered on the one it `extends` (default gbt9704), so a unit
 * changes only the numbers it needs.
 */
export function resolveProfile(profile: Config['profile']): Profile {
  const name = typeof profile === 'string' ? profile : 'gbt9704';
  if (typeof profile === 'object') {
    const base = resolveProfile(typeof profile.extends === 'string' ? profile.extends : 'gbt9704');
    return { ...deepMerge(base, profile), id: typeof profile.id === 'string' ? profile.id : `${base.id}+custom` } as Profile;
  }
  const data = PROFILE_FILES[name];
  if (!data) throw new ConfigError(`未知的格式规范“${name}”，可用：${builtinProfiles().join('、')} / unknown profile "${name}"`);
  const obj = data as Record<string, unknown>;
  if (typeof obj.extends === 'string') return { ...deepMerge(resolveProfile(obj.extends), obj), id: name } as Profile;
  return { ...obj, id: name } as Profile;
}


