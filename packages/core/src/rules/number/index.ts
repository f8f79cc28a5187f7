import type { Rule } from '../../engine/types.js';
import { impossibleDateRule } from './impossible-date.js';
import { fullWidthDigitRule } from './full-width-digit.js';
import { mixedNumeralRule } from './mixed-numeral.js';
import { rangeRule } from './range.js';
import { yearZeroRule } from './year-zero.js';

/** Code rules of the number/ area: 数字 (GB/T 15835). */
export const NUMBER_RULES: Rule[] = [fullWidthDigitRule, yearZeroRule, mixedNumeralRule, rangeRule, impossibleDateRule];
