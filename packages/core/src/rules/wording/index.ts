import type { Rule } from '../../engine/types.js';
import { fixedExpressionRule } from './fixed-expression.js';
import { relativeTimeRule } from './relative-time.js';

/** Code rules of the wording/ area: 用词 (规范词形, 易混词, 规范提法, 时间表述). */
export const WORDING_RULES: Rule[] = [fixedExpressionRule, relativeTimeRule];
