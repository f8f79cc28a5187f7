import type { Rule } from '../../engine/types.js';
import { docNumberRule } from './doc-number.js';

/** Code rules of the element/ area: 公文要素 (GB/T 9704). */
export const ELEMENT_RULES: Rule[] = [docNumberRule];
