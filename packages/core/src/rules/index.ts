import type { Rule } from '../engine/types.js';
import { docNumberRule } from './element/doc-number.js';

/** Every built-in code rule. Data rules come from rules/*.yaml. */
export const CODE_RULES: Rule[] = [docNumberRule];
