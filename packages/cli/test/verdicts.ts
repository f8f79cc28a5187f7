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

/** One checked file: its name, hash and the keys of its findings at warning and error. */
export interface CheckedFile {
  file: string;
  hash: string;
  found: ReadonlyArray<{ key: string; message: string }>;
}

/** The findings no verdict covers (file, key and message), and how many of all are judged true. */
export function tally(results: readonly CheckedFile[], verdicts: Verdicts) {
  const all = results.flatMap((r) => r.found.map((f) => ({ ...f, file: r.file, judged: verdicts[r.hash]?.[f.key] })));
  return {
    unjudged: all.filter((f) => !f.judged).map((f) => `${f.file} ${f.key}: ${f.message}`),
    right: all.filter((f) => f.judged?.v === 'true').length,
    total: all.length,
  };
}

/** Findings judged true that a check no longer makes. */
export function lostTrue(results: readonly CheckedFile[], verdicts: Verdicts): string[] {
  const missing: string[] = [];
  for (const r of results) {
    const keys = new Set(r.found.map((f) => f.key));
    for (const [key, j] of Object.entries(verdicts[r.hash] ?? {}))
      if (j.v === 'true' && !keys.has(key)) missing.push(`${r.file} ${key}`);
  }
  return missing;
}
