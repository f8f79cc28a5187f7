import type { Range } from '../document/types.js';
import { chunkRangeToDocument, type Chunk } from './chunk.js';
import { categoryOf } from './prompt.js';
import type { AnchorResult, LlmCategory, LlmFinding } from './types.js';

export interface AnchorOptions {
  categories: ReadonlySet<LlmCategory>;
  /** Numbers found anywhere in the document (see `numbersIn`); a suggestion may use only these. */
  documentNumbers: ReadonlySet<string>;
  /** Findings below this confidence are dropped (a finding without one is kept). */
  minConfidence?: number;
  /** The largest edit, in characters, a finding may make once the unchanged ends are set aside. */
  maxChange?: number;
  /** Spans of the chunk's text no finding may change (redaction placeholders). */
  protectedSpans?: readonly Range[];
}

const QUOTES = /^[\s"'“”‘’「」『』《》]+|[\s"'“”‘’「」『』《》]+$/g;

function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/** Where in the chunk the quote sits: unique by itself, or made unique by its context. */
function locateQuote(
  text: string,
  wrong: string,
  context: string | undefined,
): { at: number; wrong: string } | 'not-found' | 'ambiguous' {
  let quote = wrong;
  let hits = occurrences(text, quote);
  if (!hits.length) {
    quote = wrong.replace(QUOTES, '');
    hits = occurrences(text, quote);
  }
  if (!hits.length) return 'not-found';
  if (hits.length === 1) return { at: hits[0]!, wrong: quote };
  if (!context) return 'ambiguous';
  const inner = occurrences(context, quote);
  const found = new Set<number>();
  for (const c of occurrences(text, context)) for (const k of inner) found.add(c + k);
  if (found.size === 1) return { at: [...found][0]!, wrong: quote };
  return 'ambiguous';
}

const DIGITS = /[0-9０-９]+(?:[.．][0-9０-９]+)?/g;
const CN_NUMERALS = /[〇零一二三四五六七八九十百千万亿两]{2,}/g;

function toAscii(s: string): string {
  return s.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Arabic numbers and runs of Chinese numerals (二〇二四, 三十五) in a text. */
export function numbersIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(DIGITS)) out.add(toAscii(m[0]));
  for (const m of text.matchAll(CN_NUMERALS)) out.add(m[0]);
  return out;
}

/** Common prefix and suffix lengths of two strings (not overlapping in either). */
function commonEnds(a: string, b: string): [number, number] {
  let p = 0;
  const n = Math.min(a.length, b.length);
  while (p < n && a[p] === b[p]) p++;
  let q = 0;
  while (q < n - p && a[a.length - 1 - q] === b[b.length - 1 - q]) q++;
  return [p, q];
}

/**
 * Places a finding in the document and applies the guards: the quote must be in the chunk (once, or once within
 * its context), the suggestion must change something, change little around what it flags, and bring no number
 * the document does not contain. The reported range is the changed part of the quote, so it lines up with what
 * a rule reports for the same mistake.
 */
export function anchorFinding(finding: LlmFinding, chunk: Chunk, options: AnchorOptions): AnchorResult {
  const drop = (reason: Extract<AnchorResult, { ok: false }>['reason']): AnchorResult => ({
    ok: false,
    reason,
    finding,
  });
  const category = categoryOf(finding.category);
  if (!finding.wrong || typeof finding.suggestion !== 'string') return drop('invalid');
  if (!category || !options.categories.has(category)) return drop('category');
  const where = locateQuote(chunk.text, finding.wrong, finding.context);
  if (where === 'not-found' || where === 'ambiguous') return drop(where);
  const wrong = where.wrong;
  const suggestion = wrong === finding.wrong ? finding.suggestion : finding.suggestion.replace(QUOTES, '');
  if (suggestion === wrong) return drop('unchanged');
  const [p, q] = commonEnds(wrong, suggestion);
  const coreWrong = wrong.length - p - q;
  const coreNew = suggestion.length - p - q;
  const maxChange = options.maxChange ?? 12;
  if (Math.max(coreWrong, coreNew) > maxChange || coreNew > 3 * Math.max(coreWrong, 1) + 4) return drop('rewrite');
  const touches = (a: number, b: number) =>
    (options.protectedSpans ?? []).some((r) => where.at + a < r[1] && r[0] < Math.max(where.at + b, where.at + a + 1));
  if (touches(p, wrong.length - q)) return drop('protected');
  for (const n of numbersIn(suggestion.slice(p, suggestion.length - q))) {
    if (!options.documentNumbers.has(n) && !numbersIn(wrong).has(n)) return drop('invented-number');
  }
  if (
    options.minConfidence !== undefined &&
    finding.confidence !== undefined &&
    finding.confidence < options.minConfidence
  ) {
    return drop('low-confidence');
  }
  // A pure insertion or deletion still needs a visible span: take in the character before it (or after it).
  let s = where.at + p;
  let e = where.at + wrong.length - q;
  let replacement = suggestion.slice(p, suggestion.length - q);
  if (e === s) {
    if (p > 0) {
      s--;
      replacement = wrong[p - 1]! + replacement;
    } else if (q > 0) {
      e++;
      replacement += wrong[wrong.length - q]!;
    }
  }
  const range: Range = chunkRangeToDocument(chunk, s, e);
  return { ok: true, range, chunkRange: [s, e], replacement, finding: { ...finding, wrong }, category };
}
