import type { ParagraphRecord as AnyParagraphRecord, ParsedDocx as AnyParsedDocx } from '../formats/docx/read.js';
import {
  W_NS,
  type Document,
  type Element,
  type XmlElement,
  type XmlNode,
  editableDomOf,
  elements,
  isDom,
  serializeElementIn,
  startTagEnd,
  wChild,
} from '../formats/docx/xml.js';

/** Where the root's start tag, the body's start tag and each element child of the body sit in a part's text. */
interface BodyLayout {
  root: [number, number];
  rootName: string;
  body: [number, number];
  bodyName: string;
  blocks: Array<[number, number]>;
}

/**
 * One linear pass over the markup (as the reader's shape check makes): the spans of the root's and the body's start
 * tags and of each element directly in the body. Undefined for anything it does not expect.
 */
export function bodyLayout(text: string): BodyLayout | undefined {
  const n = text.length;
  let depth = 0;
  let root: [number, number] | undefined;
  let rootName = '';
  let body: [number, number] | undefined;
  let bodyName = '';
  let bodyDone = false;
  let blockStart = -1;
  const blocks: Array<[number, number]> = [];
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    const c = text.charCodeAt(i + 1);
    if (c === 0x2f /* / */) {
      const j = text.indexOf('>', i);
      if (j < 0) return undefined;
      depth--;
      if (depth === 2 && blockStart >= 0) {
        blocks.push([blockStart, j + 1]);
        blockStart = -1;
      } else if (depth === 1 && body) bodyDone = true;
      i = j;
    } else if (c === 0x3f /* ? */) {
      i = text.indexOf('?>', i);
    } else if (c === 0x21 /* ! */) {
      if (text.startsWith('<!--', i)) i = text.indexOf('-->', i);
      else if (text.startsWith('<![CDATA[', i)) i = text.indexOf(']]>', i);
      else return undefined;
    } else {
      const j = startTagEnd(text, i);
      if (j >= n) return undefined;
      const selfClosing = text.charCodeAt(j - 1) === 0x2f;
      // Only the root's and the body's names are needed: no slice and expression for each element of the body.
      const name = depth <= 1 ? (/^[^\s/>]+/.exec(text.slice(i + 1, Math.min(j, i + 200)))?.[0] ?? '') : '';
      if (depth === 0) {
        if (root || selfClosing) return undefined;
        root = [i, j + 1];
        rootName = name;
      } else if (depth === 1) {
        if (name === 'body' || name.endsWith(':body')) {
          if (body || selfClosing) return undefined;
          body = [i, j + 1];
          bodyName = name;
        }
      } else if (depth === 2 && body && !bodyDone) {
        if (selfClosing) blocks.push([i, j + 1]);
        else blockStart = i;
      }
      if (!selfClosing) depth++;
      i = j;
    }
    if (i < 0) return undefined;
  }
  return root && body && bodyDone && depth === 0 ? { root, rootName, body, bodyName, blocks } : undefined;
}

/** The namespace declarations an element makes (prefix → URI, '' for the default namespace). */
function declarations(el: Element, into: Map<string, string>): void {
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs.item(i)!;
    if (a.prefix === 'xmlns') into.set(a.localName!, a.value);
    else if (a.nodeName === 'xmlns') into.set('', a.value);
  }
}

/** Thrown when the light tree and the block's DOM do not pair up: the caller writes the copy the whole-DOM way. */
export class SpliceRefused extends Error {}

type ParagraphRecord = AnyParagraphRecord<Element>;

/**
 * The main part of a review, edited a body block at a time: the reader's light tree serves reading, and only a block
 * (a paragraph, a table, …) that gets a comment or a tracked change is parsed into xmldom's DOM, edited and written
 * back; every other block keeps its bytes. Parsing and writing the whole part with xmldom was most of a review's
 * time beyond checking the document, though a review touches few paragraphs.
 */
export class SplicedMain {
  private readonly doms: Array<Element | undefined> = [];
  private readonly edited = new Set<number>();
  private readonly blockOfRecord = new Map<ParagraphRecord, number>();
  private readonly byBlock = new Map<number, ParagraphRecord[]>();
  private readonly scope = new Map<string, string>();

  private constructor(
    private readonly text: string,
    private readonly layout: BodyLayout,
    /** A document to create elements in (the root's and the body's start tags, nothing else). */
    readonly doc: Document,
    private readonly lightBlocks: XmlElement[],
  ) {}

  /** Undefined when the part is not laid out as expected (the caller then edits the whole part's DOM). */
  static create(parsed: AnyParsedDocx, bytes: Uint8Array): SplicedMain | undefined {
    const light = parsed.xml.get(parsed.mainPart);
    if (!light || isDom(light)) return undefined;
    let text = new TextDecoder('utf-8').decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const layout = bodyLayout(text);
    if (!layout) return undefined;
    const lightBody = wChild(light.documentElement, 'body');
    const lightBlocks = elements(lightBody);
    if (!lightBody || lightBlocks.length !== layout.blocks.length) return undefined;
    const doc = editableDomOf(SplicedMain.wrap(text, layout, ''), parsed.mainPart);
    const root = doc.documentElement!;
    // WordprocessingML in the default namespace: elements made here would need a prefix declared on the real root.
    if (!root.lookupPrefix(W_NS)) return undefined;
    const body = elements(root)[0];
    if (!body) return undefined;
    const spliced = new SplicedMain(text, layout, doc, lightBlocks);
    declarations(root, spliced.scope);
    declarations(body, spliced.scope);
    const index = new Map<XmlNode, number>();
    lightBlocks.forEach((b, i) => index.set(b, i));
    for (const rec of parsed.paragraphs as unknown as ParagraphRecord[]) {
      if (rec.part !== parsed.mainPart) continue;
      let n: XmlNode = rec.el;
      while (n.parentNode && n.parentNode !== lightBody) n = n.parentNode;
      const i = index.get(n);
      if (i === undefined) return undefined;
      spliced.blockOfRecord.set(rec, i);
      const list = spliced.byBlock.get(i);
      if (list) list.push(rec);
      else spliced.byBlock.set(i, [rec]);
    }
    return spliced;
  }

  private static wrap(text: string, l: BodyLayout, inner: string): string {
    return `${text.slice(l.root[0], l.root[1])}${text.slice(l.body[0], l.body[1])}${inner}</${l.bodyName}></${l.rootName}>`;
  }

  /**
   * Parses the blocks of these records (those a review is about to edit) in one go: one parse of them all costs
   * about half of one parse each. Their records then point into the DOM; nothing is marked edited.
   */
  prefetch(records: Iterable<ParagraphRecord>): void {
    const want = new Set<number>();
    for (const r of records) {
      const i = this.blockOfRecord.get(r);
      if (i !== undefined && !this.doms[i]) want.add(i);
    }
    if (want.size) this.load([...want].sort((a, b) => a - b));
  }

  /**
   * Makes the record's paragraph (and every record in its body block) point into the block's DOM, parsed now if it
   * was not yet, and marks the block edited (written anew). The records are changed in place, so every later look at
   * them sees the editable nodes.
   */
  ensure(rec: ParagraphRecord): void {
    const i = this.blockOfRecord.get(rec);
    if (i === undefined) throw new SpliceRefused('a paragraph outside the body blocks');
    if (!this.doms[i]) this.load([i]);
    this.edited.add(i);
  }

  private load(blocks: number[]): void {
    const inner = blocks.map((i) => this.text.slice(this.layout.blocks[i]![0], this.layout.blocks[i]![1])).join('');
    const part = editableDomOf(SplicedMain.wrap(this.text, this.layout, inner), 'block');
    const doms = elements(elements(part.documentElement)[0]);
    if (doms.length !== blocks.length) throw new SpliceRefused('blocks differ');
    const map = new Map<XmlNode, Element>();
    const pair = (a: XmlElement, b: Element) => {
      if (a.localName !== b.localName || a.namespaceURI !== b.namespaceURI) throw new SpliceRefused('trees differ');
      map.set(a, b);
      let x = a.firstChild;
      let y = b.firstChild;
      for (;;) {
        while (x && x.nodeType !== 1) x = x.nextSibling;
        while (y && y.nodeType !== 1) y = y.nextSibling;
        if (!x || !y) break;
        pair(x as XmlElement, y as Element);
        x = x.nextSibling;
        y = y.nextSibling;
      }
      if (x || y) throw new SpliceRefused('trees differ');
    };
    blocks.forEach((i, k) => {
      pair(this.lightBlocks[i]!, doms[k]!);
      this.doms[i] = doms[k];
    });
    const to = (x: XmlNode | undefined): Element | undefined => {
      if (x === undefined) return undefined;
      const y = map.get(x);
      if (!y) throw new SpliceRefused('a node outside its block');
      return y;
    };
    for (const i of blocks) {
      for (const r of this.byBlock.get(i) ?? []) {
        r.el = to(r.el)!;
        r.pieces = r.pieces.map((p) => {
          const q = { ...p };
          if (p.t) q.t = to(p.t);
          if (p.r) q.r = to(p.r);
          if (p.node) q.node = to(p.node);
          return q;
        });
      }
    }
  }

  /**
   * What nextRevisionId of the whole DOM gives (the highest w:id of a revision mark, plus 1000) (w:ins, w:del, …) in the part, read from its text: a walk over
   * the whole tree for it cost as much as the edits. Marks of any prefix count (a number too high is harmless).
   */
  nextRevisionId(): number {
    let max = 0;
    const re =
      /<(?:[\w.-]+:)?(?:ins|del|moveFrom|moveTo|rPrChange|pPrChange)[\s/>][^>]*?\s(?:[\w.-]+:)?id\s*=\s*["'](\d+)["']/g;
    for (let m = re.exec(this.text); m; m = re.exec(this.text)) max = Math.max(max, Number(m[1]) || 0);
    return max + 1000;
  }

  /** The part with each edited block written anew and the rest as it was; undefined when one needs xmldom's fix-up. */
  output(): Uint8Array | undefined {
    let out = '';
    let at = 0;
    for (const i of [...this.edited].sort((a, b) => a - b)) {
      const dom = this.doms[i]!;
      const [s, e] = this.layout.blocks[i]!;
      const written = serializeElementIn(dom, this.scope);
      if (written === undefined) return undefined;
      out += this.text.slice(at, s) + written;
      at = e;
    }
    return new TextEncoder().encode(out + this.text.slice(at));
  }
}
