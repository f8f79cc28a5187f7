import type { Block, GovDocument, TextEncodingInfo } from '../document/types.js';
import { LineSourceMap } from '../document/lines.js';
import { decodeText, encodeText, patchGb18030 } from './encoding.js';
import { DocumentError } from './errors.js';
import { findProtectedRanges } from './protect.js';

/**
 * The most lines (paragraphs: a line of a text or Markdown file is one) a file is read with. The engine holds a few
 * hundred bytes for each, whatever its length: 2 million blank lines (4 MB) took 15.8 s and 800 MB, and the input
 * limit allows 256 MB. A 公文 has hundreds; .docx stops at 50,000 paragraphs (DEFAULT_XML_LIMITS).
 */
export const MAX_TEXT_LINES = 100_000;

/**
 * Refuses a text of more than MAX_TEXT_LINES lines, with the code .docx uses for too many paragraphs. Counted on the
 * text as decoded (a break is `\n`, `\r\n` or `\r`), before anything is made for each line.
 */
export function checkLineCount(raw: string, max = MAX_TEXT_LINES): void {
  let lines = 1;
  for (let i = raw.indexOf('\n'); i >= 0 && lines <= max; i = raw.indexOf('\n', i + 1)) lines++;
  // A lone \r (old Mac breaks) is a break too; one before \n was counted with it.
  for (let i = raw.indexOf('\r'); i >= 0 && lines <= max; i = raw.indexOf('\r', i + 1))
    if (raw.charCodeAt(i + 1) !== 0x0a) lines++;
  if (lines > max)
    throw new DocumentError('too-many-paragraphs', `文档过大：段落超过 ${max} 个 / too many paragraphs (over ${max})`);
}

/** Splits off line breaks: the text keeps `\n` only, and the original breaks are remembered for writing back. */
export function normalizeLineBreaks(raw: string): {
  text: string;
  eol: TextEncodingInfo['eol'];
  lineBreaks?: string[];
} {
  const breaks: string[] = [];
  const text = raw.replace(/\r\n|\r|\n/g, (m) => {
    breaks.push(m);
    return '\n';
  });
  const counts = new Map<string, number>();
  for (const b of breaks) counts.set(b, (counts.get(b) ?? 0) + 1);
  let eol: TextEncodingInfo['eol'] = '\n';
  let best = 0;
  for (const [b, n] of counts)
    if (n > best) {
      best = n;
      eol = b as TextEncodingInfo['eol'];
    }
  return counts.size > 1 ? { text, eol, lineBreaks: breaks } : { text, eol };
}

/** Puts the file's own line breaks back (per line when they were mixed and the line count did not change). */
export function restoreLineBreaks(text: string, info: Pick<TextEncodingInfo, 'eol' | 'lineBreaks'>): string {
  if (info.lineBreaks) {
    let i = 0;
    const count = (text.match(/\n/g) ?? []).length;
    if (count === info.lineBreaks.length) return text.replace(/\n/g, () => info.lineBreaks![i++]!);
  }
  return info.eol === '\n' ? text : text.replace(/\n/g, info.eol);
}

/** One block per line of text; empty lines are `blank` blocks so structure recognition can see gaps. */
/** A GovDocument from text already in memory (stdin, editors, tests); line breaks must be `\n`. */
export function textDocument(text: string): GovDocument {
  return {
    format: 'text',
    text,
    source: text,
    blocks: lineBlocks(text),
    sourceMap: new LineSourceMap(text),
    protectedRanges: findProtectedRanges(text),
  };
}

const isIndent = (c: number) => c === 0x20 || c === 0x09 || c === 0x3000;

export function lineBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // Trim surrounding white space from the block range (indents are layout, not text).
    let s = start;
    let e = end;
    while (s < e && isIndent(text.charCodeAt(s))) s++;
    while (e > s && isIndent(text.charCodeAt(e - 1))) e--;
    blocks.push(
      s === e
        ? { index: blocks.length, kind: 'paragraph', range: [s, e], role: 'blank', source: { line } }
        : { index: blocks.length, kind: 'paragraph', range: [s, e], source: { line } },
    );
    if (end === text.length) break;
    start = end + 1;
    line++;
  }
  return blocks;
}

/**
 * Keeps the bytes a GB18030/GBK text was read from with its encoding info (not enumerable: never serialized), so that
 * writing fixes back re-encodes only what changed.
 */
export function rememberOriginal(info: TextEncodingInfo, bytes: Uint8Array): TextEncodingInfo {
  if (info.encoding === 'gb18030') Object.defineProperty(info, 'original', { value: bytes, enumerable: false });
  return info;
}

export function readText(bytes: Uint8Array): GovDocument {
  const decoded = decodeText(bytes);
  checkLineCount(decoded.text);
  const { text, eol, lineBreaks } = normalizeLineBreaks(decoded.text);
  const encoding = rememberOriginal(
    { encoding: decoded.encoding, bom: decoded.bom, eol, ...(lineBreaks ? { lineBreaks } : {}) },
    bytes,
  );
  return {
    ...textDocument(text),
    encoding,
  };
}

/** Bytes of any fixed text source in the encoding and line breaks it was read with. */
export function encodeSource(source: string, info: TextEncodingInfo | undefined): Uint8Array {
  const enc = info ?? { encoding: 'utf-8' as const, bom: false, eol: '\n' as const };
  const original = (enc as { original?: Uint8Array }).original;
  if (enc.encoding === 'gb18030' && original) return patchGb18030(original, restoreLineBreaks(source, enc));
  return encodeText(restoreLineBreaks(source, enc), enc.encoding, enc.bom);
}
