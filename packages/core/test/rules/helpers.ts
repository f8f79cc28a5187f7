import { applyFixes, Checker, textDocument, type Diagnostic } from '@gongwen/core';

const checker = new Checker();

/** Findings of one rule on a text document. */
export function findings(ruleId: string, text: string): Diagnostic[] {
  return checker.check(textDocument(text)).diagnostics.filter((d) => d.ruleId === ruleId);
}

/** The text after applying one rule's fixes until none is left (at most 10 passes). */
export function fixed(ruleId: string, text: string): string {
  let out = text;
  for (let i = 0; i < 10; i++) {
    const fixes = findings(ruleId, out).flatMap((d) => (d.fix ? [d.fix] : []));
    if (!fixes.length) break;
    out = applyFixes(out, fixes).output;
  }
  return out;
}

export const excerpt = (text: string, d: Diagnostic) => text.slice(d.range[0], d.range[1]);
