import type { Rule } from './types.js';

/** One registry for code rules and data rules; ids are unique. */
export class RuleRegistry {
  private readonly byId = new Map<string, Rule>();
  /** all(), kept until the next add: the engine asks for it on every document. */
  private sorted: readonly Rule[] | undefined;

  constructor(rules: Iterable<Rule> = []) {
    for (const r of rules) this.add(r);
  }

  add(rule: Rule): void {
    if (this.byId.has(rule.meta.id)) throw new Error(`duplicate rule id ${rule.meta.id}`);
    this.byId.set(rule.meta.id, rule);
    this.sorted = undefined;
  }

  get(id: string): Rule | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Rules sorted by id (stable output for `gongwen rules`, docs and settings). */
  all(): Rule[] {
    this.sorted ??= [...this.byId.values()].sort((a, b) =>
      a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0,
    );
    // A copy: callers may sort or filter what they get.
    return this.sorted.slice();
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
