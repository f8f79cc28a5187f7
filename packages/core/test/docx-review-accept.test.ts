// review --accept: the safe fixes made directly (no tracked changes), what is still open as comments.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { applyFixes, Checker, readDocument, reviewDocx } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (n: string) => new Uint8Array(readFileSync(join(root, 'corpora/fixtures/docx', `${n}.docx`)));
const DATE = '2026-01-02T03:04:05Z';
const checker = new Checker();

describe('review --accept', () => {
  const input = fixture('review-text-fixes');
  const tracked = reviewDocx(input, { checker, date: DATE });
  const accepted = reviewDocx(input, { checker, date: DATE, accept: true });
  const xml = strFromU8(unzipSync(accepted.bytes)['word/document.xml']!);

  it('makes every fix the tracked copy proposes, with no revision marks', () => {
    expect(accepted.acceptedFixes).toBe(tracked.trackedChanges);
    expect(accepted.acceptedFixes).toBeGreaterThan(0);
    expect(accepted.trackedChanges).toBe(0);
    expect(xml).not.toMatch(/<w:(ins|del) /);
    const before = readDocument(input, 'docx');
    const fixes = tracked.diagnostics.flatMap((d) => (d.fix ? [d.fix] : []));
    expect(readDocument(accepted.bytes, 'docx').text).toBe(applyFixes(before.text, fixes).output);
  });

  it('comments only on what is still open', () => {
    const open = accepted.diagnostics.filter((d) => !d.fix);
    expect(accepted.comments).toBe(open.length);
    const comments = strFromU8(unzipSync(accepted.bytes)['word/comments.xml'] ?? new Uint8Array());
    for (const d of open) expect(comments).toContain(`[${d.ruleId}]`);
    // Checked again, the copy has none of the fixed findings left.
    const again = checker.check(readDocument(accepted.bytes, 'docx')).diagnostics;
    expect(again.filter((d) => d.fix)).toEqual([]);
  });
});
