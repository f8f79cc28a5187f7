import type { Diagnostic } from '../engine/types.js';

/** From this many findings alike without a fix in one file, one stands for them all where a person reads them. */
export const ALIKE = 3;

/**
 * The findings without a fix that come {@link ALIKE} or more times alike in one file (same rule, level, message and clause),
 * each mapped to its group in the order given: one thing to mend (every body paragraph in the wrong font), which the
 * terminal report and a review copy show once with where the others are. Findings with a fix stay one by one.
 */
export function alikeFindings<D extends Pick<Diagnostic, 'ruleId' | 'severity' | 'message' | 'standard' | 'fix'>>(
  diagnostics: readonly D[],
): Map<D, D[]> {
  const groups = new Map<string, D[]>();
  for (const d of diagnostics) {
    if (d.fix) continue;
    const key = `${d.ruleId}\u0000${d.severity}\u0000${d.message}\u0000${d.standard ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(d);
    else groups.set(key, [d]);
  }
  const out = new Map<D, D[]>();
  for (const group of groups.values()) if (group.length >= ALIKE) for (const d of group) out.set(d, group);
  return out;
}
