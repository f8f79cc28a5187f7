import type { Document, Element, Node } from '@xmldom/xmldom';
import type { SaxesAttributeNS } from 'saxes';
import { DocumentError, printable } from '../errors.js';
import { nodeRequire } from '../../lazy.js';

// The XML parsers load with the first .docx, not with the engine.
let xmldomModule: typeof import('@xmldom/xmldom') | undefined;
const xmldom = () =>
  (xmldomModule ??= (
    typeof require === 'function' ? require('@xmldom/xmldom') : nodeRequire('@xmldom/xmldom')
  ) as typeof import('@xmldom/xmldom'));
let saxesModule: typeof import('saxes') | undefined;
const saxes = () =>
  (saxesModule ??= (typeof require === 'function' ? require('saxes') : nodeRequire('saxes')) as typeof import('saxes'));

export const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
export const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
export const A_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';
export const WP_NS = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';
export const V_NS = 'urn:schemas-microsoft-com:vml';
export const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const CT_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';

export type { Document, Element, Node };

/**
 * The part of the DOM the reader walks. Both xmldom's nodes (parts the review writer edits) and the light tree of
 * parseXmlTree (parts that are only read) have it, so the reader runs unchanged on either.
 */
export interface XmlNode {
  readonly nodeType: number;
  readonly firstChild: XmlNode | null;
  readonly nextSibling: XmlNode | null;
  readonly parentNode: XmlNode | null;
  readonly textContent: string | null;
}

export interface XmlElement extends XmlNode {
  readonly localName: string | null;
  readonly namespaceURI: string | null;
  getAttribute(qualifiedName: string): string | null;
  getAttributeNS(namespace: string | null, localName: string): string | null;
}

export interface XmlDocument extends XmlNode {
  readonly documentElement: XmlElement | null;
}

const DECODER = new TextDecoder('utf-8');
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;

/** Limits on the shape of the XML in one package, so that no part can exhaust the stack, the heap or the clock. */
export interface XmlLimits {
  /** Deepest element nesting in a part (real documents stay under 30; each level costs stack in every tree walk). */
  maxDepth: number;
  /** Elements in all parts of a package together (a parsed element costs about 1.5 KB of heap). */
  maxElements: number;
  /** Paragraphs in the document, headers and footers together. */
  maxParagraphs: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 256, maxElements: 300_000, maxParagraphs: 50_000 };

/** What the parts of one package have used of the XML limits so far. */
export class XmlBudget {
  elements = 0;
  constructor(readonly limits: XmlLimits = DEFAULT_XML_LIMITS) {}
}

function lineAt(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Measures nesting depth and element count with one linear pass over the markup, before any tree is built: a tree
 * too deep or too large is refused with a clear error instead of a stack overflow or an out-of-memory crash. It is a
 * guard, not a validator: malformed markup is left to the parser's own error.
 */
/** Where the start tag opening at `i` ends: the index of its `>` (a `>` inside a quoted attribute value does not count), or text.length when it never does. */
export function startTagEnd(text: string, i: number): number {
  const n = text.length;
  let j = i + 1;
  let quote = 0;
  for (; j < n; j++) {
    const ch = text.charCodeAt(j);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 0x22 || ch === 0x27) quote = ch;
    else if (ch === 0x3e /* > */) break;
  }
  return j;
}

function checkShape(text: string, part: string, budget: XmlBudget): void {
  const { maxDepth, maxElements } = budget.limits;
  let depth = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    const c = text.charCodeAt(i + 1);
    if (c === 0x2f /* / */) {
      depth--;
      i = text.indexOf('>', i);
    } else if (c === 0x3f /* ? */) {
      i = text.indexOf('?>', i);
    } else if (c === 0x21 /* ! */) {
      if (text.startsWith('<!--', i)) i = text.indexOf('-->', i);
      else if (text.startsWith('<![CDATA[', i)) i = text.indexOf(']]>', i);
      else i = text.indexOf('>', i);
    } else {
      const j = startTagEnd(text, i);
      if (++budget.elements > maxElements) {
        throw new DocumentError(
          'too-many-elements',
          `文档过大：XML 元素超过 ${maxElements} 个（${printable(part)}） / too many XML elements (over ${maxElements})`,
        );
      }
      if (text.charCodeAt(j - 1) !== 0x2f && ++depth > maxDepth) {
        throw new DocumentError(
          'xml-too-deep',
          `${printable(part)} 第 ${lineAt(text, i)} 行：XML 嵌套超过 ${maxDepth} 层，已拒绝处理 / ${printable(part)} line ${lineAt(text, i)}: XML nested deeper than ${maxDepth} levels`,
        );
      }
      i = j;
    }
    if (i < 0) break;
  }
}

/**
 * The checks every XML part passes before any parser sees it (ours or another library's): no DOCTYPE or entity
 * declarations, not empty, not too deep or too large. Returns the part's text.
 */
export function screenXml(bytes: Uint8Array, part: string, budget: XmlBudget = new XmlBudget()): string {
  return screenText(decodeXml(bytes), part, budget);
}

function decodeXml(bytes: Uint8Array): string {
  const text = DECODER.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const DECLARATION = /^(?:DOCTYPE|ENTITY)/i;

/**
 * Whether the text has `<!DOCTYPE` or `<!ENTITY` in any case: only the rare `<!` are looked at (a case-insensitive
 * expression over the whole part cost more than decoding it).
 */
function declaresDoctype(text: string): boolean {
  for (let k = text.indexOf('<!'); k >= 0; k = text.indexOf('<!', k + 2))
    if (DECLARATION.test(text.slice(k + 2, k + 9))) return true;
  return false;
}

function screenText(text: string, part: string, budget: XmlBudget): string {
  const name = printable(part);
  if (declaresDoctype(text)) {
    throw new DocumentError(
      'xml-doctype',
      `部件 ${name} 含有 DOCTYPE 或实体声明，已拒绝处理 / ${name} declares a DOCTYPE or entities; refused`,
    );
  }
  if (!text.trim())
    throw new DocumentError('corrupt-xml', `${name}：部件为空，不是有效的 XML / ${name}: empty part, not XML`);
  checkShape(text, part, budget);
  return text;
}

/**
 * Parses one XML part. DOCTYPE and entity declarations are refused before parsing (never expanded): a package part
 * has no use for them, and they are how billion-laughs and external-entity attacks start. Every way a part can be
 * broken (empty, not well-formed, too deep, too large) is a DocumentError that names the part and, where known, the line.
 */
export function parseXml(bytes: Uint8Array, part: string, budget: XmlBudget = new XmlBudget()): Document {
  return domOf(screenXml(bytes, part, budget), part);
}

/** xmldom's tree of a screened part, or the corrupt-xml error naming the part and the line. */
export function domOf(text: string, part: string): Document {
  const name = printable(part);
  let failure: string | undefined;
  let line: number | undefined;
  let doc: Document | undefined;
  try {
    const { DOMParser } = xmldom();
    doc = new DOMParser({
      onError(level, msg) {
        if (level !== 'warning' && !failure) failure = msg;
      },
    }).parseFromString(text, 'text/xml');
  } catch (e) {
    // xmldom throws its ParseError on fatal errors (after onError), with the position in `locator`.
    failure ??= (e as Error)?.message ?? String(e);
    const l = (e as { locator?: { lineNumber?: number } })?.locator?.lineNumber;
    if (typeof l === 'number' && l > 0) line = l;
  }
  if (failure || !doc?.documentElement) {
    const why = printable((failure ?? 'missing root element').split('\n')[0]!, 120);
    const at = line ? ` 第 ${line} 行` : '';
    throw new DocumentError(
      'corrupt-xml',
      `${name}${at}：XML 格式错误（${why}） / ${name}${line ? ` line ${line}` : ''}: not well-formed XML`,
    );
  }
  return doc;
}

/**
 * An XML declaration as package writers put one (attributes one space apart) and the white space up to the root
 * element; any other form of one is left to xmldom's parser.
 */
const XML_DECLARATION = /^<\?xml ((?:[A-Za-z]+="[^"<>?]*" )*[A-Za-z]+="[^"<>?]*")\?>([ \t\r\n]*)(?=<[^?!])/;

/**
 * xmldom's tree of a text the review writer is about to edit (body blocks wrapped in the part's root and body start
 * tags, or a whole part; screened either way), built from the fast tokenizer's tree through xmldom's own factory
 * methods, in the order its parser calls them: the same nodes as domOf gives, without xmldom's tokenizer (which builds
 * a regular expression for every end tag, and was a seventh of a review). Text with a comment, CDATA, a processing
 * instruction, a declaration other than a leading XML_DECLARATION, or anything else the tokenizer hands on, is parsed
 * by domOf as before.
 */
export function editableDomOf(text: string, part: string): Document {
  // Looked for in the part's head only: a declaration is short, and an expression repeating over a hostile megabyte of
  // attributes would overflow V8's expression stack.
  const declaration = XML_DECLARATION.exec(text.length > 512 ? text.slice(0, 512) : text);
  const rest = declaration ? text.slice(declaration[0].length) : text;
  if (rest.includes('<!') || rest.includes('<?')) return domOf(text, part);
  let tree: TreeDocument;
  try {
    if (!primed) primeFastTree();
    tree = fastTree(rest, new XmlBudget());
  } catch (e) {
    if (e instanceof Bail) return domOf(text, part);
    throw e;
  }
  const doc = new (xmldom().DOMImplementation)().createDocument(null, '');
  if (declaration) {
    // As xmldom's parser keeps them: the declaration as a processing instruction, the white space after it as text
    // with its line breaks normalised (white space after the root element it drops, as the tokenizer does).
    doc.appendChild(doc.createProcessingInstruction('xml', declaration[1]!));
    if (declaration[2]) doc.appendChild(doc.createTextNode(declaration[2].replace(/\r\n?/g, '\n')));
  }
  const build = (src: TreeElement, parent: Document | Element): void => {
    const el = doc.createElementNS(src.namespaceURI, src.tagName);
    parent.appendChild(el);
    for (const a of src.attrs) {
      const attr = doc.createAttributeNS(a.uri || null, a.name);
      attr.value = attr.nodeValue = a.value;
      el.setAttributeNode(attr);
    }
    for (let c = src.firstChild; c; c = c.nextSibling) {
      if (c instanceof TreeText) el.appendChild(doc.createTextNode(c.data));
      else build(c, el);
    }
  };
  build(tree.documentElement!, doc);
  return doc;
}

type TreeParent = TreeElement | TreeDocument;

/** Character data of the light tree; CDATA sections are text too, as textContent reads them. */
class TreeText implements XmlNode {
  readonly nodeType = TEXT_NODE;
  readonly firstChild = null;
  nextSibling: TreeElement | TreeText | null = null;
  constructor(
    readonly parentNode: TreeElement,
    readonly data: string,
  ) {}
  get textContent(): string {
    return this.data;
  }
}

class TreeElement implements XmlElement {
  readonly nodeType = ELEMENT_NODE;
  firstChild: TreeElement | TreeText | null = null;
  lastChild: TreeElement | TreeText | null = null;
  nextSibling: TreeElement | TreeText | null = null;
  constructor(
    readonly parentNode: TreeParent,
    readonly localName: string,
    readonly namespaceURI: string | null,
    /** saxes's own attribute objects, in document order (a short list: scanning it beats any index). */
    readonly attrs: ReadonlyArray<{ name: string; local: string; uri: string; value: string }>,
    /** The qualified name, as written. */
    readonly tagName: string,
  ) {}

  append(child: TreeElement | TreeText): void {
    if (this.lastChild) this.lastChild.nextSibling = child;
    else this.firstChild = child;
    this.lastChild = child;
  }

  getAttribute(qualifiedName: string): string | null {
    for (const a of this.attrs) if (a.name === qualifiedName) return a.value;
    return null;
  }

  getAttributeNS(namespace: string | null, localName: string): string | null {
    const ns = namespace ?? '';
    for (const a of this.attrs) if (a.local === localName && a.uri === ns) return a.value;
    return null;
  }

  get textContent(): string {
    let out = '';
    for (let c = this.firstChild; c; c = c.nextSibling) out += c.textContent;
    return out;
  }
}

class TreeDocument implements XmlDocument {
  readonly nodeType = DOCUMENT_NODE;
  readonly parentNode = null;
  readonly nextSibling = null;
  readonly textContent = null;
  documentElement: TreeElement | null = null;
  get firstChild(): TreeElement | null {
    return this.documentElement;
  }
}

/** An attribute of the light tree, in saxes's shape (the fast path builds the same objects). */
interface TreeAttr {
  name: string;
  prefix: string;
  local: string;
  uri: string;
  value: string;
}

/** Thrown inside the fast tokenizer at anything it does not accept; the part then takes saxes's path. */
class Bail extends Error {}
const BAIL = new Bail();

/** [A-Za-z_] */
function nameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

/** [A-Za-z0-9_.-] */
function nameChar(c: number): boolean {
  return nameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
}

/** The colon of the name nameEnd last read (its index in the text), or -1. */
let nameColon = -1;

/**
 * Where the name at `at` ends, or -1 when none starts there: the longest match of
 * `[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?`, read by hand (a sticky expression per name and per
 * attribute, and looking for the colon again, were a quarter of the tokenizer's time).
 */
function nameEnd(text: string, at: number): number {
  nameColon = -1;
  if (!nameStart(text.charCodeAt(at))) return -1;
  let j = at + 1;
  for (;;) {
    const c = text.charCodeAt(j);
    if (nameChar(c)) j++;
    else if (c === 0x3a /* : */ && nameColon < 0 && nameStart(text.charCodeAt(j + 1))) {
      nameColon = j;
      j += 2;
    } else return j;
  }
}
const TEXT_SPECIAL = /[\]\r&]/;
const VALUE_REFUSED = /[<\t\n\r]/;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/y;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Characters XML 1.0 does not allow (a carriage return is allowed but needs end-of-line handling: saxes's path). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const XML_DECL =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/y;
const ONLY_SPACE = /^[ \t\r\n]*$/;

/** Entity and character references replaced; anything but the five predefined entities and plain characters bails. */
function unescapeXml(s: string): string {
  let out = '';
  let last = 0;
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', last)) {
    ENTITY.lastIndex = i;
    const m = ENTITY.exec(s);
    if (!m) throw BAIL;
    let v: string;
    if (m[1]) v = NAMED[m[1]]!;
    else {
      const c = m[2] ? Number(m[2]) : Number.parseInt(m[3]!, 16);
      // A tab, line feed or carriage return by reference is kept as it is (only literal ones are normalized); other
      // control characters and non-characters are not XML characters: saxes's path reports them.
      if (
        (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
        (c >= 0xd800 && c <= 0xdfff) ||
        c === 0xfffe ||
        c === 0xffff ||
        c > 0x10ffff
      )
        throw BAIL;
      v = String.fromCodePoint(c);
    }
    out += s.slice(last, i) + v;
    last = ENTITY.lastIndex;
  }
  return out + s.slice(last);
}

/** Text content: references replaced, line ends normalized as XML requires; `]]>` is not allowed in text. */
function textOf(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  if (s.includes(']]>')) throw BAIL;
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  return s.includes('&') ? unescapeXml(s) : s;
}

/** Set by readAttributes: whether the tag ended with `/>`, and the namespace scope after its declarations. */
let tagSelfClosing = false;
let tagScope: Record<string, string> = {};

/**
 * The attributes of the start tag whose name ends at `at`, into `attrs`; returns the index after the tag. A function
 * of its own: V8 compiles fastTree's loop twice in each thread (on the stack, then whole), and this, the largest part
 * of its hot code, is compiled once instead of in both.
 */
function readAttributes(text: string, at: number, attrs: TreeAttr[], outer: Record<string, string>): number {
  let scope = outer;
  let selfClosing = false;
  // Attributes, scanned by hand: a regular expression with groups per attribute cost a third more.
  for (;;) {
    const spaced = at;
    let c = text.charCodeAt(at);
    while (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) c = text.charCodeAt(++at);
    if (c === 0x3e /* > */) {
      at++;
      break;
    }
    if (c === 0x2f /* / */) {
      if (text.charCodeAt(at + 1) !== 0x3e) throw BAIL;
      selfClosing = true;
      at += 2;
      break;
    }
    if (at === spaced) throw BAIL;
    const qnEnd = nameEnd(text, at);
    if (qnEnd < 0) throw BAIL;
    const qn = text.slice(at, qnEnd);
    const colon = nameColon < 0 ? -1 : nameColon - at;
    at = qnEnd;
    c = text.charCodeAt(at);
    while (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) c = text.charCodeAt(++at);
    if (c !== 0x3d /* = */) throw BAIL;
    c = text.charCodeAt(++at);
    while (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) c = text.charCodeAt(++at);
    if (c !== 0x22 && c !== 0x27) throw BAIL;
    // The value's end, noting on the way whether it holds anything that needs more than a slice.
    let close = at + 1;
    let special = false;
    for (;;) {
      if (close >= text.length) throw BAIL;
      const v = text.charCodeAt(close);
      if (v === c) break;
      if (v === 0x26 || v === 0x3c || v === 0x09 || v === 0x0a || v === 0x0d) special = true;
      close++;
    }
    let value = text.slice(at + 1, close);
    at = close + 1;
    if (special) {
      // A literal tab or line end would be normalized to a space (saxes's path does that); `<` is not allowed.
      if (VALUE_REFUSED.test(value)) throw BAIL;
      value = unescapeXml(value);
    }
    const prefix = colon < 0 ? '' : qn.slice(0, colon);
    const local = colon < 0 ? qn : qn.slice(colon + 1);
    if (prefix === 'xmlns' || qn === 'xmlns') {
      // Binding xml or xmlns, or unbinding a prefix (XML Namespaces 1.0), is left to saxes.
      if (local === 'xmlns' && prefix === 'xmlns') throw BAIL;
      if (prefix === 'xmlns' && (local === 'xml' || value === '')) throw BAIL;
      if (value === XML_NS || value === XMLNS_NS) throw BAIL;
      if (scope === outer) scope = { ...outer };
      scope[prefix ? local : ''] = value;
    }
    attrs.push({ name: qn, prefix, local, uri: '', value });
  }
  tagSelfClosing = selfClosing;
  tagScope = scope;
  return at;
}

/**
 * The light tree of a well-formed part in one pass of regular expressions and indexOf over the text, with namespaces
 * resolved per element scope, the element and depth limits counted as it goes. It accepts a strict subset of XML
 * (ASCII names, the predefined entities, comments, CDATA, an XML declaration); anything else, well-formed or not,
 * throws Bail and the part takes saxes's path (and xmldom's for what saxes refuses), so an input is either read
 * exactly as saxes reads it or handed on. Several times faster than saxes, whose per-character state machine and
 * namespace bookkeeping were half the time of reading a .docx.
 */
function fastTree(text: string, budget: XmlBudget, skip?: ReadonlySet<string>): TreeDocument {
  if (NOT_XML_CHAR.test(text)) throw BAIL;
  const { maxDepth, maxElements } = budget.limits;
  const n = text.length;
  const doc = new TreeDocument();
  let top: TreeParent = doc;
  let depth = 0;
  let elementsLeft = maxElements - budget.elements;
  // The namespace scope: prefix → URI ('' the default), copied on write by elements that declare any.
  let scope: Record<string, string> = { xml: XML_NS, xmlns: XMLNS_NS };
  const scopes: Record<string, string>[] = [];
  const names: string[] = [];
  let lastPrefix: string | undefined;
  let lastScope: Record<string, string> | undefined;
  let lastUri: string | undefined;
  let i = 0;
  if (text.startsWith('<?xml', 0)) {
    XML_DECL.lastIndex = 0;
    if (!XML_DECL.test(text)) throw BAIL;
    i = XML_DECL.lastIndex;
  }
  let rootDone = false;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const raw = text.slice(i, end);
      if (top === doc) {
        if (!ONLY_SPACE.test(raw)) throw BAIL;
      } else (top as TreeElement).append(new TreeText(top as TreeElement, textOf(raw)));
    }
    if (lt < 0) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 0x2f /* / */) {
      if (top === doc) throw BAIL;
      const name = names.pop()!;
      if (!text.startsWith(name, lt + 2)) throw BAIL;
      let at = lt + 2 + name.length;
      let ch = text.charCodeAt(at);
      while (ch === 0x20 || ch === 0x0a || ch === 0x09 || ch === 0x0d) ch = text.charCodeAt(++at);
      if (ch !== 0x3e /* > */) throw BAIL;
      i = at + 1;
      scope = scopes.pop()!;
      depth--;
      top = (top as TreeElement).parentNode;
      if (top === doc) rootDone = true;
      continue;
    }
    if (c === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const close = text.indexOf('-->', lt + 4);
        if (close < 0) throw BAIL;
        const body = text.slice(lt + 4, close);
        if (body.includes('--') || body.endsWith('-')) throw BAIL;
        i = close + 3;
        continue;
      }
      if (top !== doc && text.startsWith('<![CDATA[', lt)) {
        const close = text.indexOf(']]>', lt + 9);
        if (close < 0) throw BAIL;
        let data = text.slice(lt + 9, close);
        if (data.includes('\r')) data = data.replace(/\r\n?/g, '\n');
        (top as TreeElement).append(new TreeText(top as TreeElement, data));
        i = close + 3;
        continue;
      }
      throw BAIL;
    }
    // Processing instructions other than the declaration, and a second root, are left to saxes.
    if (rootDone) throw BAIL;
    let at = nameEnd(text, lt + 1);
    if (at < 0) throw BAIL;
    const name = text.slice(lt + 1, at);
    const colon = nameColon < 0 ? -1 : nameColon - lt - 1;
    const attrs: TreeAttr[] = [];
    const outer = scope;
    at = readAttributes(text, at, attrs, outer);
    const selfClosing = tagSelfClosing;
    scope = tagScope;
    i = at;
    if (--elementsLeft < 0 || depth + 1 > maxDepth) throw BAIL;
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    // The last prefix looked up, in this scope: nearly every name has the same one (w:), and comparing it is cheaper
    // than hashing each freshly cut prefix for the scope's lookup.
    if (prefix !== lastPrefix || scope !== lastScope) {
      lastPrefix = prefix;
      lastScope = scope;
      lastUri = scope[prefix];
    }
    const uri = lastUri;
    if (prefix === 'xmlns' || (prefix && !uri)) throw BAIL;
    const count = attrs.length;
    for (let k = 0; k < count; k++) {
      const a = attrs[k]!;
      if (a.prefix === '') a.uri = a.name === 'xmlns' ? XMLNS_NS : '';
      else {
        if (a.prefix !== lastPrefix || scope !== lastScope) {
          lastPrefix = a.prefix;
          lastScope = scope;
          lastUri = scope[a.prefix];
        }
        const u = lastUri;
        if (!u) throw BAIL;
        a.uri = u;
      }
    }
    // Duplicate attributes (by expanded name) are not well-formed; a long list is checked through a set.
    if (count > 1) {
      if (count <= 16) {
        for (let k = 1; k < count; k++) {
          const a = attrs[k]!;
          for (let j = 0; j < k; j++) {
            const b = attrs[j]!;
            if (a.name === b.name || (a.local === b.local && a.uri === b.uri && a.prefix !== '' && b.prefix !== ''))
              throw BAIL;
          }
        }
      } else {
        const seen = new Set<string>();
        for (const a of attrs) {
          const key = a.prefix === '' ? a.name : `{${a.uri}}${a.local}`;
          if (seen.has(key) || seen.has(a.name)) throw BAIL;
          seen.add(key);
          seen.add(a.name);
        }
      }
    }
    const local = colon < 0 ? name : name.slice(colon + 1);
    if (skip !== undefined && top !== doc && skip.has(local)) {
      scope = outer;
      if (!selfClosing) {
        i = skipElement(text, i, name);
        if (i < 0) throw BAIL;
      }
      continue;
    }
    const el = new TreeElement(top, local, uri || null, attrs, name);
    if (top === doc) doc.documentElement = el;
    else (top as TreeElement).append(el);
    if (!selfClosing) {
      scopes.push(outer);
      names.push(name);
      top = el;
      depth++;
    } else {
      scope = outer;
      if (top === doc) rootDone = true;
    }
  }
  if (top !== doc || !doc.documentElement) throw BAIL;
  budget.elements = maxElements - elementsLeft;
  return doc;
}

/**
 * Where the element whose start tag (named `name`) ends just before `from` ends: the index after its end tag, or -1.
 * The content is passed over by looking for the end tag alone (nested elements of the same name counted), without
 * reading it: an element no reader uses costs a scan, not a parse (see parseXmlTree's `skip`).
 */
function skipElement(text: string, from: number, name: string): number {
  const open = `<${name}`;
  const close = `</${name}`;
  let depth = 1;
  let at = from;
  for (;;) {
    const c = text.indexOf(close, at);
    if (c < 0) return -1;
    for (let o = text.indexOf(open, at); o >= 0 && o < c; o = text.indexOf(open, o + open.length)) {
      const ch = text.charCodeAt(o + open.length);
      if (ch === 0x20 || ch === 0x3e || ch === 0x2f || ch === 0x09 || ch === 0x0a || ch === 0x0d) {
        const e = startTagEnd(text, o);
        if (text.charCodeAt(e - 1) !== 0x2f) depth++;
      }
    }
    let k = c + close.length;
    let ch = text.charCodeAt(k);
    while (ch === 0x20 || ch === 0x0a || ch === 0x09 || ch === 0x0d) ch = text.charCodeAt(++k);
    // A longer name with the same start (`</w:tblStylePrX`) is not this element's end.
    if (ch !== 0x3e /* > */) {
      at = c + close.length;
      continue;
    }
    at = k + 1;
    if (--depth === 0) return at;
  }
}

/**
 * One small part that takes every branch the fast tokenizer accepts (a comment, CDATA, namespace declarations, a
 * default namespace, one-letter and longer prefixes, references in text and values, a long attribute list, spaces
 * before `>`), read a dozen times per thread before the first real part (V8 records type feedback only once a
 * function has run a while). V8 optimizes fastTree within the first parts it reads; a branch those parts had not
 * taken had no feedback, and the first part to take one threw the optimized code away: over 500 .docx in one thread,
 * fastTree was compiled 7 times (each some 50-150 ms of a background thread, in every worker again), now twice.
 */
const PRIMER = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- primer --><r xmlns="urn:r" xmlns:p="urn:p" p:a="1" b='&lt;&#20013;&#x6587;' >t &amp; u\r\n<p:e p:x="" />\
<![CDATA[c]]><![CDATA[d\r\ne]]><e ${Array.from({ length: 18 }, (_, i) => `a${i}="" p:a${i}=""`).join(' ')}/>\
<p:f xmlns:q="urn:q" xmlns:qq14="urn:qq" q:y="&quot;" qq14:z="0"><qq14:g>&#10;</qq14:g></p:f ></r >
`;
/** The same for the branches that leave elements out of the tree (`skip`). */
const SKIP_PRIMER = `<w:r xmlns:w="urn:w"><w:k w:v="1"><w:s w:v="&amp;"><w:t>x</w:t><![CDATA[c]]></w:s>y<w:s/></w:k>\
<w:s w:a="1"/><w:s><w:k/></w:s><w:s><w:sx/><w:s a="/>"><w:s/></w:s ></w:s><w:sx></w:sx></w:r>`;
const PRIMER_SKIP = new Set(['s']);
let primed = false;
function primeFastTree(): void {
  primed = true;
  for (let k = 0; k < 12; k++) {
    fastTree(PRIMER, new XmlBudget());
    fastTree(SKIP_PRIMER, new XmlBudget(), PRIMER_SKIP);
  }
}

/** Raised inside saxes's error handler to stop at the first error instead of reading on. */
class Malformed extends Error {}

/**
 * Parses one part for reading only into a light tree with just what the reader walks (elements, attributes, text),
 * which is all the reader needs of xmldom's DOM. The fast tokenizer builds it for the parts it accepts (all that Word,
 * WPS and LibreOffice write), counting elements and depth against the same limits; any other part takes saxes's
 * path after parseXml's screening, and what saxes does not accept goes to xmldom, so that malformed XML fails with
 * the same error, naming the part and the line, and what xmldom tolerates (an unbound prefix) still reads as before.
 */
export function parseXmlTree(
  bytes: Uint8Array,
  part: string,
  budget: XmlBudget = new XmlBudget(),
  /** @internal false: saxes's path only, to prove both paths build the same tree. */
  fast = true,
  /**
   * Local names of elements (below the root, in any namespace) left out of the tree with all they hold. For parts
   * of which the reader uses little, such as the table-style conditions and latent styles that are most of a styles
   * part. The fast path passes over their content by its end tag alone, unchecked and uncounted: nothing of it is
   * built or read.
   */
  skip?: ReadonlySet<string>,
): XmlDocument {
  const text = decodeXml(bytes);
  // A DOCTYPE is refused by the screening below, whatever the fast path would make of it.
  if (fast && !declaresDoctype(text)) {
    if (!primed) primeFastTree();
    const before = budget.elements;
    try {
      return fastTree(text, budget, skip);
    } catch (e) {
      if (!(e instanceof Bail)) throw e;
      budget.elements = before;
    }
  }
  return saxesTree(screenText(text, part, budget), part, skip);
}

/** The light tree of a screened part by saxes's events, or xmldom's DOM where saxes refuses the part. */
function saxesTree(text: string, part: string, skip?: ReadonlySet<string>): XmlDocument {
  const doc = new TreeDocument();
  let top: TreeParent = doc;
  let skipping = 0;
  const parser = new (saxes().SaxesParser)({ xmlns: true, position: false });
  const onText = (data: string) => {
    if (top !== doc && skipping === 0) (top as TreeElement).append(new TreeText(top as TreeElement, data));
  };
  parser.on('error', () => {
    throw new Malformed();
  });
  // The attribute event hands over each attribute object as it is read; saxes fills in its namespace (the same
  // object) before the element's opentag. Collecting them here spares walking the tag's attribute dictionary.
  let attrs: SaxesAttributeNS[] = [];
  parser.on('attribute', (a) => {
    attrs.push(a as SaxesAttributeNS);
  });
  parser.on('opentag', (tag) => {
    if (skipping > 0 || (skip !== undefined && top !== doc && skip.has(tag.local))) {
      attrs = [];
      skipping++;
      return;
    }
    const el = new TreeElement(top, tag.local, tag.uri || null, attrs, tag.name);
    attrs = [];
    if (top === doc) doc.documentElement = el;
    else (top as TreeElement).append(el);
    top = el;
  });
  parser.on('closetag', () => {
    if (skipping > 0) skipping--;
    else top = (top as TreeElement).parentNode;
  });
  parser.on('text', onText);
  parser.on('cdata', onText);
  try {
    parser.write(text).close();
  } catch (e) {
    if (!(e instanceof Malformed)) throw e;
    return domOf(text, part);
  }
  return doc.documentElement ? doc : domOf(text, part);
}

/** Whether a parsed part is xmldom's (editable, serializable) rather than parseXmlTree's light tree. */
export function isDom(doc: XmlDocument): doc is Document {
  return !(doc instanceof TreeDocument);
}

const ENCODER = new TextEncoder();
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** Thrown inside the fast serializer when a node needs xmldom's namespace fix-up. */
class NeedsFixup extends Error {}

function escapeChar(c: string): string {
  return c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : `&#${c.charCodeAt(0)};`;
}

/** The same test xmldom makes before it adds a namespace declaration while serializing. */
function undeclared(prefix: string, uri: string | null, scope: Map<string, string>): boolean {
  if (!uri || (prefix === 'xml' && uri === XML_NS) || uri === XMLNS_NS) return false;
  return scope.get(prefix) !== uri;
}

const ESCAPE_ATTR = /[<>&"\t\n\r]/;
const ESCAPE_ATTR_ALL = /[<>&"\t\n\r]/g;
const ESCAPE_TEXT = /[<&>]/;
const ESCAPE_TEXT_ALL = /[<&>]/g;

/** Appends the element to `out`, which is returned (string concatenation is the cheapest builder in V8). */
function serializeElement(el: Element, scope: Map<string, string>, out: string): string {
  const attrs = el.attributes;
  const len = attrs.length;
  if (el.namespaceURI === XHTML_NS) throw new NeedsFixup();
  let own = scope;
  for (let i = 0; i < len; i++) {
    const a = attrs.item(i)!;
    if (a.prefix === 'xmlns' || a.nodeName === 'xmlns') {
      if (own === scope) own = new Map(scope);
      own.set(a.prefix === 'xmlns' ? a.localName! : '', a.value);
    }
  }
  // An unprefixed element is written under its own name only when its namespace is the default one in scope.
  if (!el.prefix && el.namespaceURI && own.get('') !== el.namespaceURI) throw new NeedsFixup();
  out += `<${el.tagName}`;
  for (let i = 0; i < len; i++) {
    const a = attrs.item(i)!;
    if (a.namespaceURI && undeclared(a.prefix ?? '', a.namespaceURI, own)) throw new NeedsFixup();
    const value = a.value;
    out += ` ${a.name}="${ESCAPE_ATTR.test(value) ? value.replace(ESCAPE_ATTR_ALL, escapeChar) : value}"`;
  }
  if (undeclared(el.prefix ?? '', el.namespaceURI, own)) throw new NeedsFixup();
  if (!el.firstChild) return `${out}/>`;
  return `${serializeChildren(el, own, `${out}>`)}</${el.tagName}>`;
}

function serializeChildren(parent: Node, scope: Map<string, string>, out: string): string {
  for (let c = parent.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT_NODE) out = serializeElement(c as Element, scope, out);
    else if (c.nodeType === TEXT_NODE) {
      const data = (c as unknown as { data: string }).data;
      out += ESCAPE_TEXT.test(data) ? data.replace(ESCAPE_TEXT_ALL, escapeChar) : data;
    }
    // Declarations, comments and CDATA do not depend on namespaces: xmldom writes them alone exactly as in place.
    else out += new (xmldom().XMLSerializer)().serializeToString(c);
  }
  return out;
}

/**
 * Serializes a part. The tree walk writes elements, attributes and text the way xmldom's XMLSerializer does, without
 * its per-node namespace bookkeeping, which dominated the time of writing a reviewed copy; a node that would need a
 * namespace declaration added (xmldom's fix-up) sends the whole part through XMLSerializer instead.
 */
export function serializeXml(doc: Document): Uint8Array {
  let out: string;
  try {
    out = serializeChildren(doc, new Map(), '');
  } catch (e) {
    if (!(e instanceof NeedsFixup) && !(e instanceof RangeError)) throw e;
    return ENCODER.encode(new (xmldom().XMLSerializer)().serializeToString(doc));
  }
  return ENCODER.encode(out);
}

/**
 * One element written as serializeXml writes it, in the scope of the namespace declarations `scope` (prefix → URI,
 * '' for the default) of where it sits; undefined when it would need a declaration added (xmldom's fix-up).
 */
export function serializeElementIn(el: Element, scope: Map<string, string>): string | undefined {
  try {
    return serializeElement(el, scope, '');
  } catch (e) {
    if (!(e instanceof NeedsFixup) && !(e instanceof RangeError)) throw e;
    return undefined;
  }
}

export function isEl(n: XmlNode | null | undefined, ns: string, local: string): boolean {
  return (
    !!n && n.nodeType === ELEMENT_NODE && (n as XmlElement).localName === local && (n as XmlElement).namespaceURI === ns
  );
}

export function isElement(n: XmlNode | null | undefined): n is XmlElement {
  return !!n && n.nodeType === ELEMENT_NODE;
}

export function isText(n: XmlNode | null | undefined): boolean {
  return !!n && n.nodeType === TEXT_NODE;
}

// The tree helpers serve the reader (either tree) and the review writer (xmldom): an xmldom node in, xmldom out.

/** Element children (any namespace). */
export function elements(parent: Node | null | undefined): Element[];
export function elements(parent: XmlNode | null | undefined): XmlElement[];
export function elements(parent: XmlNode | null | undefined): XmlElement[] {
  const out: XmlElement[] = [];
  if (!parent) return out;
  for (let c = parent.firstChild; c; c = c.nextSibling) if (c.nodeType === ELEMENT_NODE) out.push(c as XmlElement);
  return out;
}

/** First child element in the w: namespace with this local name. */
export function wChild(parent: Node | null | undefined, local: string): Element | undefined;
export function wChild(parent: XmlNode | null | undefined, local: string): XmlElement | undefined;
export function wChild(parent: XmlNode | null | undefined, local: string): XmlElement | undefined {
  if (!parent) return undefined;
  for (let c = parent.firstChild; c; c = c.nextSibling) if (isEl(c, W_NS, local)) return c as XmlElement;
  return undefined;
}

export function wChildren(parent: Node | null | undefined, local: string): Element[];
export function wChildren(parent: XmlNode | null | undefined, local: string): XmlElement[];
export function wChildren(parent: XmlNode | null | undefined, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  if (!parent) return out;
  for (let c = parent.firstChild; c; c = c.nextSibling) if (isEl(c, W_NS, local)) out.push(c as XmlElement);
  return out;
}

/** A w: attribute; Word always prefixes them, but a bare attribute is accepted too. */
export function wAttr(el: XmlElement | null | undefined, local: string): string | undefined {
  if (!el) return undefined;
  const v = el.getAttributeNS(W_NS, local);
  if (v !== null && v !== '') return v;
  const bare = el.getAttribute(local);
  return bare === null || bare === '' ? undefined : bare;
}

export function wNum(el: XmlElement | null | undefined, local: string): number | undefined {
  const v = wAttr(el, local);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** An OOXML on/off property: present without val, or val true/1/on. */
export function wOnOff(el: XmlElement | null | undefined): boolean | undefined {
  if (!el) return undefined;
  const v = wAttr(el, 'val');
  return v === undefined || v === 'true' || v === '1' || v === 'on';
}

/** All descendants with a namespace and local name, in document order. */
export function descendants(root: Node, ns: string, local: string): Element[];
export function descendants(root: XmlNode, ns: string, local: string): XmlElement[];
export function descendants(root: XmlNode, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (n: XmlNode) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== ELEMENT_NODE) continue;
      if ((c as XmlElement).localName === local && (c as XmlElement).namespaceURI === ns) out.push(c as XmlElement);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** Creates a w: element with the prefix the document already uses for that namespace. */
export function createW(doc: Document, local: string): Element {
  return doc.createElementNS(W_NS, `${wPrefix(doc)}:${local}`);
}

export function setWAttr(el: Element, local: string, value: string): void {
  const existing = el.getAttributeNodeNS(W_NS, local);
  if (existing) existing.value = existing.nodeValue = value;
  else addAttribute(el, W_NS, `${wPrefix(el.ownerDocument)}:${local}`, value);
}

/**
 * Adds an attribute the element does not have yet: what setAttributeNS does then, with the name checked once
 * (setAttributeNS checks it, then createAttributeNS again; the check is a Unicode expression, a twentieth of a review).
 */
function addAttribute(el: Element, ns: string | null, qualifiedName: string, value: string): void {
  const a = el.ownerDocument!.createAttributeNS(ns, qualifiedName);
  a.value = a.nodeValue = value;
  el.setAttributeNode(a);
}

/**
 * The prefix a part binds to the w: namespace on its root, looked up once per part: the lookup scans the root's
 * attributes, and a review creates hundreds of elements and attributes. Declarations on the root never change.
 */
const W_PREFIX = new WeakMap<Document, string>();
function wPrefix(doc: Document | null | undefined): string {
  if (!doc) return 'w';
  let prefix = W_PREFIX.get(doc);
  if (prefix === undefined) {
    const root = doc.documentElement;
    prefix = root?.lookupPrefix(W_NS) || 'w';
    // WordprocessingML may be written in the default namespace (no prefix at all): bind a prefix on the root so the
    // elements and attributes created here are in the w: namespace and serialize as such.
    if (root && !root.lookupPrefix(W_NS)) {
      for (let k = 1; root.lookupNamespaceURI(prefix) !== null && root.lookupNamespaceURI(prefix) !== W_NS; k++)
        prefix = `w${k}`;
      root.setAttributeNS(XMLNS_NS, `xmlns:${prefix}`, W_NS);
    }
    if (root) W_PREFIX.set(doc, prefix);
  }
  return prefix;
}

/**
 * Copies an element (and, when deep, its subtree) within its document. xmldom's own cloneNode copies every attribute
 * through a generic property walk that costs tens of microseconds per element; creating the copy through the
 * namespace-aware factory methods gives the same nodes (names, prefixes, attribute order) far faster.
 */
export function cloneElement(el: Element, deep: boolean): Element {
  const doc = el.ownerDocument!;
  let copy: Element;
  try {
    copy = doc.createElementNS(el.namespaceURI, el.tagName);
    const attrs = el.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs.item(i)!;
      addAttribute(copy, a.namespaceURI, a.name, a.value);
    }
  } catch {
    // A name the factory refuses (unbound prefix kept by a lenient parse): the generic copy still works.
    return el.cloneNode(deep) as Element;
  }
  if (deep) {
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === ELEMENT_NODE) copy.appendChild(cloneElement(c as Element, true));
      else if (c.nodeType === TEXT_NODE) copy.appendChild(doc.createTextNode((c as unknown as { data: string }).data));
      else copy.appendChild(c.cloneNode(true));
    }
  }
  return copy;
}
