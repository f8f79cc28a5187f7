import { textDocument } from '../formats/index.js';
import { applyFixes } from './fix.js';
import { lint } from './lint.js';
import type { Config } from './config.js';
import type { RuleRegistry } from './registry.js';
import type { Profile, Rule } from './types.js';

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
  if (rule.meta.formats && !rule.meta.formats.includes('text') && !rule.meta.formats.includes('markdown'))
    return errors;
  const rules = [rule];
  const config: Config = { rules: {}, terms: [], ignore: [] };
  const run = (t: string) =>
    lint(textDocument(t), { registry, config, profile, rules }).diagnostics.filter((d) => d.ruleId === rule.meta.id);
  for (const bad of rule.meta.examples.bad) {
    const found = run(bad.text);
    if (found.length === 0) errors.push(`bad example not reported: ${JSON.stringify(bad.text)}`);
    if (found.some((d) => d.message.includes('执行出错')))
      errors.push(`rule threw on ${JSON.stringify(bad.text)}: ${found[0]!.message}`);
    if (bad.fixed !== undefined) {
      let out = bad.text;
      for (let pass = 0; pass < 10; pass++) {
        // Advice (info) is offered as a suggestion, never applied: its example shows what the suggestion makes.
        const fixes = run(out).flatMap((d) =>
          d.fix ? [d.fix] : d.severity === 'info' && d.suggestions?.length ? [d.suggestions[0]!.fix] : [],
        );
        if (!fixes.length) break;
        out = applyFixes(out, fixes).output;
      }
      if (out !== bad.fixed)
        errors.push(
          `bad example ${JSON.stringify(bad.text)} fixes to ${JSON.stringify(out)}, expected ${JSON.stringify(bad.fixed)}`,
        );
    }
  }
  for (const good of rule.meta.examples.good) {
    const found = run(good);
    if (found.length) errors.push(`good example reported: ${JSON.stringify(good)} → ${found[0]!.message}`);
  }
  return errors;
}

/** Every rule's example problems in a registry, each prefixed with the rule's file (or id); empty when all pass. */
export function ruleExampleProblems(registry: RuleRegistry, profile: Profile): string[] {
  return registry
    .all()
    .flatMap((rule) =>
      checkRuleExamples(rule, registry, profile).map((e) => `${rule.meta.file ?? rule.meta.id}: ${e}`),
    );
}
