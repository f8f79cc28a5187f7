import { nodeRequire } from '../lazy.js';
import { DocumentError } from './errors.js';
import type { TextEncodingInfo } from '../document/types.js';

export interface DecodedText {
  text: string;
  encoding: TextEncodingInfo['encoding'];
  bom: boolean;
}

const SIGNATURES: Array<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'ZIP（可能是 .docx、.xlsx 或压缩包）'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'OLE2（.doc、.wps、.xls 或加密的 Office 文件）'],
  [[0x25, 0x50, 0x44, 0x46], 'PDF'],
  [[0x89, 0x50, 0x4e, 0x47], 'PNG 图片'],
  [[0xff, 0xd8, 0xff], 'JPEG 图片'],
  [[0x47, 0x49, 0x46, 0x38], 'GIF 图片'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'RTF'],
  [[0x1f, 0x8b], 'gzip 压缩包'],
  [[0x52, 0x61, 0x72, 0x21], 'RAR 压缩包'],
  [[0x37, 0x7a, 0xbc, 0xaf], '7z 压缩包'],
  [[0x7f, 0x45, 0x4c, 0x46], '可执行文件（ELF）'],
];

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.length <= bytes.length && sig.every((b, i) => bytes[i] === b);
}

/** NUL bytes at even and odd positions in the first 64 KiB. */
function nulProfile(bytes: Uint8Array): { even: number; odd: number; total: number } {
  const n = Math.min(bytes.length, 65536);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  return { even, odd, total: n };
}

// Blocks that ordinary Chinese text draws on, beyond Han and ASCII: Latin-1 signs (· U+00B7, ×, °), pinyin, Greek,
// general punctuation and symbols (‰ ℃ Ⅰ → ≤ ① ─ ● ★ ✔), CJK symbols, kana, enclosed CJK (㈠), units (㎡), Han
// extensions and compatibility forms (﹝﹞), full-width forms. A bullet or a 间隔号 is text, not a sign of binary data.
const TEXT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x370, 0x4ff],
  [0x2000, 0x27bf],
  [0x2e80, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe1f],
  [0xfe30, 0xfe6f],
  [0xff00, 0xffef],
  [0x20000, 0x3ffff],
];

function isTextChar(c: number): boolean {
  if (c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c) return true;
  for (const [lo, hi] of TEXT_RANGES) if (c >= lo && c <= hi) return true;
  return false;
}

// Both walk the text by code point with indices: `for (const ch of text)` made a string of each Chinese character,
// about a fifth of all a check of gov-texts allocated.

/** Plausibility of decoded text: share of characters from the blocks Chinese text is written in. */
function plausibility(text: string): number {
  let good = 0;
  let all = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    if (c > 0xffff) i++;
    all++;
    if (isTextChar(c)) good++;
  }
  return all === 0 ? 1 : good / all;
}

/** Share of control characters (C0 other than tab, line and page breaks; DEL; C1): what binary data is made of. */
function controlShare(text: string): number {
  let bad = 0;
  let all = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    if (c > 0xffff) i++;
    all++;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b) || (c >= 0x7f && c <= 0x9f))
      bad++;
  }
  return all === 0 ? 0 : bad / all;
}

function binaryError(kind: string): DocumentError {
  return new DocumentError(
    'binary-file',
    `这是二进制文件（${kind}），不是文本，无法检查 / binary file (${kind}), not text`,
  );
}

/**
 * Detects UTF-8 (with or without BOM), UTF-16 LE/BE (BOM or NUL pattern) and GB18030/GBK; refuses binary data.
 * Never guesses silently: text that fits none of them is an error.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) return { text: '', encoding: 'utf-8', bom: false };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: strictDecode('utf-8', bytes.subarray(3)), encoding: 'utf-8', bom: true };
  }
  if (startsWith(bytes, [0xff, 0xfe]))
    return { text: strictDecode('utf-16le', bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  if (startsWith(bytes, [0xfe, 0xff]))
    return { text: strictDecode('utf-16be', bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  for (const [sig, kind] of SIGNATURES) if (startsWith(bytes, sig)) throw binaryError(kind);

  const nul = nulProfile(bytes);
  if (nul.even + nul.odd > 0) {
    // UTF-16 without BOM: try both byte orders and keep the one that reads as text.
    if (bytes.length % 2 === 0) {
      let best: DecodedText | undefined;
      let bestScore = 0.9;
      // ASCII in little-endian order leaves its NULs at odd offsets: try the order they point to first, so that a tie
      // (ASCII read in the wrong order looks like Han) goes to the right one.
      const orders = nul.odd >= nul.even ? (['utf-16le', 'utf-16be'] as const) : (['utf-16be', 'utf-16le'] as const);
      for (const enc of orders) {
        const text = tryDecode(enc, bytes);
        const score = text === undefined ? 0 : plausibility(text);
        if (text !== undefined && score > bestScore) {
          best = { text, encoding: enc, bom: false };
          bestScore = score;
        }
      }
      if (best) return best;
    }
    throw binaryError('含有 NUL 字节');
  }
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== undefined) {
    // Valid UTF-8 is already strong evidence of text; what remains to refuse is control-character data, judged by
    // its share, so that one rare symbol in a two-character file does not make it binary.
    if (controlShare(utf8) > 0.1) throw binaryError('控制字符过多');
    return { text: utf8, encoding: 'utf-8', bom: false };
  }
  const gb = tryDecode('gb18030', bytes);
  if (gb !== undefined && plausibility(gb) > 0.85) return { text: gb, encoding: 'gb18030', bom: false };
  const cut = truncatedUtf8Tail(bytes);
  if (cut > 0)
    throw new DocumentError(
      'encoding',
      `文件末尾的最后一个字符不完整（缺少字节），文件可能在复制或下载时被截断；除最后 ${cut} 个字节外是有效的 UTF-8，请找回完整的文件 / the file ends inside a UTF-8 character (the last ${cut} byte(s) are an incomplete character): it looks truncated`,
    );
  throw new DocumentError(
    'encoding',
    '无法识别文件编码（支持 UTF-8、UTF-16、GB18030/GBK），请转换为 UTF-8 后再检查 / unknown text encoding (UTF-8, UTF-16 and GB18030/GBK are supported)',
  );
}

/**
 * How many bytes at the end start a UTF-8 character that the file never finishes, when all bytes before them are
 * valid UTF-8 (a file cut off in a copy or download); 0 otherwise.
 */
function truncatedUtf8Tail(bytes: Uint8Array): number {
  for (let n = 1; n <= 3 && n < bytes.length; n++) {
    const lead = bytes[bytes.length - n]!;
    if (lead >= 0x80 && lead < 0xc0) continue;
    const need = lead >= 0xf0 && lead < 0xf5 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 && lead < 0xe0 ? 2 : 0;
    if (need <= n) return 0;
    return tryDecode('utf-8', bytes.subarray(0, bytes.length - n)) === undefined ? 0 : n;
  }
  return 0;
}

function tryDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function strictDecode(encoding: string, bytes: Uint8Array): string {
  const text = tryDecode(encoding, bytes);
  if (text === undefined) {
    throw new DocumentError(
      'encoding',
      `文件声明为 ${encoding.toUpperCase()}（有 BOM），但内容不是有效的 ${encoding.toUpperCase()} / invalid ${encoding} data after its BOM`,
    );
  }
  return text;
}

// Loaded for the first file in a legacy encoding (GB18030, UTF-16): UTF-8 needs none of it.
let iconvModule: typeof import('iconv-lite') | undefined;
const iconvLite = () =>
  (iconvModule ??= (
    typeof require === 'function' ? require('iconv-lite') : nodeRequire('iconv-lite')
  ) as typeof import('iconv-lite'));

/** Encodes text back into the file's own encoding (for --fix). Characters GB18030 cannot hold do not exist: it covers Unicode. */
export function encodeText(text: string, encoding: DecodedText['encoding'], bom: boolean): Uint8Array {
  const body = encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconvLite().encode(text, encoding);
  if (!bom) return body;
  const mark = encoding === 'utf-8' ? [0xef, 0xbb, 0xbf] : encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return Buffer.concat([Buffer.from(mark), body]);
}

/** Offsets in GB18030 bytes of ascending UTF-16 offsets of the text the WHATWG decoder reads from them. */
function gbByteOffsets(bytes: Uint8Array, chars: readonly number[]): number[] {
  const out: number[] = [];
  let b = 0;
  let c = 0;
  let k = 0;
  for (;;) {
    while (k < chars.length && chars[k]! <= c) {
      out.push(b);
      k++;
    }
    if (k === chars.length || b >= bytes.length) break;
    const x = bytes[b]!;
    if (x < 0x81 || x === 0xff) {
      b += 1;
      c += 1;
    } else if (bytes[b + 1]! >= 0x30 && bytes[b + 1]! <= 0x39) {
      c += x >= 0x90 ? 2 : 1;
      b += 4;
    } else {
      b += 2;
      c += 1;
    }
  }
  while (k < chars.length) {
    out.push(b);
    k++;
  }
  return out;
}

/** Spans [aStart, aEnd) of `a` replaced by [bStart, bEnd) of `b`, found line by line, each cut to what differs. */
function changedSpans(a: string, b: string): Array<[number, number, number, number]> {
  const lineStarts = (t: string) => {
    const out = [0];
    for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) out.push(i + 1);
    return out;
  };
  const isLow = (t: string, i: number) => i > 0 && i < t.length && (t.charCodeAt(i) & 0xfc00) === 0xdc00;
  // The differing middle of a[as, ae) and b[bs, be), never splitting a surrogate pair.
  const trim = (as: number, ae: number, bs: number, be: number): [number, number, number, number] | undefined => {
    let p = 0;
    while (as + p < ae && bs + p < be && a.charCodeAt(as + p) === b.charCodeAt(bs + p)) p++;
    if (as + p === ae && bs + p === be) return undefined;
    while (p > 0 && (isLow(a, as + p) || isLow(b, bs + p))) p--;
    let q = 0;
    while (ae - q > as + p && be - q > bs + p && a.charCodeAt(ae - q - 1) === b.charCodeAt(be - q - 1)) q++;
    while (q > 0 && (isLow(a, ae - q) || isLow(b, be - q))) q--;
    return [as + p, ae - q, bs + p, be - q];
  };
  const la = lineStarts(a);
  const lb = lineStarts(b);
  if (la.length !== lb.length) {
    const one = trim(0, a.length, 0, b.length);
    return one ? [one] : [];
  }
  const out: Array<[number, number, number, number]> = [];
  for (let i = 0; i < la.length; i++) {
    const span = trim(
      la[i]!,
      i + 1 < la.length ? la[i + 1]! : a.length,
      lb[i]!,
      i + 1 < lb.length ? lb[i + 1]! : b.length,
    );
    if (span) out.push(span);
  }
  return out;
}

/**
 * GB18030/GBK bytes of `next`, a changed copy of the text read from `original`: the bytes of every unchanged span are
 * copied as they were, and only the changed spans are encoded. A whole-file round trip through two different codecs
 * rewrote bytes no fix touched (GBK 0x80 became A2 E3; A6 D9 and FE 59 became four-byte sequences). The result is
 * decoded again and must read back as `next`; otherwise nothing is written.
 */
export function patchGb18030(original: Uint8Array, next: string): Uint8Array {
  const before = tryDecode('gb18030', original);
  if (before === undefined) throw roundTripError();
  const spans = changedSpans(before, next);
  // Byte offsets of the original spans only ([aStart, aEnd) per span, ascending).
  const at = gbByteOffsets(
    original,
    spans.flatMap((span) => span.slice(0, 2)),
  );
  const pieces: Uint8Array[] = [];
  let from = 0;
  spans.forEach(([, , bs, be], i) => {
    pieces.push(original.subarray(from, at[2 * i]!));
    pieces.push(iconvLite().encode(next.slice(bs, be), 'gb18030'));
    from = at[2 * i + 1]!;
  });
  pieces.push(original.subarray(from));
  const out = Buffer.concat(pieces);
  if (tryDecode('gb18030', out) !== next) throw roundTripError();
  return out;
}

function roundTripError(): DocumentError {
  return new DocumentError(
    'encoding-roundtrip',
    "修正后的文字无法按原编码（GB18030/GBK）原样写回，文件未修改；请先转换为 UTF-8 / the fixed text cannot be written back in the file's own encoding; the file was not changed",
  );
}
