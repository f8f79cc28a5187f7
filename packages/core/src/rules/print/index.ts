import type { Rule } from '../../engine/types.js';
import { printElementFontRule } from './element-font.js';
import { printGridRule } from './grid.js';
import { printMarginsRule } from './margins.js';
import { printPageNumberRule } from './page-number.js';
import { printPaperSizeRule } from './paper-size.js';
import { printRedElementsRule } from './red-elements.js';

/** Code rules of the print/ area: GB/T 9704 page geometry measured on printed files (PDF, OFD). */
export const PRINT_RULES: Rule[] = [
  printPaperSizeRule,
  printMarginsRule,
  printGridRule,
  printElementFontRule,
  printRedElementsRule,
  printPageNumberRule,
];
