import type { Rule } from '../../engine/types.js';
import { attachmentPageRule } from './attachment.js';
import { bodyIndentRule, elementFontRule, textColorRule } from './fonts.js';
import { separatorRule, signerRule } from './head.js';
import { gridRule, marginsRule, paperSizeRule } from './page.js';
import { headerRule, pageNumberRule } from './page-number.js';
import { recordLinesRule } from './record.js';
import { elementPositionRule } from './position.js';
import { revisionsRule, specialFormatRule } from './special.js';

/** Code rules of the layout/ area: 版式 (GB/T 9704, .docx). */
export const LAYOUT_RULES: Rule[] = [
  paperSizeRule, marginsRule, gridRule, elementFontRule, textColorRule, bodyIndentRule, separatorRule, signerRule, pageNumberRule,
  headerRule, recordLinesRule, attachmentPageRule, specialFormatRule, revisionsRule, elementPositionRule,
];
