import type { SourceMap, SourcePosition } from './types.js';

/** Sorted start offsets of every line of `text`. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Index of the last element ≤ value in a sorted array (binary search). */
export function floorIndex(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A source map for formats whose text is the source itself, line by line. */
export class LineSourceMap implements SourceMap {
  private readonly starts: number[];
  constructor(private readonly source: string) {
    this.starts = lineStarts(source);
  }
  position(offset: number): SourcePosition {
    const line = floorIndex(this.starts, offset);
    return { line: line + 1, column: offset - this.starts[line]! + 1 };
  }
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = this.starts[line];
    return this.source.slice(start, next === undefined ? undefined : next - 1);
  }
  offsetAt(line: number, column: number): number {
    return (this.starts[line - 1] ?? this.source.length) + column - 1;
  }
}
