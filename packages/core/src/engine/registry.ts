import type { Rule } from './types.js';

/** One registry for code rules and data rules; ids are unique. */
export class RuleRegistry {
  private readonly byId = new Map<string, Rule>();

  constructor(rules: Iterable<Rule> = []) {
    for (const r of rules) this.add(r);
  }

  add(rule: Rule): void {
    if (this.byId.has(rule.meta.id)) throw new Error(`duplicate rule id ${rule.meta.id}`);
    this.byId.set(rule.meta.id, rule);
  }

  get(id: string): Rule | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Rules sorted by id (stable output for `gongwen rules`, docs and settings). */
  all(): Rule[] {
    return [...this.byId.values()].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  }

  /** Whether a config key names a rule or a wildcard that matches some rule. */
  matches(key: string): boolean {
    if (key === '*') return true;
    if (key.endsWith('/*')) {
      const prefix = key.slice(0, -1);
      return [...this.byId.keys()].some((id) => id.startsWith(prefix));
    }
    return this.byId.has(key);
  }
}
