import type { Rule } from '../../engine/types.js';
import { homophoneRule } from './homophone.js';
import { lmRule } from './lm.js';

/** Code rules of the typo/ area: 错别字 beyond the lexicon (rules/typo/*.yaml). */
export const TYPO_RULES: Rule[] = [homophoneRule, lmRule];
