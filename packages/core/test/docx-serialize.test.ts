import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { XMLSerializer } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
// The part writer is internal to the package; the built module is what the review writer runs.
import { cloneElement, parseXml, serializeXml } from '../dist/formats/docx/xml.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = join(root, 'corpora/fixtures/docx');
const dec = new TextDecoder();
const xmldom = (doc: Parameters<typeof serializeXml>[0]) => new XMLSerializer().serializeToString(doc);
const parse = (xml: string) => parseXml(new TextEncoder().encode(xml), 'test.xml');

describe('docx part serializer', () => {
  it('writes every XML part of every fixture exactly as xmldom does', () => {
    let parts = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.docx'))) {
      let zip: Record<string, Uint8Array>;
      try {
        zip = unzipSync(new Uint8Array(readFileSync(join(dir, f))));
      } catch {
        continue;
      }
      for (const [name, data] of Object.entries(zip)) {
        if (!/\.(xml|rels)$/.test(name)) continue;
        let doc: ReturnType<typeof parseXml>;
        try {
          doc = parseXml(data, name);
        } catch {
          continue;
        }
        expect(dec.decode(serializeXml(doc)), `${f} ${name}`).toBe(xmldom(doc));
        parts++;
      }
    }
    expect(parts).toBeGreaterThan(100);
  });

  it('escapes text and attributes, keeps declarations, comments and CDATA, closes empty elements', () => {
    const doc = parse(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- c --><a xmlns="urn:a" xmlns:b="urn:b" b:x="1&amp;2&lt;3&quot;&#9;&#10;">t&lt;&amp;&gt;<b:e/><![CDATA[<x>]]><c xml:space="preserve"> </c></a>',
    );
    const out = dec.decode(serializeXml(doc));
    expect(out).toBe(xmldom(doc));
    expect(out).toContain('b:x="1&amp;2&lt;3&quot;&#9;&#10;"');
    expect(out).toContain('t&lt;&amp;&gt;<b:e/>');
  });

  it('falls back to xmldom where a namespace declaration has to be added', () => {
    const doc = parse('<r:root xmlns:r="urn:r"><r:k/></r:root>');
    doc.documentElement!.appendChild(doc.createElementNS('urn:other', 'o:new'));
    doc.documentElement!.appendChild(doc.createElementNS('urn:default', 'plain'));
    const out = dec.decode(serializeXml(doc));
    expect(out).toBe(xmldom(doc));
    expect(out).toContain('xmlns:o="urn:other"');
  });

  it('copies elements with the same names, attributes and text as cloneNode', () => {
    const doc = parse(
      '<w:r xmlns:w="urn:w"><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312" w:ascii="x"/><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve"> a </w:t></w:r>',
    );
    const run = doc.documentElement!;
    for (const deep of [true, false]) {
      const copy = cloneElement(run, deep);
      expect(copy.ownerDocument).toBe(doc);
      expect(xmldom(copy as never)).toBe(xmldom(run.cloneNode(deep) as never));
    }
  });
});
