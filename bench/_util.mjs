import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const corpora = join(repoRoot, '..', 'shared', 'corpora');

/** The external corpus, or undefined with a printed reason (benchmarks skip cleanly without it). */
export function corpusDir(sub) {
  const d = join(corpora, sub);
  if (!existsSync(d)) {
    console.log(`skipped: ${sub} not found (the external corpora sit beside the project as ../shared/corpora)`);
    return undefined;
  }
  return d;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const mb = (bytes) => (bytes / 1048576).toFixed(1);
