import type { Rule } from '../../engine/types.js';
import { listCountRule } from './list-count.js';
import { organNameRule } from './organ-name.js';
import { printDateRule } from './print-date.js';
import { tableTotalRule } from './table-total.js';
import { totalRule } from './total.js';

/** Code rules of the consistency/ area: whether a document agrees with itself (names, dates, counts, sums). */
export const CONSISTENCY_RULES: Rule[] = [organNameRule, printDateRule, listCountRule, totalRule, tableTotalRule];
