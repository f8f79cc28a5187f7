/**
 * Markup that is not prose is replaced in GovDocument.text by this character, one per code unit, so that offsets
 * stay identical to the source and no text rule sees code, HTML or link targets. U+FFFC is neither Han nor
 * punctuation, so rules treat it as a neutral boundary.
 */
export const MASK_CHAR = '\uFFFC';

export function maskRange(chars: string[], start: number, end: number): void {
  for (let i = start; i < end; i++) {
    if (chars[i] !== '\n') chars[i] = MASK_CHAR;
  }
}
