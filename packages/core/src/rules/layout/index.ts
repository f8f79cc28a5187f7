import type { Rule } from '../../engine/types.js';
import { attachmentPageRule } from './attachment-page.js';
import { bodyIndentRule, elementFontRule, textColorRule } from './element-font.js';
import { separatorRule, signerRule } from './separator.js';
import { gridRule, marginsRule, paperSizeRule } from './margins.js';
import { headerRule, pageNumberRule } from './page-number.js';
import { recordLinesRule } from './record-lines.js';
import { elementPositionRule } from './element-position.js';
import { revisionsRule, specialFormatRule } from './special-format.js';

/** Code rules of the layout/ area: 版式 (GB/T 9704, .docx). */
export const LAYOUT_RULES: Rule[] = [
  paperSizeRule, marginsRule, gridRule, elementFontRule, textColorRule, bodyIndentRule, separatorRule, signerRule, pageNumberRule,
  headerRule, recordLinesRule, attachmentPageRule, specialFormatRule, revisionsRule, elementPositionRule,
];
