import { DATA_RULE_FILES } from '../generated/bundle.js';
import { CODE_RULES } from '../rules/index.js';
import { compileDataRule, validateDataRuleSpec } from './data-rules.js';
import { RuleRegistry } from './registry.js';

let cached: RuleRegistry | undefined;

/**
 * The built-in registry: code rules plus the bundled data rules, validated and compiled. Examples are not run here:
 * every process would pay for them (and build the homophone index) before its first check; the rule-examples test
 * and `npm run build` run them instead.
 */
export function defaultRegistry(): RuleRegistry {
  if (cached) return cached;
  const registry = new RuleRegistry(CODE_RULES);
  for (const { file, data } of DATA_RULE_FILES)
    registry.add(compileDataRule(validateDataRuleSpec(data, `rules/${file}`)));
  cached = registry;
  return registry;
}
