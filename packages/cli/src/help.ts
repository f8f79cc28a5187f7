import type { Help } from 'commander';
import { displayWidth } from '@gongwen/core/width';

/** Marks that open (kept with what follows them) and close (kept with what precedes them). */
const OPENING = '（《〈“‘「『【〔';
const CLOSING = '，。、；：？！）》〉”’」』】〕…';
const WIDE = '\\u2e80-\\u9fff\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uffef';
/**
 * The pieces a line of help may break between: a wide character, or a run of others, each with the spaces before it,
 * the opening marks before it and the closing marks after it. Commander breaks at spaces only, and Chinese has none.
 */
const PIECE = new RegExp(`\\s*[${OPENING}]*(?:[${WIDE}]|[^\\s${WIDE}]+)[${CLOSING}]*`, 'gu');

/**
 * Commander's help laid out for Chinese: columns aligned and lines wrapped by the cells characters take, and a line
 * broken between characters, never before a closing mark or after an opening one.
 */
export const helpLayout: Partial<Help> = {
  // Cells in a terminal (the help is not coloured): a Chinese character takes two, not one.
  displayWidth,
  boxWrap(this: Help, str: string, max: number): string {
    if (max < this.minWidthToWrap) return str;
    return str
      .split(/\r\n|\n/)
      .map((line) => {
        const pieces = line.match(PIECE);
        if (!pieces) return '';
        const out: string[] = [];
        let current = pieces[0]!;
        let used = displayWidth(current);
        for (const piece of pieces.slice(1)) {
          const w = displayWidth(piece);
          if (used + w <= max) {
            current += piece;
            used += w;
          } else {
            out.push(current);
            current = piece.trimStart();
            used = displayWidth(current);
          }
        }
        out.push(current);
        return out.join('\n');
      })
      .join('\n');
  },
};
