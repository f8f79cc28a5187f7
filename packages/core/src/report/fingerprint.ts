import type { GovDocument } from '../document/types.js';
import type { Diagnostic } from '../engine/types.js';

/** Characters of context taken on each side of a finding, before cutting at a sentence or line end. */
const CONTEXT_RADIUS = 16;
/** Longer spans are hashed by their head, tail and length, so that hashing stays linear in the number of findings. */
const SPAN_LIMIT = 200;
const BOUNDARY = /[\n。！？!?；;]/;

/**
 * A 64-bit FNV-1a variant in two 32-bit lanes (different offset bases, and the second lane also mixes the position),
 * as 16 hex digits. Not cryptographic: it only has to tell contexts apart and be the same on every platform.
 */
export function hash64(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c ^ (i << 16), 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  b ^= b >>> 16;
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The text a finding's fingerprint is taken from: the finding's own text and up to CONTEXT_RADIUS characters on each
 * side, cut at the nearest line or sentence end, whitespace-normalised. Only the finding's sentence counts, so lines
 * moving or text edited elsewhere leave it alone, and a rewritten sentence changes it.
 */
export function fingerprintContext(text: string, range: readonly [number, number]): string {
  const start = Math.max(0, Math.min(range[0], text.length));
  const end = Math.max(start, Math.min(range[1], text.length));
  let before = text.slice(Math.max(0, start - CONTEXT_RADIUS), start);
  for (let i = before.length - 1; i >= 0; i--) {
    if (BOUNDARY.test(before[i]!)) {
      before = before.slice(i + 1);
      break;
    }
  }
  let after = text.slice(end, Math.min(text.length, end + CONTEXT_RADIUS));
  for (let i = 0; i < after.length; i++) {
    if (BOUNDARY.test(after[i]!)) {
      // A sentence end belongs to its sentence; a line break does not.
      after = after.slice(0, after[i] === '\n' ? i : i + 1);
      break;
    }
  }
  const span =
    end - start > SPAN_LIMIT
      ? `${text.slice(start, start + SPAN_LIMIT / 2)}\u0002${end - start}\u0002${text.slice(end - SPAN_LIMIT / 2, end)}`
      : text.slice(start, end);
  return `${squeeze(before)}\u0001${squeeze(span)}\u0001${squeeze(after)}`;
}

/**
 * A stable fingerprint for each finding of one document (same order): `<hash of rule id and context>:<n>`, n counting
 * earlier findings of the same rule with the same context in the document (identical sentences repeated). Without the
 * document (a file that was not read), the finding's offsets stand in for the context.
 */
export function fingerprints(doc: Pick<GovDocument, 'text'> | undefined, diagnostics: readonly Diagnostic[]): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const context = doc ? fingerprintContext(doc.text, d.range) : `@${d.range[0]}-${d.range[1]}`;
    const h = hash64(`${d.ruleId}\u0000${context}`);
    const n = seen.get(h) ?? 0;
    seen.set(h, n + 1);
    return `${h}:${n}`;
  });
}
