import type {
  Block,
  BorderInfo,
  DocxLayoutInfo,
  DocxSection,
  DrawnLine,
  GovDocument,
  RunFormat,
  SourcePosition,
} from '../../document/types.js';
import { LineSourceMap } from '../../document/lines.js';
import { DocumentError } from '../errors.js';
import { findProtectedRanges } from '../protect.js';
import { Numbering } from './numbering.js';
import { preassignRoles } from './roles.js';
import {
  type PProps,
  type RProps,
  StyleSheet,
  applyPPr,
  applyRPr,
  emptyP,
  mergeP,
  mergeR,
  readBorder,
  readTheme,
  type Theme,
} from './styles.js';
import {
  A_NS,
  MC_NS,
  R_NS,
  REL_NS,
  V_NS,
  WP_NS,
  W_NS,
  type Element,
  type XmlDocument,
  type XmlElement,
  descendants,
  elements,
  isEl,
  isElement,
  XmlBudget,
  type XmlLimits,
  type XmlNode,
  parseXml,
  parseXmlTree,
  wAttr,
  wChild,
  wChildren,
  wNum,
  wOnOff,
} from './xml.js';
import { readZip, type ZipLimits } from './zip.js';

/**
 * A stretch of a paragraph's text and the w:t element it came from (absent for numbering labels, tabs, fields).
 * `E` is the element type of the tree the part was parsed into (xmldom's where the review writer edits).
 */
export interface TextPiece<E extends XmlElement = XmlElement> {
  start: number;
  end: number;
  /** The w:t element (text pieces only). */
  t?: E;
  r?: E;
  /** The run child that produced the piece (w:t, w:tab, w:noBreakHyphen). */
  node?: E;
}

/** One paragraph as the review writer needs it: its element, part, block and where each character lives. */
export interface ParagraphRecord<E extends XmlElement = XmlElement> {
  el: E;
  part: string;
  block: Block;
  /** Start of the paragraph in GovDocument.text. */
  offset: number;
  text: string;
  pieces: TextPiece<E>[];
}

export interface ParsedDocx<E extends XmlElement = XmlElement> {
  doc: GovDocument;
  /** Every part of the package, uncompressed, in the package's order. */
  parts: Map<string, Uint8Array>;
  /** Parsed XML parts (only those the reader opened); `isDom` tells xmldom's trees from the light ones. */
  xml: Map<string, XmlDocument>;
  paragraphs: ParagraphRecord<E>[];
  mainPart: string;
  /** Relationship id → target part for the main part. */
  rels: Map<string, { type: string; target: string }>;
}

const SHAPE_LINE_GEOMS = new Set(['line', 'straightConnector1']);
const AMBIGUOUS = new Set([0x00b7, 0x2014, 0x2015, 0x2018, 0x2019, 0x201c, 0x201d, 0x2025, 0x2026]);

function isEastAsianChar(c: number): boolean {
  return (
    (c >= 0x2e80 && c <= 0x9fff) ||
    (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xffef) ||
    c >= 0x20000 ||
    (c >= 0x3000 && c <= 0x303f)
  );
}

/** Which rFonts slot a character renders with (ECMA-376 Part 1, 17.3.2.26 rFonts). */
export function slotOf(c: number, r: RProps): 'eastAsia' | 'ascii' | 'hAnsi' {
  if (c < 0x80) return 'ascii';
  if (isEastAsianChar(c)) return 'eastAsia';
  if (AMBIGUOUS.has(c)) return r.hint === 'eastAsia' || /^(zh|ja|ko)/i.test(r.lang ?? '') ? 'eastAsia' : 'hAnsi';
  return 'hAnsi';
}

function resolvePath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const dir = base.includes('/') ? base.slice(0, base.lastIndexOf('/') + 1) : '';
  const parts = (dir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function relsPath(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

function readRels(
  parts: Map<string, Uint8Array>,
  part: string,
  xml: Map<string, XmlDocument>,
  budget: XmlBudget,
  parse: (bytes: Uint8Array, part: string, budget: XmlBudget) => XmlDocument,
): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>();
  const path = relsPath(part);
  const bytes = parts.get(path);
  if (!bytes) return out;
  const doc = parse(bytes, path, budget);
  xml.set(path, doc);
  for (const rel of elements(doc.documentElement)) {
    if (!isEl(rel, REL_NS, 'Relationship') || rel.getAttribute('TargetMode') === 'External') continue;
    const id = rel.getAttribute('Id');
    const target = rel.getAttribute('Target');
    if (id && target) out.set(id, { type: rel.getAttribute('Type') ?? '', target: resolvePath(part, target) });
  }
  return out;
}

function relOfType(rels: Map<string, { type: string; target: string }>, suffix: string): string | undefined {
  for (const r of rels.values()) if (r.type.endsWith(`/${suffix}`)) return r.target;
  return undefined;
}

interface TableCtx {
  index: number;
  row: number;
  rows: number;
  styleId?: string;
  borders?: { top?: BorderInfo; bottom?: BorderInfo; insideH?: BorderInfo };
  widthTwips?: number;
}

interface Ctx {
  part: string;
  container: 'body' | 'table' | 'textbox' | 'header' | 'footer';
  table?: TableCtx;
  /** Horizontal alignment of the floating text box the content sits in. */
  frame?: NonNullable<Block['format']>['frameAlignment'];
}

const FRAME_ALIGNS = new Set(['left', 'center', 'right', 'inside', 'outside']);

/** Where a floating object sits across the page: wp:positionH align, or VML mso-position-horizontal. */
function anchorAlignment(root: XmlElement): Ctx['frame'] {
  const anchor = descendants(root, WP_NS, 'anchor')[0];
  const posH = anchor ? elements(anchor).find((k) => isEl(k, WP_NS, 'positionH')) : undefined;
  const align = posH
    ? elements(posH)
        .find((k) => isEl(k, WP_NS, 'align'))
        ?.textContent?.trim()
    : undefined;
  if (align && FRAME_ALIGNS.has(align)) return align as Ctx['frame'];
  if (!anchor) {
    const stack = [root];
    while (stack.length) {
      const el = stack.pop()!;
      if (el.namespaceURI === V_NS) {
        const m = /mso-position-horizontal:\s*(left|center|right|inside|outside)/.exec(el.getAttribute('style') ?? '');
        if (m) return m[1] as Ctx['frame'];
      }
      stack.push(...elements(el));
    }
  }
  return undefined;
}

/** A paragraph read but not yet placed in the document text. */
interface Draft {
  el: XmlElement;
  part: string;
  text: string;
  pieces: TextPiece[];
  runs: RunFormat[];
  p: PProps;
  styleId?: string;
  ctx: Ctx;
  label?: string;
  lines: DrawnLine[];
  pageField: boolean;
  fieldPattern: string;
  startsNewPage: boolean;
  breakAfter: boolean;
  /** Page breaks inside the paragraph, at offsets of its text: rendered (w:lastRenderedPageBreak) or typed (w:br). */
  pageMarks: Array<{ at: number; rendered: boolean }>;
  sectPr?: XmlElement;
}

function sameFormat(a: RunFormat, b: RunFormat): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (k === 'start' || k === 'end') continue;
    if ((a as unknown as Record<string, unknown>)[k] !== (b as unknown as Record<string, unknown>)[k]) return false;
  }
  return true;
}

/**
 * What StyleSheet never reads of a styles part: the latent-style list and the table styles' conditional formats and
 * cell and row properties. They are most of a styles part (Word writes some 20 KB of latent styles into every file;
 * a template's table styles reach 200 KB), and leaving them out of the tree halves the time of reading small files.
 */
const STYLES_UNREAD: ReadonlySet<string> = new Set(['latentStyles', 'tblStylePr', 'tcPr', 'trPr']);

/** What readTheme never reads of a theme part: the formatting scheme (fills, lines, effects) and extensions. */
const THEME_UNREAD: ReadonlySet<string> = new Set(['fmtScheme', 'objectDefaults', 'extraClrSchemeLst', 'extLst']);

/** What the layout record never reads of a settings part: revision ids, compatibility options, math and shapes. */
const SETTINGS_UNREAD: ReadonlySet<string> = new Set([
  'rsids',
  'compat',
  'mathPr',
  'shapeDefaults',
  'hdrShapeDefaults',
  'docVars',
]);

/** Themes read lately (readTheme's results are never changed), with the bytes they were read from. */
const THEMES: Array<{ bytes: Uint8Array; theme: Theme; elements: number }> = [];

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

class Reader {
  readonly xml = new Map<string, XmlDocument>();
  readonly styles: StyleSheet;
  readonly numbering: Numbering;
  readonly theme;
  private readonly cascades = new Map<string, { p: PProps; r: RProps }>();
  tableCount = 0;
  revisions = 0;
  paragraphs = 0;

  constructor(
    readonly parts: Map<string, Uint8Array>,
    readonly mainPart: string,
    readonly rels: Map<string, { type: string; target: string }>,
    readonly budget: XmlBudget,
    private readonly dom: ReadDocxOptions['dom'],
  ) {
    const themePart = relOfType(rels, 'theme');
    this.theme = themePart ? this.themeOf(themePart) : readTheme(undefined);
    const stylesPart = relOfType(rels, 'styles');
    this.styles = new StyleSheet(stylesPart ? this.open(stylesPart, STYLES_UNREAD) : undefined, this.theme);
    const numberingPart = relOfType(rels, 'numbering');
    this.numbering = new Numbering(numberingPart ? this.open(numberingPart) : undefined);
  }

  /**
   * The theme of a part, read once per distinct content in this thread: nearly every file Word or WPS writes carries
   * the same default theme, byte for byte. Its elements still count against the package's budget.
   */
  private themeOf(part: string): Theme {
    const bytes = this.parts.get(part);
    if (!bytes || this.dom === 'all') return readTheme(this.open(part, THEME_UNREAD));
    const hit = THEMES.find((t) => sameBytes(t.bytes, bytes));
    if (hit && this.budget.elements + hit.elements <= this.budget.limits.maxElements) {
      this.budget.elements += hit.elements;
      return hit.theme;
    }
    const before = this.budget.elements;
    const theme = readTheme(this.open(part, THEME_UNREAD));
    if (!hit) {
      THEMES.unshift({ bytes: bytes.slice(), theme, elements: this.budget.elements - before });
      if (THEMES.length > 4) THEMES.pop();
    }
    return theme;
  }

  /** The part's tree, parsed once; `skip`: elements of it that no reader uses, left out of the light tree. */
  open(part: string, skip?: ReadonlySet<string>): XmlDocument | undefined {
    const hit = this.xml.get(part);
    if (hit) return hit;
    const bytes = this.parts.get(part);
    if (!bytes) return undefined;
    const doc =
      this.dom === 'all' || (this.dom === 'main' && part === this.mainPart)
        ? parseXml(bytes, part, this.budget)
        : parseXmlTree(bytes, part, this.budget, true, skip);
    this.xml.set(part, doc);
    return doc;
  }

  /** Block-level content (body, cell, text box, header): paragraphs and tables in order. */
  readBlocks(parent: XmlElement, ctx: Ctx, out: Draft[]): void {
    for (const el of elements(parent)) {
      if (isEl(el, W_NS, 'p')) this.readParagraph(el, ctx, out);
      else if (isEl(el, W_NS, 'tbl')) this.readTable(el, ctx, out);
      else if (isEl(el, W_NS, 'sdt')) {
        const c = wChild(el, 'sdtContent');
        if (c) this.readBlocks(c, ctx, out);
      } else if (isEl(el, W_NS, 'customXml') || isEl(el, W_NS, 'ins') || isEl(el, W_NS, 'moveTo'))
        this.readBlocks(el, ctx, out);
      else if (isEl(el, MC_NS, 'AlternateContent')) {
        const b = this.branch(el);
        if (b) this.readBlocks(b, ctx, out);
      }
    }
  }

  /** One branch of mc:AlternateContent (the first Choice, else the Fallback), so content is never read twice. */
  branch(alt: XmlElement): XmlElement | undefined {
    const kids = elements(alt);
    return kids.find((k) => isEl(k, MC_NS, 'Choice')) ?? kids.find((k) => isEl(k, MC_NS, 'Fallback'));
  }

  readTable(tbl: XmlElement, ctx: Ctx, out: Draft[]): void {
    const tblPr = wChild(tbl, 'tblPr');
    const styleId = wAttr(wChild(tblPr, 'tblStyle'), 'val') ?? this.styles.defaultTable;
    const bordersEl = wChild(tblPr, 'tblBorders') ?? this.styles.tableBorders(styleId);
    const borders: TableCtx['borders'] = {};
    for (const side of ['top', 'bottom', 'insideH'] as const) {
      const b = readBorder(wChild(bordersEl, side), this.theme);
      if (b) borders[side] = b;
    }
    const tblW = wChild(tblPr, 'tblW');
    const rows = wChildren(tbl, 'tr');
    const index = this.tableCount++;
    rows.forEach((tr, row) => {
      for (const tc of wChildren(tr, 'tc')) {
        const table: TableCtx = { index, row, rows: rows.length, borders };
        if (styleId) table.styleId = styleId;
        if (tblW && wAttr(tblW, 'type') === 'dxa') {
          const w = wNum(tblW, 'w');
          if (w !== undefined) table.widthTwips = w;
        }
        this.readBlocks(tc, { ...ctx, container: ctx.container === 'body' ? 'table' : ctx.container, table }, out);
      }
    });
  }

  /**
   * The document defaults, table style and paragraph style merged, once per pair of styles: every paragraph of a
   * style shares them (never changed: each step of the cascade makes a new object).
   */
  private cascade(tableStyle: string | undefined, style: string | undefined): { p: PProps; r: RProps } {
    const key = `${tableStyle ?? ''}\u0000${style ?? ''}`;
    let hit = this.cascades.get(key);
    if (!hit) {
      const styleProps = this.styles.styleProps(style);
      const tableProps = tableStyle ? this.styles.styleProps(tableStyle) : undefined;
      const p = mergeP(mergeP(this.styles.defaultsP, tableProps?.p ?? emptyP()), styleProps.p);
      const r = mergeR(mergeR(this.styles.defaultsR, tableProps?.r ?? {}), styleProps.r);
      this.cascades.set(key, (hit = { p, r }));
    }
    return hit;
  }

  readParagraph(p: XmlElement, ctx: Ctx, out: Draft[]): void {
    const max = this.budget.limits.maxParagraphs;
    if (++this.paragraphs > max)
      throw new DocumentError(
        'too-many-paragraphs',
        `文档过大：段落超过 ${max} 个 / too many paragraphs (over ${max})`,
      );
    const pPr = wChild(p, 'pPr');
    const styleId = wAttr(wChild(pPr, 'pStyle'), 'val') ?? this.styles.defaultParagraph;
    const direct = applyPPr(emptyP(), pPr, this.theme);
    const cascade = this.cascade(ctx.table?.styleId, styleId);
    let base = cascade.p;
    const numId = direct.numId ?? base.numId;
    const ilvl = direct.ilvl ?? base.ilvl ?? 0;
    let label: { text: string; rPr?: XmlElement } | undefined;
    if (numId !== undefined) {
      const next = this.numbering.next(numId, ilvl);
      if (next) {
        base = mergeP(base, applyPPr(emptyP(), next.level.pPr, this.theme));
        label = { text: next.text, ...(next.level.rPr ? { rPr: next.level.rPr } : {}) };
      }
    }
    const eff = mergeP(base, direct);
    const runBase = cascade.r;

    const draft: Draft = {
      el: p,
      part: ctx.part,
      text: '',
      pieces: [],
      runs: [],
      p: eff,
      ctx,
      lines: [],
      pageField: false,
      fieldPattern: '',
      startsNewPage: false,
      breakAfter: false,
      pageMarks: [],
      ...(styleId ? { styleId } : {}),
    };
    const nested: Draft[] = [];
    if (label && label.text) {
      draft.label = label.text;
      // Word draws the label with the paragraph mark's run properties, then the numbering level's own.
      const mark = applyRPr({ ...runBase }, wChild(pPr, 'rPr'), this.theme);
      const r = applyRPr(mark, label.rPr, this.theme);
      this.addText(draft, label.text, r, undefined, undefined, true);
      draft.fieldPattern += label.text;
    }
    const fields: Array<{ instr: string; phase: 'instr' | 'result'; emitted: boolean }> = [];
    this.readInline(p, draft, runBase, fields, nested);
    const sectPr = wChild(pPr, 'sectPr');
    if (sectPr) draft.sectPr = sectPr;
    out.push(...nested, draft);
  }

  private inInstr(fields: Array<{ phase: string }>): boolean {
    return fields.some((f) => f.phase === 'instr');
  }

  private inPageResult(fields: Array<{ instr: string; phase: string }>): boolean {
    return fields.some((f) => f.phase === 'result' && /^\s*PAGE\b/i.test(f.instr));
  }

  readInline(
    parent: XmlElement,
    d: Draft,
    runBase: RProps,
    fields: Array<{ instr: string; phase: 'instr' | 'result'; emitted: boolean }>,
    nested: Draft[],
  ): void {
    for (const el of elements(parent)) {
      if (el.namespaceURI === MC_NS && el.localName === 'AlternateContent') {
        const b = this.branch(el);
        if (b) this.readInline(b, d, runBase, fields, nested);
        continue;
      }
      if (el.namespaceURI !== W_NS) continue;
      switch (el.localName) {
        case 'r':
          this.readRun(el, d, runBase, fields, nested);
          break;
        case 'ins':
        case 'moveTo':
          this.revisions++;
          this.readInline(el, d, runBase, fields, nested);
          break;
        case 'del':
        case 'moveFrom':
          this.revisions++;
          break;
        case 'hyperlink':
        case 'smartTag':
        case 'customXml':
        case 'dir':
        case 'bdo':
          this.readInline(el, d, runBase, fields, nested);
          break;
        case 'sdt': {
          const c = wChild(el, 'sdtContent');
          if (c) this.readInline(c, d, runBase, fields, nested);
          break;
        }
        case 'fldSimple': {
          const instr = wAttr(el, 'instr') ?? '';
          const f = { instr, phase: 'result' as const, emitted: false };
          fields.push(f);
          this.readInline(el, d, runBase, fields, nested);
          fields.pop();
          if (/^\s*PAGE\b/i.test(instr)) {
            d.pageField = true;
            if (!f.emitted) d.fieldPattern += '#';
          }
          break;
        }
      }
    }
  }

  readRun(
    r: XmlElement,
    d: Draft,
    runBase: RProps,
    fields: Array<{ instr: string; phase: 'instr' | 'result'; emitted: boolean }>,
    nested: Draft[],
  ): void {
    const rPr = wChild(r, 'rPr');
    const rStyle = wAttr(wChild(rPr, 'rStyle'), 'val');
    let props = rStyle ? mergeR(runBase, this.styles.charStyle(rStyle)) : runBase;
    props = rPr ? applyRPr({ ...props }, rPr, this.theme) : props;
    for (const c of elements(r)) {
      if (c.namespaceURI === MC_NS && c.localName === 'AlternateContent') {
        const b = this.branch(c);
        if (b) this.readObjects(b, d, nested);
        continue;
      }
      if (c.namespaceURI !== W_NS) continue;
      switch (c.localName) {
        case 't': {
          if (this.inInstr(fields)) break;
          const s = (c.firstChild ? (c.textContent ?? '') : '').replace(/[\r\n]/g, '');
          if (this.inPageResult(fields)) {
            const top = fields[fields.length - 1]!;
            if (!top.emitted) {
              d.fieldPattern += '#';
              top.emitted = true;
            }
          } else d.fieldPattern += s;
          this.addText(d, s, props, c, r, false);
          break;
        }
        case 'tab':
          if (!this.inInstr(fields)) {
            this.addText(d, '\t', props, undefined, r, false, c);
            d.fieldPattern += '\t';
          }
          break;
        case 'noBreakHyphen':
          this.addText(d, '-', props, undefined, r, false, c);
          break;
        case 'br': {
          const type = wAttr(c, 'type');
          if (type === 'page') {
            d.pageMarks.push({ at: d.text.length, rendered: false });
            if (d.text.trim() === '') d.startsNewPage = true;
            d.breakAfter = true;
          }
          break;
        }
        case 'lastRenderedPageBreak':
          d.pageMarks.push({ at: d.text.length, rendered: true });
          break;
        case 'instrText': {
          const top = fields[fields.length - 1];
          if (top && top.phase === 'instr') top.instr += c.textContent ?? '';
          break;
        }
        case 'fldChar': {
          const t = wAttr(c, 'fldCharType');
          if (t === 'begin') fields.push({ instr: '', phase: 'instr', emitted: false });
          else if (t === 'separate') {
            const top = fields[fields.length - 1];
            if (top) top.phase = 'result';
          } else if (t === 'end') {
            const f = fields.pop();
            if (f && /^\s*PAGE\b/i.test(f.instr)) {
              d.pageField = true;
              if (!f.emitted) d.fieldPattern += '#';
            }
          }
          break;
        }
        case 'drawing':
        case 'pict':
        case 'object':
          this.readObjects(c, d, nested);
          break;
      }
    }
    // Text after a page break in the same run moves the break onto this paragraph's start only if nothing preceded it.
    if (d.breakAfter && d.text.trim() !== '' && d.startsNewPage) d.breakAfter = false;
  }

  /** Text boxes and drawn lines inside a drawing or VML picture. */
  readObjects(root: XmlElement, d: Draft, nested: Draft[]): void {
    const frame = anchorAlignment(root);
    const walk = (el: XmlElement) => {
      for (const c of elements(el)) {
        if (isEl(c, W_NS, 'txbxContent')) {
          this.readBlocks(c, { part: d.part, container: 'textbox', ...(frame ? { frame } : {}) }, nested);
          continue;
        }
        if (c.namespaceURI === MC_NS && c.localName === 'AlternateContent') {
          const b = this.branch(c);
          if (b) walk(b);
          continue;
        }
        if (c.localName === 'wsp') {
          const geom = descendants(c, A_NS, 'prstGeom')[0]?.getAttribute('prst');
          if (geom && SHAPE_LINE_GEOMS.has(geom)) d.lines.push(this.drawingLine(c));
        }
        if (isEl(c, V_NS, 'line')) d.lines.push(this.vmlLine(c));
        walk(c);
      }
    };
    walk(root);
  }

  private drawingLine(wsp: XmlElement): DrawnLine {
    const line: DrawnLine = { kind: 'drawingml' };
    const ln = descendants(wsp, A_NS, 'ln')[0];
    if (ln) {
      const w = Number(ln.getAttribute('w'));
      if (Number.isFinite(w) && w > 0) line.weightEmu = w;
      const clr = descendants(ln, A_NS, 'srgbClr')[0]?.getAttribute('val');
      if (clr) line.color = clr.toUpperCase();
    }
    // The extent lives on the enclosing wp:anchor/wp:inline; walk up to it.
    for (let n: XmlNode | null = wsp.parentNode; n; n = n.parentNode) {
      if (!isElement(n)) break;
      if (n.namespaceURI === WP_NS && (n.localName === 'anchor' || n.localName === 'inline')) {
        const ext = elements(n).find((k) => isEl(k, WP_NS, 'extent'));
        const cx = Number(ext?.getAttribute('cx'));
        if (Number.isFinite(cx) && cx > 0) line.lengthEmu = cx;
        break;
      }
    }
    return line;
  }

  private vmlLine(el: XmlElement): DrawnLine {
    const line: DrawnLine = { kind: 'vml' };
    const color = el.getAttribute('strokecolor');
    if (color) line.color = color.replace('#', '').toUpperCase().replace(/^RED$/, 'FF0000');
    const pt = (s: string | null) => {
      const m = /(-?[\d.]+)\s*(pt|mm|in|cm|px)?/.exec(s ?? '');
      if (!m) return undefined;
      const v = Number(m[1]);
      const u = m[2] ?? 'pt';
      return u === 'mm'
        ? v * 36000
        : u === 'cm'
          ? v * 360000
          : u === 'in'
            ? v * 914400
            : u === 'px'
              ? v * 9525
              : v * 12700;
    };
    const w = pt(el.getAttribute('strokeweight'));
    if (w) line.weightEmu = Math.round(w);
    const from = (el.getAttribute('from') ?? '').split(',');
    const to = (el.getAttribute('to') ?? '').split(',');
    const a = pt(from[0] ?? null);
    const b = pt(to[0] ?? null);
    if (a !== undefined && b !== undefined) line.lengthEmu = Math.abs(b - a);
    return line;
  }

  addText(
    d: Draft,
    s: string,
    r: RProps,
    t: XmlElement | undefined,
    run: XmlElement | undefined,
    isLabel: boolean,
    node?: XmlElement,
  ): void {
    if (!s) return;
    const start = d.text.length;
    d.text += s;
    const n = node ?? t;
    d.pieces.push({
      start,
      end: start + s.length,
      ...(t ? { t } : {}),
      ...(run ? { r: run } : {}),
      ...(n ? { node: n } : {}),
    });
    let segStart = start;
    let slot = slotOf(s.charCodeAt(0), r);
    const push = (from: number, to: number, sl: 'eastAsia' | 'ascii' | 'hAnsi') => {
      const f: RunFormat = { start: from, end: to, slot: sl };
      const font = sl === 'eastAsia' ? r.eastAsia : sl === 'ascii' ? r.ascii : (r.hAnsi ?? r.ascii);
      if (font) f.font = font;
      if (r.eastAsia) f.fontEastAsia = r.eastAsia;
      if (r.ascii) f.fontAscii = r.ascii;
      if (r.hAnsi) f.fontHAnsi = r.hAnsi;
      if (r.sz !== undefined) f.sizePt = r.sz / 2;
      if (r.b) f.bold = true;
      if (r.i) f.italic = true;
      if (r.u) f.underline = true;
      f.color = r.color ?? 'auto';
      if (r.highlight && r.highlight !== 'none') f.highlight = r.highlight;
      if (r.shd && r.shd !== 'auto') f.shading = r.shd;
      if (r.vanish) f.hidden = true;
      if (r.spacing) f.charSpacingTwips = r.spacing;
      if (isLabel) f.label = true;
      const prev = d.runs[d.runs.length - 1];
      if (prev && prev.end === from && sameFormat(prev, f)) prev.end = to;
      else d.runs.push(f);
    };
    for (let i = 1; i < s.length; i++) {
      const sl = slotOf(s.charCodeAt(i), r);
      if (sl !== slot && !/\s/.test(s[i]!)) {
        push(segStart, start + i, slot);
        segStart = start + i;
        slot = sl;
      }
    }
    push(segStart, start + s.length, slot);
  }
}

function readSection(
  sectPr: XmlElement | undefined,
  index: number,
  rels: Map<string, { type: string; target: string }>,
): DocxSection {
  const sec: DocxSection = {
    index,
    margins: {},
    grid: {},
    titlePg: false,
    headers: [],
    footers: [],
    firstBlock: 0,
    lastBlock: -1,
  };
  if (!sectPr) return sec;
  const pgSz = wChild(sectPr, 'pgSz');
  const w = wNum(pgSz, 'w');
  const h = wNum(pgSz, 'h');
  if (w !== undefined) sec.pageWidth = w;
  if (h !== undefined) sec.pageHeight = h;
  const orient = wAttr(pgSz, 'orient');
  if (orient === 'landscape' || orient === 'portrait') sec.orient = orient;
  const pgMar = wChild(sectPr, 'pgMar');
  for (const k of ['top', 'right', 'bottom', 'left', 'header', 'footer', 'gutter'] as const) {
    const v = wNum(pgMar, k);
    if (v !== undefined) sec.margins[k] = v;
  }
  const grid = wChild(sectPr, 'docGrid');
  const gt = wAttr(grid, 'type');
  if (gt) sec.grid.type = gt;
  const lp = wNum(grid, 'linePitch');
  if (lp !== undefined) sec.grid.linePitch = lp;
  const cs = wNum(grid, 'charSpace');
  // LibreOffice writes a negative pitch adjustment as its unsigned 32-bit twin (4294966271 for −1025).
  if (cs !== undefined) sec.grid.charSpace = cs > 0x7fffffff ? cs - 0x100000000 : cs;
  sec.titlePg = !!wOnOff(wChild(sectPr, 'titlePg'));
  const type = wAttr(wChild(sectPr, 'type'), 'val');
  if (type) sec.breakType = type;
  const pn = wChild(sectPr, 'pgNumType');
  const fmt = wAttr(pn, 'fmt');
  if (fmt) sec.pageNumberFormat = fmt;
  const start = wNum(pn, 'start');
  if (start !== undefined) sec.pageNumberStart = start;
  for (const [tag, list] of [
    ['headerReference', sec.headers],
    ['footerReference', sec.footers],
  ] as const) {
    for (const ref of wChildren(sectPr, tag)) {
      const id = ref.getAttributeNS(R_NS, 'id') ?? ref.getAttribute('r:id');
      const target = id ? rels.get(id)?.target : undefined;
      if (target) list.push({ type: wAttr(ref, 'type') ?? 'default', part: target });
    }
  }
  return sec;
}

/** Finds the main document part: the officeDocument relationship, else word/document.xml. */
function mainPartOf(
  parts: Map<string, Uint8Array>,
  xml: Map<string, XmlDocument>,
  budget: XmlBudget,
  parse: (bytes: Uint8Array, part: string, budget: XmlBudget) => XmlDocument,
): string {
  const rootRels = readRels(parts, '', xml, budget, parse);
  const main = relOfType(rootRels, 'officeDocument');
  if (main && parts.has(main)) return main;
  if (parts.has('word/document.xml')) return 'word/document.xml';
  throw new DocumentError(
    'no-document-part',
    '压缩包中没有 word/document.xml，不是 Word 文档 / not a Word document (no word/document.xml)',
  );
}

export interface ReadDocxOptions {
  limits?: ZipLimits;
  xmlLimits?: XmlLimits;
  /**
   * @internal Which parts are parsed into xmldom's DOM instead of the light reading tree: `main` for the review
   * writer, which edits the main part in place; `all` is the former reading path, kept to prove both read alike.
   */
  dom?: 'main' | 'all';
}

/** Reads a .docx into a GovDocument plus what the review writer needs (parts, DOM, character map). */
export function parseDocx(bytes: Uint8Array, options: ReadDocxOptions & { dom: 'main' | 'all' }): ParsedDocx<Element>;
export function parseDocx(bytes: Uint8Array, options?: ReadDocxOptions): ParsedDocx;
export function parseDocx(bytes: Uint8Array, options: ReadDocxOptions = {}): ParsedDocx {
  const unzipped = readZip(bytes, options.limits);
  const parts = new Map<string, Uint8Array>(Object.entries(unzipped));
  const bootstrapXml = new Map<string, XmlDocument>();
  const budget = new XmlBudget(options.xmlLimits);
  const parse = options.dom === 'all' ? parseXml : parseXmlTree;
  const mainPart = mainPartOf(parts, bootstrapXml, budget, parse);
  const rels = readRels(parts, mainPart, bootstrapXml, budget, parse);
  const reader = new Reader(parts, mainPart, rels, budget, options.dom);
  for (const [k, v] of bootstrapXml) reader.xml.set(k, v);
  const main = reader.open(mainPart)!;
  const body = wChild(main.documentElement, 'body');
  if (!body) throw new DocumentError('no-body', '文档没有正文部分（w:body） / the document has no w:body');

  const drafts: Draft[] = [];
  reader.readBlocks(body, { part: mainPart, container: 'body' }, drafts);

  // Sections: a paragraph's w:sectPr closes the section it belongs to; the body's last w:sectPr is the final one.
  const sections: DocxSection[] = [];
  const sectionOf: number[] = [];
  let cur = 0;
  drafts.forEach((d, i) => {
    sectionOf[i] = cur;
    if (d.sectPr) {
      sections.push(readSection(d.sectPr, cur, rels));
      cur++;
    }
  });
  sections.push(readSection(wChild(body, 'sectPr'), cur, rels));

  // Header and footer parts, each read once.
  const hfDrafts: Array<{ d: Draft; kind: 'header' | 'footer' }> = [];
  const seenParts = new Set<string>();
  for (const sec of sections) {
    for (const [list, kind] of [
      [sec.headers, 'header'],
      [sec.footers, 'footer'],
    ] as const) {
      for (const ref of list) {
        if (seenParts.has(ref.part)) continue;
        seenParts.add(ref.part);
        const xdoc = reader.open(ref.part);
        if (!xdoc?.documentElement) continue;
        const out: Draft[] = [];
        reader.readBlocks(xdoc.documentElement, { part: ref.part, container: kind }, out);
        for (const d of out) hfDrafts.push({ d, kind });
      }
    }
  }

  const blocks: Block[] = [];
  const records: ParagraphRecord[] = [];
  const texts: string[] = [];
  let offset = 0;
  let pendingBreak = false;
  const place = (d: Draft, kind: Block['kind'], sectionIndex: number | undefined) => {
    const index = blocks.length;
    const p = d.p;
    const format: Block['format'] = {
      runs: d.runs.map((r) => ({ ...r, start: r.start + offset, end: r.end + offset })),
      container: d.ctx.container,
    };
    if (p.jc)
      format.alignment = (p.jc === 'start' ? 'left' : p.jc === 'end' ? 'right' : p.jc) as NonNullable<
        Block['format']
      >['alignment'];
    const ind = p.ind;
    if (ind.firstLineChars !== undefined) format.firstLineIndentChars = ind.firstLineChars / 100;
    else if (ind.hangingChars !== undefined) format.firstLineIndentChars = -ind.hangingChars / 100;
    if (ind.leftChars !== undefined && ind.leftChars !== 0) format.leftIndentChars = ind.leftChars / 100;
    if (ind.rightChars !== undefined && ind.rightChars !== 0) format.rightIndentChars = ind.rightChars / 100;
    format.indentTwips = {
      ...(ind.left !== undefined ? { left: ind.left } : {}),
      ...(ind.right !== undefined ? { right: ind.right } : {}),
      ...(ind.firstLine !== undefined ? { firstLine: ind.firstLine } : {}),
      ...(ind.hanging !== undefined ? { hanging: ind.hanging } : {}),
    };
    const sp = p.spacing;
    format.spacing = {
      ...(sp.line !== undefined ? { line: sp.line } : {}),
      ...(sp.lineRule === 'auto' || sp.lineRule === 'exact' || sp.lineRule === 'atLeast'
        ? { lineRule: sp.lineRule }
        : {}),
      ...(sp.before !== undefined ? { before: sp.before } : {}),
      ...(sp.after !== undefined ? { after: sp.after } : {}),
    };
    if (sp.line !== undefined && (sp.lineRule === 'exact' || sp.lineRule === 'atLeast'))
      format.lineSpacingPt = sp.line / 20;
    if (Object.keys(p.borders).length) format.borders = { ...p.borders };
    if (p.snapToGrid !== undefined) format.snapToGrid = p.snapToGrid;
    if (d.styleId) format.styleId = d.styleId;
    if (d.label) format.numberingLabel = d.label;
    const frame =
      p.framed && p.frameAlign && FRAME_ALIGNS.has(p.frameAlign) ? (p.frameAlign as Ctx['frame']) : d.ctx.frame;
    if (frame) format.frameAlignment = frame;
    if (d.lines.length) format.lines = d.lines;
    if (sectionIndex !== undefined) format.sectionIndex = sectionIndex;
    if (d.pageField) {
      format.pageField = true;
      format.fieldPattern = d.fieldPattern;
    }
    if (d.ctx.table) {
      const t = d.ctx.table;
      format.table = {
        index: t.index,
        row: t.row,
        rows: t.rows,
        ...(t.borders ? { borders: t.borders } : {}),
        ...(t.widthTwips !== undefined ? { widthTwips: t.widthTwips } : {}),
      };
    }
    if (kind !== 'header' && kind !== 'footer') {
      if (pendingBreak || d.startsNewPage || p.pageBreakBefore) format.pageBreakBefore = true;
      // A page break carries over empty paragraphs to the first one with text.
      if (d.text.trim() === '' && format.pageBreakBefore && !d.startsNewPage) pendingBreak = true;
      else pendingBreak = false;
      if (d.breakAfter) pendingBreak = true;
    }
    const block: Block = {
      index,
      kind,
      range: [offset, offset + d.text.length],
      format,
      source: { part: d.part, paragraph: index + 1 },
    };
    if (kind === 'footer' || kind === 'header')
      block.role = d.pageField ? 'page-number' : d.text.trim() === '' ? 'blank' : 'header-footer';
    else if (d.text.trim() === '') block.role = 'blank';
    blocks.push(block);
    records.push({ el: d.el, part: d.part, block, offset, text: d.text, pieces: d.pieces });
    texts.push(d.text);
    offset += d.text.length + 1;
  };
  drafts.forEach((d, i) =>
    place(
      d,
      d.ctx.container === 'table' ? 'table-cell' : d.ctx.container === 'textbox' ? 'textbox' : 'paragraph',
      sectionOf[i],
    ),
  );
  const bodyBlocks = blocks.length;
  for (const { d, kind } of hfDrafts) place(d, kind, undefined);

  // Section block ranges and new-page starts (a section break is a page break unless continuous).
  // One pass over the paragraphs (a document may have a section per paragraph).
  const firstOf = new Map<number, number>();
  const lastOf = new Map<number, number>();
  sectionOf.forEach((s, i) => {
    if (!firstOf.has(s)) firstOf.set(s, i);
    lastOf.set(s, i);
  });
  for (const sec of sections) {
    sec.firstBlock = firstOf.get(sec.index) ?? bodyBlocks;
    sec.lastBlock = lastOf.get(sec.index) ?? bodyBlocks - 1;
    if (sec.index > 0 && sec.breakType !== 'continuous') {
      let first: Block | undefined;
      for (let b = sec.firstBlock; b <= sec.lastBlock && !first; b++)
        if (blocks[b]!.role !== 'blank') first = blocks[b];
      if (first?.format) first.format.pageBreakBefore = true;
    }
  }

  const settingsPart = relOfType(rels, 'settings');
  const settingsDoc = settingsPart ? reader.open(settingsPart, SETTINGS_UNREAD) : undefined;
  const settingsRoot = settingsDoc?.documentElement;
  const commentsPart = relOfType(rels, 'comments');
  const commentsDoc = commentsPart ? reader.open(commentsPart) : undefined;
  const normal = reader.styles.styleProps(reader.styles.defaultParagraph).r;
  const normalR = mergeR(reader.styles.defaultsR, normal);
  const layout: DocxLayoutInfo = {
    sections,
    settings: {
      evenAndOddHeaders: !!wOnOff(wChild(settingsRoot, 'evenAndOddHeaders')),
      gutterAtTop: !!wOnOff(wChild(settingsRoot, 'gutterAtTop')),
      mirrorMargins: !!wOnOff(wChild(settingsRoot, 'mirrorMargins')),
      trackRevisions: !!wOnOff(wChild(settingsRoot, 'trackRevisions')),
    },
    normal: {
      ...(normalR.eastAsia ? { fontEastAsia: normalR.eastAsia } : {}),
      ...(normalR.ascii ? { fontAscii: normalR.ascii } : {}),
      ...(normalR.sz !== undefined ? { sizePt: normalR.sz / 2 } : {}),
    },
    revisions: reader.revisions,
    comments: commentsDoc?.documentElement ? wChildren(commentsDoc.documentElement, 'comment').length : 0,
    bodyBlocks,
  };

  const text = texts.join('\n');
  preassignRoles(blocks, text, bodyBlocks);
  const pages = pagesOf(drafts, blocks);
  const doc: GovDocument = {
    format: 'docx',
    text,
    blocks,
    sourceMap: new DocxSourceMap(text, pages),
    protectedRanges: findProtectedRanges(text),
    extra: { docx: layout },
  };
  return { doc, parts, xml: reader.xml, paragraphs: records, mainPart, rels };
}

interface PageInfo {
  /** Page on which each body paragraph starts (undefined for headers and footers). */
  start: Array<number | undefined>;
  /** Offsets in each paragraph's text where a new page begins. */
  inner: number[][];
  /** From Word's own last layout (rendered breaks); otherwise from typed page and section breaks, a lower bound. */
  exact: boolean;
}

/**
 * The page of every body paragraph, so that a clerk can find a finding in Word. Word records where its last layout
 * broke the pages (w:lastRenderedPageBreak, also after typed breaks); files without those (WPS, generators) only tell
 * typed page breaks and new-page section breaks, which give the least page a paragraph can be on.
 */
function pagesOf(drafts: Draft[], blocks: Block[]): PageInfo {
  const exact = drafts.some((d) => d.pageMarks.some((m) => m.rendered));
  const start: Array<number | undefined> = [];
  const inner: number[][] = [];
  let page = 1;
  let content = false;
  drafts.forEach((d, i) => {
    const marks = d.pageMarks.filter((m) => m.rendered === exact);
    const before = exact ? marks.some((m) => m.at === 0) : !!blocks[i]!.format?.pageBreakBefore;
    if (before && content) page++;
    start[i] = page;
    // A typed break at the paragraph's end moves the next paragraph with text (pageBreakBefore above).
    const mids = marks.filter((m) => m.at > 0 && (exact || m.at < d.text.length)).map((m) => m.at);
    inner[i] = mids;
    page += mids.length;
    if (d.text.trim() !== '') content = true;
  });
  return { start, inner, exact };
}

/** Paragraph and column as for any docx, and the page where the reader can tell it. */
class DocxSourceMap extends LineSourceMap {
  constructor(
    text: string,
    private readonly pages: PageInfo,
  ) {
    super(text);
  }
  override position(offset: number): SourcePosition {
    const p = super.position(offset);
    const first = this.pages.start[p.line - 1];
    if (first === undefined) return p;
    const page = first + this.pages.inner[p.line - 1]!.filter((at) => at <= p.column - 1).length;
    return { ...p, page, ...(this.pages.exact ? {} : { pageEstimated: true }) };
  }
}

/** The reader registered for `docx`: bytes in, GovDocument out. */
export function readDocx(bytes: Uint8Array): GovDocument {
  return parseDocx(bytes).doc;
}

/** The docx layout data a GovDocument carries, if it came from a .docx. */
export function docxLayout(doc: GovDocument): DocxLayoutInfo | undefined {
  const d = doc.extra?.docx as DocxLayoutInfo | undefined;
  return d && Array.isArray(d.sections) ? d : undefined;
}
