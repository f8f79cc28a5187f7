import { describe, expect, it } from 'vitest';
import { pagedDocument, type PagedRun } from '@gongwen/core';

/** A page of 10.5 pt characters, one run each, set at `x` along the baseline `y`. */
const chars = (text: string, x: number, y: number, dx = 0): PagedRun[] =>
  [...text].map((c, i) => ({ text: c, x: x + i * 10.5 + dx, y, width: 10.5, size: 10.5 }));
const page = (runs: PagedRun[]) => ({ width: 595, height: 842, runs, rules: [], images: 0 });

describe('paged documents: text printed over itself', () => {
  it('reads a label drawn twice at the same place, or a hair apart (bold by overprint), once', () => {
    const twice = [...chars('工程名称：', 72, 100), ...chars('工程名称：', 72, 100)];
    expect(pagedDocument({ format: 'ofd', pages: [page(twice)] }).text.trim()).toBe('工程名称：');
    const bold = [...chars('特发此证', 72, 100), ...chars('特发此证', 72, 100, 0.3)];
    expect(pagedDocument({ format: 'pdf', pages: [page(bold)] }).text.trim()).toBe('特发此证');
  });

  it('keeps the same character where it is really written again: beside it, or on the next line', () => {
    const repeated = [...chars('谢谢', 72, 100), ...chars('一', 72, 130), ...chars('一', 72, 160)];
    expect(pagedDocument({ format: 'pdf', pages: [page(repeated)] }).text.replace(/\s/g, '')).toBe('谢谢一一');
  });
});
