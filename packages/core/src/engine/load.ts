import { DATA_RULE_FILES, PROFILE_FILES } from '../generated/bundle.js';
import { CODE_RULES } from '../rules/index.js';
import { compileDataRule, validateDataRuleSpec } from './data-rules.js';
import { RuleRegistry } from './registry.js';
import type { Profile } from './types.js';
import { ConfigError, type Config } from './config.js';

let cached: RuleRegistry | undefined;

/**
 * The built-in registry: code rules plus the bundled data rules, validated and compiled. Examples are not run here:
 * every process would pay for them (and build the homophone index) before its first check; the rule-examples test
 * and `npm run build` run them instead.
 */
export function defaultRegistry(): RuleRegistry {
  if (cached) return cached;
  const registry = new RuleRegistry(CODE_RULES);
  for (const { file, data } of DATA_RULE_FILES) registry.add(compileDataRule(validateDataRuleSpec(data, `rules/${file}`)));
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


