import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Checker } from '@gongwen/core';
// Internal to the package: the built modules are what the command line runs.
import { domOf, editableDomOf, parseXml, serializeXml } from '../dist/formats/docx/xml.js';
import { bodyLayout } from '../dist/writers/main-splice.js';
import { reviewDocx, reviewWithDom } from '../dist/writers/review.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = join(root, 'corpora/fixtures/docx');
// Real Word files beside the project (for measuring only, never copied in); present in CI.
const shared = join(root, '../shared/corpora/docx');
const sharedAbsent = !process.env.CI && !existsSync(shared);
if (sharedAbsent)
  console.warn(`shared docx corpus absent (${shared}): the block trees are compared on the fixtures only`);
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

/** Every .docx under a folder. */
function docxUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((n) => /\.docx$/i.test(n))
    .map((n) => join(folder, n));
}

interface ShapeAttr {
  name: string;
  namespaceURI: string | null;
  prefix: string | null;
  localName: string;
  value: string;
  nodeValue: string | null;
}

interface ShapeNode {
  nodeType: number;
  nodeName: string;
  namespaceURI?: string | null;
  prefix?: string | null;
  localName?: string | null;
  data?: string;
  attributes?: { length: number; item(i: number): ShapeAttr | null };
  childNodes: { length: number; item(i: number): unknown };
}

/** Everything of an xmldom node the writer and the serializer can see: names, namespaces, attributes in order, text. */
function shape(n: ShapeNode): string {
  let out = `${n.nodeType}|${n.nodeName}|${n.namespaceURI ?? ''}|${n.prefix ?? ''}|${n.localName ?? ''}|${n.data ?? ''}`;
  for (let i = 0; i < (n.attributes?.length ?? 0); i++) {
    const a = n.attributes!.item(i)!;
    out += ` @${a.name}|${a.namespaceURI ?? ''}|${a.prefix ?? ''}|${a.localName}=${a.value}|${a.nodeValue}`;
  }
  out += '[';
  for (let i = 0; i < n.childNodes.length; i++) out += shape(n.childNodes.item(i) as ShapeNode);
  return `${out}]`;
}

/** The packages of the fixtures and of the real .docx corpus, unzipped (one that does not unzip is left out). */
function packages(): Array<[string, Record<string, Uint8Array>]> {
  const out: Array<[string, Record<string, Uint8Array>]> = [];
  for (const f of [...docxUnder(dir), ...(sharedAbsent ? [] : docxUnder(shared))]) {
    try {
      out.push([f, unzipSync(readFileSync(f))]);
    } catch {}
  }
  return out;
}

/** A part's text as the reader decodes it (a byte order mark dropped). */
const partText = (bytes: Uint8Array) => {
  const text = dec.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

/**
 * Whether editableDomOf gives the tree and the bytes xmldom's parser gives for this text (or refuses it with the same
 * message): false when both refuse it.
 */
function sameTree(text: string, part: string, label: string): boolean {
  let want: ReturnType<typeof domOf>;
  try {
    want = domOf(text, part);
  } catch (e) {
    expect(() => editableDomOf(text, part), label).toThrow((e as Error).message);
    return false;
  }
  const got = editableDomOf(text, part);
  expect(shape(got as unknown as ShapeNode), label).toBe(shape(want as unknown as ShapeNode));
  expect(dec.decode(serializeXml(got)), label).toBe(dec.decode(serializeXml(want)));
  return true;
}

describe('review: the edited blocks built from the fast tokenizer', () => {
  it('are the nodes xmldom parses, for the blocks of every fixture and every real .docx of the corpus', () => {
    let blocks = 0;
    let bodies = 0;
    for (const [f, parts] of packages()) {
      const main = Object.keys(parts).find((n) => /^word\/document\d*\.xml$/.test(n));
      if (!main) continue;
      const text = partText(parts[main]!);
      const l = bodyLayout(text);
      if (!l) continue;
      bodies++;
      const wrap = (inner: string) =>
        `${text.slice(l.root[0], l.root[1])}${text.slice(l.body[0], l.body[1])}${inner}</${l.bodyName}></${l.rootName}>`;
      // Each block alone, and all of them in one text (as a review's prefetch parses them).
      const texts = [wrap(''), wrap(l.blocks.map(([s, e]) => text.slice(s, e)).join(''))];
      // (Not a block of megabytes alone: one such table is in the combined text already, and xmldom takes a second.)
      for (const [s, e] of l.blocks.slice(0, 40)) if (e - s < 100_000) texts.push(wrap(text.slice(s, e)));
      for (const t of texts) if (sameTree(t, 'block', f)) blocks++;
    }
    expect(bodies).toBeGreaterThan(sharedAbsent ? 10 : 40);
    console.log(`block trees compared: ${blocks} texts of ${bodies} documents`);
    expect(blocks).toBeGreaterThan(1000);
  });

  it('are the nodes xmldom parses for whole parts too, declaration included, in every fixture and real .docx', () => {
    let parts = 0;
    let declared = 0;
    const all = packages();
    for (const [f, zip] of all) {
      for (const [name, bytes] of Object.entries(zip)) {
        // (Parts of megabytes apart: xmldom takes seconds over them, and the main parts are compared above.)
        if (!/\.(xml|rels)$/.test(name) || bytes.length > 300_000) continue;
        const text = partText(bytes);
        if (!sameTree(text, name, `${f} ${name}`)) continue;
        parts++;
        if (text.startsWith('<?xml')) declared++;
      }
    }
    console.log(`part trees compared: ${parts} parts (${declared} with a declaration) of ${all.length} packages`);
    expect(declared).toBeGreaterThan(sharedAbsent ? 50 : 300);
  });

  it('reads an XML declaration as xmldom does, and hands any other form of one to xmldom', () => {
    const root =
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';
    for (const head of [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n \t\r',
      '<?xml version="1.0"?>',
      "<?xml version='1.0' encoding='UTF-8'?>\n",
      '<?xml version="1.0"  encoding="UTF-8" ?>\n',
      '<?xml version="1.0"?><!-- made by hand -->\n',
      '',
    ]) {
      const text = `${head}${root}\n`;
      const want = domOf(text, 'part');
      const got = editableDomOf(text, 'part');
      expect(shape(got as unknown as ShapeNode), JSON.stringify(head)).toBe(shape(want as unknown as ShapeNode));
      expect(dec.decode(serializeXml(got)), JSON.stringify(head)).toBe(dec.decode(serializeXml(want)));
    }
    expect(() => editableDomOf('<?xml version="1.0"?>\n<a/>junk', 'part')).toThrow(/part/);
  });

  it('hands a block with a comment, CDATA or an instruction to xmldom, which keeps them', () => {
    const t =
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      '<w:p><!-- note --><w:r><w:t><![CDATA[a<b]]></w:t></w:r><?pi x?></w:p></w:body></w:document>';
    expect(dec.decode(serializeXml(editableDomOf(t, 'block')))).toBe(dec.decode(serializeXml(domOf(t, 'block'))));
    expect(dec.decode(serializeXml(editableDomOf(t, 'block')))).toContain('<!-- note -->');
  });
});
