import type { Rule } from '../../engine/types.js';
import { closingRule } from './closing.js';
import { minutesRule } from './minutes.js';
import { missingAddresseeRule } from './missing-addressee.js';
import { orderNumberRule } from './order-number.js';
import { replyCitationRule } from './reply-citation.js';
import { reportRequestRule } from './report-request.js';
import { requestRule } from './request.js';

/** Code rules of the genre/ area: 文种 (党政机关公文处理工作条例). */
export const GENRE_RULES: Rule[] = [
  reportRequestRule,
  closingRule,
  requestRule,
  missingAddresseeRule,
  replyCitationRule,
  minutesRule,
  orderNumberRule,
];
