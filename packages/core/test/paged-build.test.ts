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

describe('paged documents: the 发文机关标志 by its print', () => {
  /** A first line in `size` and `color`, then two lines of body text in 16 pt. */
  const doc = (first: string, size: number, color?: string) => {
    const top = [...first].map((c, i) => ({ text: c, x: 100 + i * size, y: 120, width: size, size, color }));
    const body = [0, 1].map((k) => ({
      text: '为做好有关工作，现将事项通知如下。',
      x: 80,
      y: 300 + k * 29,
      width: 272,
      size: 16,
    }));
    const d = pagedDocument({ format: 'pdf', pages: [page([...top, ...body])] });
    return d.blocks.find((b) => b.role === 'issuer-mark');
  };

  it('is a large line printed red, or one ending in 文件 or 令 (printed black, which the rules then say)', () => {
    expect(doc('某某市人民政府', 36, '#E60012')).toBeDefined();
    expect(doc('某某市人民政府文件', 36, '#000000')).toBeDefined();
    expect(doc('中华人民共和国主席令', 30)).toBeDefined();
  });

  it('is not a large black line of other words: a title printed large (拿来主义, 立案决定书)', () => {
    expect(doc('拿来主义', 26, '#000000')).toBeUndefined();
    expect(doc('立案决定书', 24)).toBeUndefined();
  });
});
