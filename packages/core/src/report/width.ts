// The width of text in a terminal, apart from the engine: the command line's help is laid out with it before
// anything else of gongwen is loaded (`@gongwen/core/width`).

/** Display width in a terminal: East Asian wide and full-width characters take two cells. */
export function displayWidth(s: string): number {
  let w = 0;
  // By code point with indices: `for…of` makes a string of each character.
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    if (c > 0xffff) i++;
    if (c === 0x09) w += 4;
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0x200b) continue;
    else if (
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0x303e) ||
      (c >= 0x3041 && c <= 0x33ff) ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xa000 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd) ||
      c === 0xfffc
    )
      w += 2;
    else w += 1;
  }
  return w;
}
