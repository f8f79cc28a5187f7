import type { Fix } from './types.js';

export interface AppliedFixes {
  output: string;
  applied: number;
  /** Fixes left out because they overlapped one applied earlier in the same pass. */
  skipped: number;
}

/**
 * Applies non-overlapping fixes in one pass (sorted by range; a fix that overlaps an applied one waits for the
 * next pass). The one fix function every face uses.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): AppliedFixes {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let out = '';
  let last = 0;
  let applied = 0;
  let skipped = 0;
  let prev: Fix | undefined;
  for (const f of sorted) {
    const [s, e] = f.range;
    if (s < 0 || e > text.length || s > e) { skipped++; continue; }
    if (prev && prev.range[0] === s && prev.range[1] === e && prev.text === f.text) continue; // the same edit twice
    // Two insertions at one point, or a fix starting inside an applied one, overlap.
    if (s < last || (prev && s === last && s === e && prev.range[0] === prev.range[1] && prev.range[0] === s)) { skipped++; continue; }
    out += text.slice(last, s) + f.text;
    last = e;
    applied++;
    prev = f;
  }
  return { output: out + text.slice(last), applied, skipped };
}

export interface FixLoopResult {
  output: string;
  passes: number;
  applied: number;
  /** True when the last pass found nothing left to fix. */
  stable: boolean;
}

/** Re-lints and re-fixes until nothing fixable is left (at most `maxPasses`), as ESLint does. */
export function fixUntilStable(source: string, fixesOf: (source: string) => Fix[], maxPasses = 10): FixLoopResult {
  let output = source;
  let applied = 0;
  for (let pass = 1; pass <= maxPasses; pass++) {
    const fixes = fixesOf(output);
    if (fixes.length === 0) return { output, passes: pass - 1, applied, stable: true };
    const r = applyFixes(output, fixes);
    if (r.applied === 0 || r.output === output) return { output, passes: pass, applied, stable: false };
    output = r.output;
    applied += r.applied;
  }
  return { output, passes: maxPasses, applied, stable: fixesOf(output).length === 0 };
}
