import type { Rule } from '../../engine/types.js';
import { addressTermRule } from './address-term.js';
import { addresseePersonRule } from './addressee-person.js';
import { closingRule } from './closing.js';
import { minutesRule } from './minutes.js';
import { missingAddresseeRule } from './missing-addressee.js';
import { orderNumberRule } from './order-number.js';
import { orderTitleRule } from './order-title.js';
import { replyCitationRule } from './reply-citation.js';
import { directiveToneRule } from './directive-tone.js';
import { issuingOrganRule } from './issuing-organ.js';
import { oneMatterRule } from './one-matter.js';
import { reportRequestRule } from './report-request.js';
import { requestRule } from './request.js';
import { requestMatterRule } from './request-matter.js';
import { upwardRecipientsRule } from './upward-recipients.js';

/** Code rules of the genre/ area: 文种 and 行文关系 (党政机关公文处理工作条例). */
export const GENRE_RULES: Rule[] = [
  reportRequestRule,
  closingRule,
  requestRule,
  requestMatterRule,
  missingAddresseeRule,
  replyCitationRule,
  minutesRule,
  orderNumberRule,
  orderTitleRule,
  oneMatterRule,
  addressTermRule,
  directiveToneRule,
  addresseePersonRule,
  upwardRecipientsRule,
  issuingOrganRule,
];
