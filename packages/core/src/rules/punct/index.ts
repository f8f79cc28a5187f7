import type { Rule } from '../../engine/types.js';
import { pairedMarksRule } from './paired-marks.js';
import { sequenceMarkerRule } from './sequence-marker.js';
import { straightQuotesRule } from './straight-quotes.js';

/** Code rules of the punct/ area: 标点 (GB/T 15834). */
export const PUNCT_RULES: Rule[] = [pairedMarksRule, sequenceMarkerRule, straightQuotesRule];
