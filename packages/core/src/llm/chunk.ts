import type { Block, ElementRole, GovDocument } from '../document/types.js';
import { MASK_CHAR } from '../document/mask.js';

/**
 * A piece of the document sent in one request. Its text is not always a slice of GovDocument.text (markup masks
 * are left out, redaction replaces data by placeholders), so every character carries the document range it stands for.
 */
export interface Chunk {
  index: number;
  text: string;
  /** Document offset where character i starts. */
  starts: number[];
  /** Document offset where character i ends. */
  ends: number[];
}

export interface ChunkOptions {
  /** Close a chunk once it reaches this many characters (at a paragraph end). */
  target?: number;
  /** A paragraph longer than this is split at sentence ends. */
  max?: number;
}

/** Elements that are codes, marks or layout rather than prose: a language model has nothing to say about them. */
const SKIPPED_ROLES = new Set<ElementRole>([
  'copy-number',
  'secrecy',
  'urgency',
  'issuer-mark',
  'doc-number',
  'signer',
  'page-number',
  'header-footer',
  'front-matter',
  'blank',
  'print-line',
]);

export function proseBlocks(doc: GovDocument): Block[] {
  return doc.blocks
    .filter(
      (b) =>
        b.range[1] > b.range[0] &&
        b.kind !== 'code' &&
        b.kind !== 'front-matter' &&
        !(b.role && SKIPPED_ROLES.has(b.role)),
    )
    .sort((a, b) => a.range[0] - b.range[0]);
}

interface Piece {
  text: string;
  starts: number[];
  ends: number[];
}

/** The block's text without markup masks, each character mapped to its document range. */
function pieceOf(doc: GovDocument, from: number, to: number): Piece {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = from; i < to; i++) {
    const ch = doc.text[i]!;
    if (ch === MASK_CHAR || ch === '\r') continue;
    text += ch;
    starts.push(i);
    ends.push(i + 1);
  }
  return { text, starts, ends };
}

const SENTENCE_END = /[。！？；!?;]["”’」』）)]*/g;

/** Splits a long paragraph after sentence ends (or hard at `max` when a sentence is longer still). */
function splitLong(p: Piece, max: number): Piece[] {
  if (p.text.length <= max) return [p];
  const cuts: number[] = [];
  for (const m of p.text.matchAll(SENTENCE_END)) cuts.push(m.index + m[0].length);
  const out: Piece[] = [];
  let start = 0;
  let lastGood = 0;
  const emit = (end: number) => {
    out.push({ text: p.text.slice(start, end), starts: p.starts.slice(start, end), ends: p.ends.slice(start, end) });
    start = end;
  };
  for (const c of [...cuts, p.text.length]) {
    if (c - start > max) {
      if (lastGood > start) emit(lastGood);
      while (c - start > max) emit(start + max);
    }
    lastGood = c;
  }
  if (start < p.text.length) emit(p.text.length);
  return out.filter((x) => x.text.trim().length > 0);
}

/** Groups prose paragraphs into chunks of about `target` characters, never splitting a paragraph that fits. */
export function chunkDocument(doc: GovDocument, options: ChunkOptions = {}): Chunk[] {
  const target = options.target ?? 600;
  const max = options.max ?? 800;
  const chunks: Chunk[] = [];
  let cur: Piece | undefined;
  const flush = () => {
    if (cur && cur.text.trim()) chunks.push({ index: chunks.length, ...cur });
    cur = undefined;
  };
  for (const b of proseBlocks(doc)) {
    const whole = pieceOf(doc, b.range[0], b.range[1]);
    if (!whole.text.trim()) continue;
    for (const p of splitLong(whole, max)) {
      if (cur && cur.text.length + 1 + p.text.length > max) flush();
      if (!cur) cur = { text: p.text, starts: [...p.starts], ends: [...p.ends] };
      else {
        // The paragraph break is sent as a newline that stands for the gap between the two paragraphs.
        const gap = cur.ends[cur.ends.length - 1]!;
        cur.text += `\n${p.text}`;
        cur.starts.push(gap, ...p.starts);
        cur.ends.push(p.starts[0]!, ...p.ends);
      }
      if (cur.text.length >= target) flush();
    }
  }
  flush();
  return chunks;
}

/** The document range that chunk characters [s, e) stand for. */
export function chunkRangeToDocument(chunk: Chunk, s: number, e: number): [number, number] {
  if (e <= s) {
    const at = s < chunk.starts.length ? chunk.starts[s]! : chunk.ends[chunk.ends.length - 1]!;
    return [at, at];
  }
  return [chunk.starts[s]!, chunk.ends[e - 1]!];
}
