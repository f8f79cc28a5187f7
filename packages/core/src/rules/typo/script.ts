/**
 * Whether text is written in traditional characters, which the typo model (trained on documents in simplified
 * characters) does not know: every traditional form is rare to it, and its simplified form sounds and looks the same,
 * so it would propose 教 for 敎 and 么 for 麽 throughout a 1954 report.
 */

const HAN_FIRST = 0x4e00;
const HAN_LAST = 0x9fff;

let gb2312: Uint8Array | null | undefined;

/**
 * The Han characters of GB 2312 (its 6,763 characters of levels 1 and 2, rows 16 to 87), as a map over U+4E00..U+9FFF,
 * read from the platform's GBK decoder (the Encoding Standard's, in Node.js and browsers alike). Null where there is
 * none (a Node.js built without its ICU data): then no text is taken as traditional.
 */
function gb2312Han(): Uint8Array | null {
  if (gb2312 === undefined) {
    try {
      // Every two-byte code of rows 0xB0..0xF7, decoded in one call (3 ms where one call each took 7).
      const codes = new Uint8Array(72 * 94 * 2);
      let k = 0;
      for (let row = 0xb0; row <= 0xf7; row++) {
        for (let cell = 0xa1; cell <= 0xfe; cell++) {
          codes[k++] = row;
          codes[k++] = cell;
        }
      }
      const chars = new TextDecoder('gbk').decode(codes);
      const map = new Uint8Array(HAN_LAST - HAN_FIRST + 1);
      for (let i = 0; i < chars.length; i++) {
        const c = chars.charCodeAt(i);
        if (c >= HAN_FIRST && c <= HAN_LAST) map[c - HAN_FIRST] = 1;
      }
      gb2312 = map;
    } catch {
      gb2312 = null;
    }
  }
  return gb2312;
}

/**
 * Whether text[from, to) reads as traditional characters: at least 2 of its Han characters, and at least a tenth of
 * them, are outside GB 2312 (什麽是我們克服困難的道路). A line in simplified characters has seldom more than a rare
 * name outside it (镕, 堃); where it has two in a short line, the line is passed over, which costs a finding at most.
 */
export function inTraditionalScript(text: string, from: number, to: number): boolean {
  const map = gb2312Han();
  if (!map) return false;
  let han = 0;
  let outside = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < HAN_FIRST || c > HAN_LAST) continue;
    han++;
    if (!map[c - HAN_FIRST]) outside++;
  }
  return outside >= 2 && outside * 10 >= han;
}
