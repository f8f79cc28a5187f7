import type { Rule } from '../../engine/types.js';

/** Code rules of the typo/ area: 错别字. */
export const TYPO_RULES: Rule[] = [];
