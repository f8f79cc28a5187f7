import type { Rule } from '../../engine/types.js';

/** Code rules of the layout/ area: 版式 (GB/T 9704, .docx). */
export const LAYOUT_RULES: Rule[] = [];
