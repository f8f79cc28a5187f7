import type { Rule } from '../../engine/types.js';

/** Code rules of the punct/ area: 标点 (GB/T 15834). */
export const PUNCT_RULES: Rule[] = [];
