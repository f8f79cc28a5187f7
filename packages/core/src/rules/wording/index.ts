import type { Rule } from '../../engine/types.js';

/** Code rules of the wording/ area: 用词. */
export const WORDING_RULES: Rule[] = [];
