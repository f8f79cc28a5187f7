import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Checker } from '@gongwen/core';
// Internal to the package: the built modules are what the command line runs.
import { parseXml, serializeXml } from '../dist/formats/docx/xml.js';
import { bodyLayout } from '../dist/writers/main-splice.js';
import { reviewDocx, reviewWithDom } from '../dist/writers/review.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = join(root, 'corpora/fixtures/docx');
const dec = new TextDecoder();
const checker = new Checker();
const date = '2026-01-01T00:00:00Z';

/** A part as xmldom reads and our serializer writes it: two texts equal so are the same tree. */
const normal = (bytes: Uint8Array, name: string) => dec.decode(serializeXml(parseXml(bytes, name)));

describe('review: the main part edited block by block', () => {
  it('gives the tree the whole-DOM review gives, for every .docx fixture, and keeps the bytes of every block it does not edit', () => {
    let files = 0;
    let kept = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.docx'))) {
      const input = readFileSync(join(dir, f));
      let spliced: ReturnType<typeof reviewDocx>;
      try {
        spliced = reviewDocx(input, { checker, date });
      } catch (e) {
        // A fixture the reader refuses is refused the same way by both.
        expect(() => reviewWithDom(input, { checker, date }), f).toThrow((e as Error).message);
        continue;
      }
      const whole = reviewWithDom(input, { checker, date });
      files++;
      expect(spliced.comments, f).toBe(whole.comments);
      expect(spliced.trackedChanges, f).toBe(whole.trackedChanges);
      expect(spliced.approximated, f).toBe(whole.approximated);
      const a = unzipSync(spliced.bytes);
      const b = unzipSync(whole.bytes);
      expect(Object.keys(a), f).toEqual(Object.keys(b));
      for (const name of Object.keys(a)) {
        if (!/\.(xml|rels)$/.test(name)) expect(a[name], `${f} ${name}`).toEqual(b[name]);
        else expect(normal(a[name]!, name), `${f} ${name}`).toBe(normal(b[name]!, name));
      }
      const main = Object.keys(a).find((n) => /document\d*\.xml$/.test(n) && n.startsWith('word/'));
      const before = main && unzipSync(input)[main];
      if (!main || !before) continue;
      const text = dec.decode(before);
      const out = dec.decode(a[main]!);
      const layout = bodyLayout(text);
      if (!layout) continue;
      // Each block of the input not edited is found, as it was, in the copy.
      let edited = 0;
      for (const [s, e] of layout.blocks) {
        if (out.includes(text.slice(s, e))) kept++;
        else edited++;
      }
      expect(edited, f).toBeLessThanOrEqual(spliced.comments + spliced.trackedChanges);
    }
    expect(files).toBeGreaterThan(10);
    expect(kept).toBeGreaterThan(0);
  });
});
