import type { Chunk } from './chunk.js';

/** Kinds of personal data masked before sending (`--llm-redact`). */
export type RedactKind = 'ID' | 'CARD' | 'PHONE' | 'EMAIL';

// Order matters: an 18-digit 身份证号 would also pass as a bank card number.
const PATTERNS: Array<[RedactKind, RegExp]> = [
  ['EMAIL', /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g],
  [
    'ID',
    /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g,
  ],
  ['CARD', /(?<![0-9A-Za-z])(?:\d{4}[ -]?){3}\d{4}(?:\d{1,3})?(?![0-9A-Za-z])/g],
  ['PHONE', /(?<![0-9A-Za-z+])(?:(?:\+|00)?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9A-Za-z])/g],
];

export interface Redaction {
  /** Placeholder → the original text. */
  values: Map<string, string>;
}

interface Hit {
  start: number;
  end: number;
  kind: RedactKind;
}

function findHits(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const [kind, re] of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (hits.some((h) => start < h.end && h.start < end)) continue;
      hits.push({ start, end, kind });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Placeholders look like `{{PHONE_1}}`: plain ASCII a model copies unchanged. */
export const PLACEHOLDER = /\{\{(?:ID|CARD|PHONE|EMAIL)_\d+\}\}/g;

/**
 * Masks personal data in a chunk. Each placeholder character stands for the whole original span, so a finding
 * that touches a placeholder maps back onto the original data, never into the middle of it.
 */
export function redactChunk(
  chunk: Chunk,
  redaction: Redaction = { values: new Map() },
): { chunk: Chunk; redaction: Redaction } {
  const hits = findHits(chunk.text);
  if (!hits.length) return { chunk, redaction };
  const byValue = new Map<string, string>();
  for (const [ph, v] of redaction.values) byValue.set(v, ph);
  const counters: Record<RedactKind, number> = { ID: 0, CARD: 0, PHONE: 0, EMAIL: 0 };
  for (const ph of redaction.values.keys()) {
    const m = /^\{\{(\w+)_(\d+)\}\}$/.exec(ph);
    if (m) counters[m[1] as RedactKind] = Math.max(counters[m[1] as RedactKind], Number(m[2]));
  }
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let last = 0;
  for (const h of hits) {
    text += chunk.text.slice(last, h.start);
    starts.push(...chunk.starts.slice(last, h.start));
    ends.push(...chunk.ends.slice(last, h.start));
    const original = chunk.text.slice(h.start, h.end);
    let ph = byValue.get(original);
    if (!ph) {
      ph = `{{${h.kind}_${++counters[h.kind]}}}`;
      byValue.set(original, ph);
      redaction.values.set(ph, original);
    }
    text += ph;
    const s = chunk.starts[h.start]!;
    const e = chunk.ends[h.end - 1]!;
    for (let i = 0; i < ph.length; i++) {
      starts.push(s);
      ends.push(e);
    }
    last = h.end;
  }
  text += chunk.text.slice(last);
  starts.push(...chunk.starts.slice(last));
  ends.push(...chunk.ends.slice(last));
  return { chunk: { index: chunk.index, text, starts, ends }, redaction };
}

/** Masks a plain string (the title sent as context). */
export function redactText(text: string, redaction: Redaction): string {
  const positions = Array.from({ length: text.length }, (_, i) => i);
  return redactChunk({ index: -1, text, starts: positions, ends: positions.map((p) => p + 1) }, redaction).chunk.text;
}

/** Puts the original data back into text the model wrote. */
export function restoreText(text: string, redaction: Redaction): string {
  if (!redaction.values.size) return text;
  return text.replace(PLACEHOLDER, (ph) => redaction.values.get(ph) ?? ph);
}
