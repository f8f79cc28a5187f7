import { fixUntilStable, type Diagnostic, type FixLoopResult, type GovDocument } from '@gongwen/core';

/** A document and its findings, as a face's checker gives them (the full checker, or an editor's incremental one). */
export interface Checked {
  doc: GovDocument;
  diagnostics: Diagnostic[];
}

export interface FixLoopOptions {
  /** Findings to leave alone (occurrences a person chose to ignore): neither fixed nor returned. */
  keep?: (doc: GovDocument, d: Diagnostic) => boolean;
  /** Only this rule's fixes (the editor's "fix all of this rule"). */
  ruleId?: string;
}

/**
 * Every verified fix (the engine re-checks each before offering it; advice is never a fix), re-applied until nothing
 * fixable is left (core's fixUntilStable, which caps the passes). Returns the fixed source, each change made (with its
 * rule) and the kept findings of it (all rules, whatever `ruleId`).
 */
export function fixLoop(
  source: string,
  check: (source: string) => Checked,
  options: FixLoopOptions = {},
): FixLoopResult & Checked {
  const keep = options.keep;
  let last: { source: string; checked: Checked } | undefined;
  const kept = (s: string): Checked => {
    if (last?.source === s) return last.checked;
    const c = check(s);
    const checked = keep ? { doc: c.doc, diagnostics: c.diagnostics.filter((d) => keep(c.doc, d)) } : c;
    last = { source: s, checked };
    return checked;
  };
  const result = fixUntilStable(source, (s) =>
    kept(s).diagnostics.flatMap((d) =>
      d.fix && (!options.ruleId || d.ruleId === options.ruleId) ? [{ ...d.fix, ruleId: d.ruleId }] : [],
    ),
  );
  return { ...result, ...kept(result.output) };
}
