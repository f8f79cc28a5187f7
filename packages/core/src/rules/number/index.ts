import type { Rule } from '../../engine/types.js';

/** Code rules of the number/ area: 数字 (GB/T 15835). */
export const NUMBER_RULES: Rule[] = [];
