import type { FixChange } from '../engine/fix.js';

/** One file's changes made (or, on a dry run, that would be made) by --fix. */
export interface FileChanges {
  path: string;
  changes: readonly FixChange[];
}

/**
 * What --fix did, one line per change (`file:line  before → after  rule`) and a count, so that a run that changed
 * the text never reads like a run that found nothing.
 */
export function formatFixChanges(files: readonly FileChanges[], options: { dryRun?: boolean } = {}): string {
  const lines: string[] = [];
  let total = 0;
  let touched = 0;
  for (const f of files) {
    if (!f.changes.length) continue;
    touched++;
    for (const c of f.changes) {
      total++;
      lines.push(`  ${f.path}:${c.line}  ${c.before} → ${c.after}${c.ruleId ? `  ${c.ruleId}` : ''}`);
    }
  }
  if (!total)
    return options.dryRun
      ? '--fix-dry-run：没有可自动修正的问题 / nothing to fix\n'
      : '--fix：没有可自动修正的问题 / nothing to fix\n';
  const head = options.dryRun
    ? `将修正 ${total} 处（${touched} 个文件，未写入） / would fix ${total}:`
    : `已修正 ${total} 处（${touched} 个文件） / fixed ${total}:`;
  return `${head}\n${lines.join('\n')}\n`;
}

/**
 * A unified diff (no context lines) of a text and its fixed version. Verified fixes never add or remove a line, so
 * lines correspond one to one and the diff is a single linear pass; should the line counts differ, the whole text is
 * one hunk.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  const out = [`--- a/${path}`, `+++ b/${path}`];
  if (a.length !== b.length) {
    out.push(`@@ -1,${a.length} +1,${b.length} @@`, ...a.map((l) => `-${l}`), ...b.map((l) => `+${l}`));
    return `${out.join('\n')}\n`;
  }
  for (let i = 0; i < a.length; ) {
    if (a[i] === b[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < a.length && a[j] !== b[j]) j++;
    const n = j - i;
    out.push(`@@ -${i + 1}${n > 1 ? `,${n}` : ''} +${i + 1}${n > 1 ? `,${n}` : ''} @@`);
    for (let k = i; k < j; k++) out.push(`-${a[k]}`);
    for (let k = i; k < j; k++) out.push(`+${b[k]}`);
    i = j;
  }
  return `${out.join('\n')}\n`;
}
