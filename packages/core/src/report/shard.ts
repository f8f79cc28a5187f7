import { hash64 } from './fingerprint.js';

/** `--shard i/n`: this run checks the i-th (1-based) of n parts of the file list. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n); undefined when it is not one. */
export function parseShard(spec: string): Shard | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count)
    return undefined;
  return { index, count };
}

/**
 * Which part (1-based) of `count` a file belongs to: by a hash of its path relative to the folder the run starts in,
 * so every machine computes the same partition, and adding or removing files moves no other file between shards
 * (a contiguous split of the sorted list would shift every later file). The parts are even only statistically.
 */
export function shardOf(relativePath: string, count: number): number {
  const key = relativePath.split('\\').join('/');
  return (Number.parseInt(hash64(key).slice(0, 8), 16) % count) + 1;
}
