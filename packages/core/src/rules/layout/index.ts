import type { Rule } from '../../engine/types.js';
import { attachmentPageRule } from './attachment-page.js';
import { bodyIndentRule } from './body-indent.js';
import { elementFontRule } from './element-font.js';
import { elementPositionRule } from './element-position.js';
import { gridRule } from './grid.js';
import { headerRule } from './header.js';
import { marginsRule } from './margins.js';
import { pageNumberRule } from './page-number.js';
import { paperSizeRule } from './paper-size.js';
import { recordLinesRule } from './record-lines.js';
import { revisionsRule } from './revisions.js';
import { separatorRule } from './separator.js';
import { signerRule } from './signer.js';
import { specialFormatRule } from './special-format.js';
import { textColorRule } from './text-color.js';

/** Code rules of the layout/ area: 版式 (GB/T 9704, .docx). */
export const LAYOUT_RULES: Rule[] = [
  paperSizeRule,
  marginsRule,
  gridRule,
  elementFontRule,
  textColorRule,
  bodyIndentRule,
  separatorRule,
  signerRule,
  pageNumberRule,
  headerRule,
  recordLinesRule,
  attachmentPageRule,
  specialFormatRule,
  revisionsRule,
  elementPositionRule,
];
