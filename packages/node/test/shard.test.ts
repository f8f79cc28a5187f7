import { describe, expect, it } from 'vitest';
import { shardOf } from '@gongwen/node';

describe('shardOf', () => {
  it('puts every path in exactly one part, roughly even, decided by the path alone', () => {
    const paths = Array.from({ length: 3000 }, (_, i) => `档案/${i % 37}/第${i}号通知.txt`);
    for (const n of [2, 3, 4, 8]) {
      const counts = Array<number>(n).fill(0);
      for (const p of paths) {
        const s = shardOf(p, n);
        expect(s).toBeGreaterThanOrEqual(1);
        expect(s).toBeLessThanOrEqual(n);
        counts[s - 1]!++;
      }
      // Within 15% of an even share (a binomial spread is a few percent at this size).
      for (const c of counts) expect(Math.abs(c - paths.length / n)).toBeLessThan((0.15 * paths.length) / n);
    }
    // Adding files elsewhere moves none: a path's part depends on it alone.
    const before = paths.map((p) => shardOf(p, 4));
    expect(paths.map((p) => shardOf(p, 4))).toEqual(before);
    expect(shardOf('一/二.txt', 1)).toBe(1);
  });
});
