// Rule metadata without the engine: `gongwen rules` lists and documents the rules from a file written at build time
// (scripts/gen-rule-meta.mjs) instead of loading and compiling every rule. A test keeps the file equal to the registry.
import { readFileSync } from 'node:fs';
import type { RuleMeta } from './engine/types.js';

export { RULE_DOCS_PATH, ruleAnchor, ruleDoc } from './engine/rule-docs.js';
export type { RuleMeta } from './engine/types.js';

/** The file beside this module that holds every rule's meta, sorted by id (the registry's `all()` order). */
export const RULE_META_FILE = 'rule-meta.json';

export function ruleMetas(): RuleMeta[] {
  return JSON.parse(readFileSync(new URL(`./${RULE_META_FILE}`, import.meta.url), 'utf8')) as RuleMeta[];
}
