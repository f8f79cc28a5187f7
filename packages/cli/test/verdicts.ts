// Judged findings on corpora beside the project (real Word files, published documents): each finding at warning or
// error is keyed by its rule, line:column and the kind of problem its message names — without what the message quotes
// or measures, so no document text enters the project — and the verdicts are kept per file, under the first 12 hex
// digits of the file's SHA-256.

export type Verdict = 'true' | 'false' | 'debatable';
export interface Judged {
  v: Verdict;
  why: string;
}
export type Verdicts = Record<string, Record<string, Judged>>;

/** The kind of problem a message names, without what it quotes or measures (so no document text). */
export function problemOf(message: string): string {
  return message
    .replace(/“[^”]*”/g, '“”')
    .replace(/（[^）]*）/g, '')
    .replace(/\d+(\.\d+)?/g, '#')
    .replace(/[：；].*$/, '')
    .slice(0, 24);
}

/** A finding's key: rule, 1-based line and column of its start in the document's text, and the kind of problem. */
export function findingKey(text: string, d: { ruleId: string; range: readonly [number, number]; message: string }) {
  const before = text.slice(0, d.range[0]);
  const line = before.split('\n').length;
  const column = d.range[0] - (before.lastIndexOf('\n') + 1) + 1;
  return `${d.ruleId}@${line}:${column}#${problemOf(d.message)}`;
}
