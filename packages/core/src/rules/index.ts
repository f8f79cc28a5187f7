import type { Rule } from '../engine/types.js';
import { PUNCT_RULES } from './punct/index.js';
import { NUMBER_RULES } from './number/index.js';
import { ELEMENT_RULES } from './element/index.js';
import { GENRE_RULES } from './genre/index.js';
import { WORDING_RULES } from './wording/index.js';
import { CONSISTENCY_RULES } from './consistency/index.js';
import { TYPO_RULES } from './typo/index.js';
import { LAYOUT_RULES } from './layout/index.js';
import { PRINT_RULES } from './print/index.js';
import { LLM_RULES } from '../llm/rules.js';

/** Every built-in code rule, by area. Data rules come from rules/<area>/*.yaml. */
export const CODE_RULES: Rule[] = [
  ...PUNCT_RULES,
  ...NUMBER_RULES,
  ...ELEMENT_RULES,
  ...GENRE_RULES,
  ...WORDING_RULES,
  ...CONSISTENCY_RULES,
  ...TYPO_RULES,
  ...LAYOUT_RULES,
  ...PRINT_RULES,
  ...LLM_RULES,
];
