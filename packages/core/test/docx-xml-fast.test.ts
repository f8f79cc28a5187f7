// The light reading tree is built by a fast tokenizer that accepts a strict subset of XML and hands anything else to
// saxes (and what saxes refuses to xmldom). Whatever it accepts must come out exactly as saxes builds it: the same
// elements, namespaces, attributes and text nodes, and the same element count against the package's budget. Real
// parts of the project's .docx fixtures are read both ways, then mutated at random with the characters and snippets
// that make XML subtle (references, CDATA, comments, namespace declarations, line ends, broken tags).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XmlBudget, type XmlNode, parseXmlTree } from '../dist/formats/docx/xml.js';
import { readZip } from '../dist/formats/docx/zip.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../../corpora/fixtures/docx');
const encoder = new TextEncoder();

/** Every XML part of the fixtures that read (the bad-input ones are not packages). */
const parts: Array<[string, Uint8Array]> = [];
for (const name of readdirSync(fixtures).sort()) {
  if (!name.endsWith('.docx') || name.startsWith('bad-input')) continue;
  for (const [part, bytes] of Object.entries(readZip(new Uint8Array(readFileSync(join(fixtures, name)))))) {
    if (/\.(xml|rels)$/.test(part)) parts.push([`${name}:${part}`, bytes]);
  }
}

type Dumped = unknown;

/** The tree as plain data: light trees and xmldom's alike, attributes with their namespace parts. */
function dump(n: XmlNode | null): Dumped {
  if (!n) return null;
  if (n.nodeType === 9) return ['#document', dump((n as unknown as { documentElement: XmlNode }).documentElement)];
  if (n.nodeType !== 1) return [`#${n.nodeType}`, n.textContent];
  const el = n as unknown as {
    localName: string;
    namespaceURI: string | null;
    attrs?: Array<{ name: string; local: string; uri: string; value: string }>;
    attributes?: {
      length: number;
      item(i: number): { name: string; localName: string; namespaceURI: string | null; value: string };
    };
  };
  const attrs = el.attrs
    ? el.attrs.map((a) => [a.name, a.local, a.uri, a.value])
    : Array.from({ length: el.attributes?.length ?? 0 }, (_, i) => {
        const a = el.attributes!.item(i);
        return [a.name, a.localName, a.namespaceURI ?? '', a.value];
      });
  const kids: Dumped[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) kids.push(dump(c));
  return [el.localName, el.namespaceURI, attrs, kids];
}

function outcome(bytes: Uint8Array, fast: boolean): { tree?: Dumped; error?: string; elements: number } {
  const budget = new XmlBudget();
  try {
    return { tree: dump(parseXmlTree(bytes, 'word/document.xml', budget, fast)), elements: budget.elements };
  } catch (e) {
    return { error: (e as Error).message, elements: budget.elements };
  }
}

describe('docx XML: the fast tokenizer builds what saxes builds', () => {
  it('finds the fixtures', () => {
    expect(parts.length).toBeGreaterThan(50);
  });

  it('reads every part of the fixtures as saxes does', () => {
    for (const [name, bytes] of parts) expect(outcome(bytes, true), name).toEqual(outcome(bytes, false));
  });

  const snippets = [
    '<',
    '>',
    '&',
    '/',
    '"',
    "'",
    '=',
    ':',
    ' ',
    '\r',
    '\r\n',
    '\t',
    '\n',
    '\u0001',
    '&amp;',
    '&lt;',
    '&#xA;',
    '&#10;',
    '&#13;',
    '&#1;',
    '&#x1F600;',
    '&#xD800;',
    '&nbsp;',
    ']]>',
    '<![CDATA[a<b&c]]>',
    '<![CDATA[]]>',
    '<!--note-->',
    '<!--a--b-->',
    '<?pi x?>',
    '<w:p>',
    '</w:p>',
    '<w:r/>',
    '<x:y/>',
    '<w:t>a</w:t>',
    ' xmlns:x="urn:x"',
    ' xmlns="urn:d"',
    ' xmlns=""',
    ' xmlns:w=""',
    ' x:a="1"',
    ' w:val="1"',
    ' w:val="2"',
    ' a="1"',
    " b='2'",
    ' c="a\tb"',
    ' d="&#9;"',
    ' xmlns:xml="http://www.w3.org/XML/1998/namespace"',
    '中文',
    '<中/>',
    '<a:b:c/>',
  ];
  const mutation = fc.record({
    at: fc.nat(),
    cut: fc.nat({ max: 12 }),
    insert: fc.array(fc.constantFrom(...snippets), { maxLength: 4 }),
  });

  it('accepts a mutated part only where saxes builds the same tree', () => {
    const decoder = new TextDecoder();
    // Small and middle-sized parts keep the run quick; the mutations land anywhere in them.
    const texts = parts.map(([, b]) => decoder.decode(b)).filter((t) => t.length < 20_000);
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (k, ms) => {
        let text = texts[k]!;
        for (const m of ms) {
          const at = m.at % (text.length + 1);
          text = text.slice(0, at) + m.insert.join('') + text.slice(at + m.cut);
        }
        const bytes = encoder.encode(text);
        expect(outcome(bytes, true)).toEqual(outcome(bytes, false));
      }),
      { numRuns: 1000, seed: 14 },
    );
  });

  it('resolves namespaces declared on any element, defaults and undeclarations as saxes does', () => {
    const cases = [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:d xmlns:w="urn:w"><w:b><p xmlns="urn:d"><q xmlns=""/><w:t>x</w:t></p></w:b></w:d>',
      '<r xmlns:a="urn:1"><a:x xmlns:a="urn:2" a:v="2"/><a:y a:v="1"/></r>',
      '<r xmlns:a="urn:1" xmlns:b="urn:1"><e a:v="1" b:v="2"/></r>',
      '<r><e a="1" a="2"/></r>',
      '<r xmlns:a="urn:1"><e a:v="&#xA;&#13;&amp;&lt;" v="x&gt;y"/>a&#13;b\r\nc\rd<![CDATA[\r\n]]></r>',
      '<r><!-- c --><e/><!-- d --></r><!-- after -->\n',
      '<r>&unknown;</r>',
      '<r><e></f></r>',
      '<r/><r/>',
      ' <r/>',
      'x<r/>',
      '<r>a]]>b</r>',
      '<r a="<"/>',
      '<r a=1/>',
      '<r a="1"b="2"/>',
      '<r a = "1"\n\tb=\'x"y\' />',
      '<r a="1" / >',
      '<r a="1" a:b="2"/>',
      '<r a="x\ny"/>',
      '<u:r/>',
      '<r xmlns:a=""/>',
      '<?xml version="1.0"?><?pi?><r/>',
      '<?xml version="2.0"?><r/>',
    ];
    for (const text of cases) {
      const bytes = encoder.encode(text);
      expect(outcome(bytes, true), text).toEqual(outcome(bytes, false));
    }
  });

  it('counts elements against the package budget and leaves the limits to the screening', () => {
    const deep = encoder.encode(`<r>${'<a>'.repeat(300)}${'</a>'.repeat(300)}</r>`);
    expect(outcome(deep, true)).toEqual(outcome(deep, false));
    expect(outcome(deep, true).error).toMatch(/256/);
    const budget = new XmlBudget({ maxDepth: 256, maxElements: 5, maxParagraphs: 10 });
    parseXmlTree(encoder.encode('<r><a/><b/></r>'), 'a.xml', budget);
    expect(budget.elements).toBe(3);
    expect(() => parseXmlTree(encoder.encode('<r><a/><b/></r>'), 'b.xml', budget)).toThrow(/5/);
    expect(budget.elements).toBe(6);
  });

  it('leaves skipped elements out of the tree on both paths, nested ones and look-alike names included', () => {
    const skip = new Set(['latentStyles', 'tblStylePr', 'fmtScheme', 'rsids', 's']);
    const tree = (bytes: Uint8Array, fast: boolean) => {
      try {
        return dump(parseXmlTree(bytes, 'word/styles.xml', new XmlBudget(), fast, skip));
      } catch (e) {
        return (e as Error).message;
      }
    };
    for (const [name, bytes] of parts) expect(tree(bytes, true), name).toEqual(tree(bytes, false));
    const xml = encoder.encode(
      '<w:r xmlns:w="urn:w"><w:s a="1"><w:s/><w:s b="/>"><w:t>x</w:t><w:s>y</w:s></w:s ><![CDATA[z]]></w:s>' +
        '<w:sx><w:s/><w:k/></w:sx><w:s/><w:k>t</w:k></w:r>',
    );
    const kept = ['r', 'urn:w', [['xmlns:w', 'w', 'http://www.w3.org/2000/xmlns/', 'urn:w']]];
    expect(tree(xml, true)).toEqual([
      '#document',
      [
        ...kept,
        [
          ['sx', 'urn:w', [], [['k', 'urn:w', [], []]]],
          ['k', 'urn:w', [], [['#3', 't']]],
        ],
      ],
    ]);
    expect(tree(xml, false)).toEqual(tree(xml, true));
    // A skipped element never closed is not well-formed on either path.
    const open = encoder.encode('<w:r xmlns:w="urn:w"><w:s><w:k/></w:r>');
    expect(tree(open, true)).toEqual(tree(open, false));
    expect(tree(open, true)).toMatch(/XML/);
  });
});
