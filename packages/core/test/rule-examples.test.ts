import { describe, expect, it } from 'vitest';
import { checkRuleExamples, defaultRegistry, resolveProfile } from '@gongwen/core';

// Every rule's own examples, through the real pipeline (the RuleTester of this project): each bad example is reported
// by its rule and, where it gives `fixed`, fixing until stable yields exactly that text; no good example is reported.
// Processes do not run them at start-up, so this suite (and `npm run build`) is where a wrong example fails.
const registry = defaultRegistry();
const profile = resolveProfile(undefined);

describe('rule examples', () => {
  for (const rule of registry.all()) {
    it(rule.meta.id, () => {
      expect(rule.meta.examples.bad.length, 'bad examples').toBeGreaterThan(0);
      expect(rule.meta.examples.good.length, 'good examples').toBeGreaterThan(0);
      expect(checkRuleExamples(rule, registry, profile)).toEqual([]);
    });
  }
});
