import type { Position, TextEdit } from 'vscode-languageserver/node';
import type { GovDocument } from '@gongwen/core';

// Offsets in the engine's text (line breaks `\n`) ↔ LSP positions in the client's text.

export function toPosition(doc: GovDocument, offset: number): Position {
  const p = doc.sourceMap.position(offset);
  return { line: p.line - 1, character: p.column - 1 };
}

/** Offsets of the client's text → offsets of the `\n`-only text the engine sees. */
export function normalizedOffset(raw: string, offset: number): number {
  if (!raw.includes('\r')) return offset;
  let removed = 0;
  for (let i = raw.indexOf('\r'); i >= 0 && i < offset; i = raw.indexOf('\r', i + 1))
    if (raw[i + 1] === '\n') removed++;
  return offset - removed;
}

/** One edit turning `before` into `after` (the changed middle only). */
export function minimalEdit(doc: GovDocument, before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s])
    s++;
  return {
    range: { start: toPosition(doc, p), end: toPosition(doc, before.length - s) },
    newText: after.slice(p, after.length - s),
  };
}
