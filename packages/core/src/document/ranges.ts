import type { Range } from './types.js';

/**
 * In sorted, non-overlapping ranges, the first one that ends after `at` (binary search): the only range that can hold
 * `at` or start right after it. Callers decide what counts as touching (a point strictly inside, a span overlapping).
 */
export function firstEndingAfter(sorted: readonly Range[], at: number): Range | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]![1] <= at) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}
