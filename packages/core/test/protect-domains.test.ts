// Domain names are protected from every text rule. The scan that finds them walks only the runs of labels around a
// well-known ending; here it must find exactly what the expression it stands for finds (plus URLs and e-mail
// addresses, which it does not touch) over random text built from the pieces that matter.
import { describe, expect, it } from 'vitest';
import { findProtectedRanges, mergeRanges } from '../dist/formats/protect.js';

const DOMAIN_RE =
  /\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:gov|com|org|net|edu)(?:\.cn)?\b(?:\/[^\s\u3000-\u303f\uff00-\uffef]*)?/g;

const PIECES = [
  'a',
  'Z',
  '9',
  '-',
  '_',
  '.',
  '..',
  'gov',
  'com',
  'edu',
  '.cn',
  '/',
  'www',
  ' ',
  '\u3000',
  '，',
  '。',
  '中',
  '国务院',
  'ment',
  'x.gov',
  'b.com.cn',
  '@',
  'http://',
  '\n',
];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** What the expression finds, with the same trimming of a final ASCII mark and merged with the other kinds. */
function expected(text: string): [number, number][] {
  const found: [number, number][] = [];
  DOMAIN_RE.lastIndex = 0;
  for (let m = DOMAIN_RE.exec(text); m; m = DOMAIN_RE.exec(text)) {
    let end = m.index + m[0].length;
    while (end > m.index && /[.,;:!?)\]]/.test(text[end - 1]!)) end--;
    found.push([m.index, end]);
  }
  return found;
}

describe('domain protection', () => {
  it('covers every domain the expression finds, and nothing else beyond URLs and e-mail addresses', () => {
    const next = random(20261130);
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const n = 1 + Math.floor(next() * 30);
      for (let k = 0; k < n; k++) text += PIECES[Math.floor(next() * PIECES.length)];
      const got = findProtectedRanges(text);
      const want = expected(text);
      // Each expected domain lies inside one protected range.
      for (const [s, e] of want)
        expect(
          got.some(([a, b]) => a <= s && e <= b),
          `${JSON.stringify(text)} [${s}, ${e})`,
        ).toBe(true);
      // Without URL and e-mail look-alikes, the protected ranges are exactly the merged domains.
      if (!/[@:]|www/.test(text)) expect(got, JSON.stringify(text)).toEqual(mergeRanges(want));
    }
  });
});
