import type { Fix } from './types.js';

export interface AppliedFixes {
  output: string;
  applied: number;
  /** The fixes applied, in the order of the text (the objects passed in). */
  appliedFixes: Fix[];
  /** Fixes left out because they overlapped one applied earlier in the same pass. */
  skipped: number;
}

/**
 * Applies non-overlapping fixes in one pass (sorted by range; a fix that overlaps an applied one waits for the
 * next pass). The one fix function every face uses.
 */
export function applyFixes<F extends Fix>(text: string, fixes: readonly F[]): AppliedFixes & { appliedFixes: F[] } {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let out = '';
  let last = 0;
  let applied = 0;
  let skipped = 0;
  let prev: Fix | undefined;
  const appliedFixes: F[] = [];
  for (const f of sorted) {
    const [s, e] = f.range;
    if (s < 0 || e > text.length || s > e) {
      skipped++;
      continue;
    }
    if (prev && prev.range[0] === s && prev.range[1] === e && prev.text === f.text) continue; // the same edit twice
    // Two insertions at one point, or a fix starting inside an applied one, overlap.
    if (s < last || (prev && s === last && s === e && prev.range[0] === prev.range[1] && prev.range[0] === s)) {
      skipped++;
      continue;
    }
    out += text.slice(last, s) + f.text;
    last = e;
    applied++;
    appliedFixes.push(f);
    prev = f;
  }
  return { output: out + text.slice(last), applied, skipped, appliedFixes };
}

/** One fix as it was applied: the text of its pass it replaced, with a little of the line around it. */
export interface FixChange {
  ruleId?: string;
  /** 1-based line of the source (verified fixes never add or remove a line, so it holds in the input and the output). */
  line: number;
  /** 1-based column in the text of the pass that applied it. */
  column: number;
  /** Context, the replaced text, context — and the same with the replacement. */
  before: string;
  after: string;
}

export interface FixLoopResult {
  output: string;
  passes: number;
  applied: number;
  /** True when the last pass found nothing left to fix. */
  stable: boolean;
  /** Every applied fix in the order applied (pass by pass, then by position). */
  changes: FixChange[];
}

/** Characters of the line shown either side of a change. */
const CONTEXT = 4;

function changesOf(text: string, fixes: readonly (Fix & { ruleId?: string })[]): FixChange[] {
  const out: FixChange[] = [];
  let line = 1;
  let lineStart = 0;
  let at = 0;
  for (const f of fixes) {
    const [s, e] = f.range;
    for (let i = text.indexOf('\n', at); i >= 0 && i < s; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    at = Math.max(at, s);
    let lineEnd = text.indexOf('\n', e);
    if (lineEnd < 0) lineEnd = text.length;
    const left = text.slice(Math.max(lineStart, s - CONTEXT), s);
    const right = text.slice(e, Math.min(lineEnd, e + CONTEXT));
    out.push({
      ...(f.ruleId ? { ruleId: f.ruleId } : {}),
      line,
      column: s - lineStart + 1,
      before: left + text.slice(s, e) + right,
      after: left + f.text + right,
    });
  }
  return out;
}

/** Re-lints and re-fixes until nothing fixable is left (at most `maxPasses`), as ESLint does. */
export function fixUntilStable(
  source: string,
  fixesOf: (source: string) => (Fix & { ruleId?: string })[],
  maxPasses = 10,
): FixLoopResult {
  let output = source;
  let applied = 0;
  const changes: FixChange[] = [];
  for (let pass = 1; pass <= maxPasses; pass++) {
    const fixes = fixesOf(output);
    if (fixes.length === 0) return { output, passes: pass - 1, applied, stable: true, changes };
    const r = applyFixes(output, fixes);
    if (r.applied === 0 || r.output === output) return { output, passes: pass, applied, stable: false, changes };
    changes.push(...changesOf(output, r.appliedFixes));
    output = r.output;
    applied += r.applied;
  }
  return { output, passes: maxPasses, applied, stable: fixesOf(output).length === 0, changes };
}
