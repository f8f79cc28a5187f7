// The planted-document review set: recall per item of the review checks and false alarms (see corpora/review-set).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Checker } from '@gongwen/core';
// @ts-expect-error: a plain ES module shared with scripts/eval.mjs
import { evaluateReviewSet, formatReviewSet } from '../../../scripts/review-set.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = join(root, 'corpora/review-set');

interface Row {
  item: string;
  files: number;
  marked: number;
  found: number;
  falseAlarms: number;
}

describe('review set', () => {
  const result = evaluateReviewSet(new Checker(), dir) as { rows: Row[]; alarms: string[]; missed: string[] };
  console.log(formatReviewSet(result));

  it('has planted and clean documents', () => {
    expect(result.rows.some((r) => r.item === 'clean')).toBe(true);
    expect(result.rows.some((r) => r.item !== 'clean' && r.marked > 0)).toBe(true);
  });
  for (const r of result.rows.filter((x) => x.item !== 'clean')) {
    it(`item ${r.item}: recall ≥ 0.9`, () => {
      expect(r.marked, 'every planted document marks its problems').toBeGreaterThanOrEqual(r.files);
      const misses = result.missed.filter((m) => m.startsWith(`${r.item}-`));
      expect(r.found / r.marked, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    });
  }
  it('clean documents get no warning or error', () => {
    expect(result.alarms.filter((a) => a.startsWith('clean-'))).toEqual([]);
  });
});
