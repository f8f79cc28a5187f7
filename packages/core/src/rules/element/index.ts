import type { Rule } from '../../engine/types.js';
import { attachmentNoteRule } from './attachment-note.js';
import { attachmentPagesRule } from './attachment-pages.js';
import { attachmentReferenceRule } from './attachment-reference.js';
import { dateFormatRule } from './date-format.js';
import { docNumberRule } from './doc-number.js';
import { headingLevelRule } from './heading-level.js';
import { headingSequenceRule } from './heading-sequence.js';
import { missingDocNumberRule } from './missing-doc-number.js';
import { missingPrintLineRule } from './missing-print-line.js';
import { placeholderRule } from './placeholder.js';
import { supersededBasisRule } from './superseded-basis.js';
import { titleRule } from './title.js';

/** Code rules of the element/ area: 公文要素 (GB/T 9704). */
export const ELEMENT_RULES: Rule[] = [
  docNumberRule,
  dateFormatRule,
  titleRule,
  attachmentNoteRule,
  headingSequenceRule,
  supersededBasisRule,
  headingLevelRule,
  missingDocNumberRule,
  missingPrintLineRule,
  placeholderRule,
  attachmentReferenceRule,
  attachmentPagesRule,
];
