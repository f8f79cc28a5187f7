import type { BorderInfo } from '../../document/types.js';
import {
  A_NS,
  type XmlDocument,
  type XmlElement,
  descendants,
  elements,
  isEl,
  wAttr,
  wChild,
  wChildren,
  wNum,
  wOnOff,
  W_NS,
} from './xml.js';

/** Run properties as they accumulate along the cascade (ECMA-376 Part 1, 17.7.2 style hierarchy). Fonts are stored already theme-resolved. */
export interface RProps {
  eastAsia?: string;
  ascii?: string;
  hAnsi?: string;
  hint?: string;
  sz?: number;
  b?: boolean;
  i?: boolean;
  u?: boolean;
  color?: string;
  highlight?: string;
  shd?: string;
  vanish?: boolean;
  spacing?: number;
  lang?: string;
  langEastAsia?: string;
}

export interface IndProps {
  left?: number;
  right?: number;
  firstLine?: number;
  hanging?: number;
  leftChars?: number;
  rightChars?: number;
  firstLineChars?: number;
  hangingChars?: number;
}

export interface PProps {
  jc?: string;
  ind: IndProps;
  spacing: { line?: number; lineRule?: string; before?: number; after?: number };
  borders: { top?: BorderInfo; bottom?: BorderInfo; left?: BorderInfo; right?: BorderInfo; between?: BorderInfo };
  pageBreakBefore?: boolean;
  snapToGrid?: boolean;
  numId?: string;
  ilvl?: number;
  framed?: boolean;
  /** w:framePr w:xAlign of a framed paragraph. */
  frameAlign?: string;
}

export function emptyP(): PProps {
  return { ind: {}, spacing: {}, borders: {} };
}

/** Theme fonts and colours (word/theme/theme1.xml). */
export interface Theme {
  minorEa?: string;
  majorEa?: string;
  minorLatin?: string;
  majorLatin?: string;
  colors: Record<string, string>;
}

export function readTheme(doc: XmlDocument | undefined): Theme {
  const theme: Theme = { colors: {} };
  if (!doc) return theme;
  const fontOf = (tag: string) => {
    const el = descendants(doc, A_NS, tag)[0];
    if (!el) return {};
    const hans = elements(el)
      .find((c) => isEl(c, A_NS, 'font') && c.getAttribute('script') === 'Hans')
      ?.getAttribute('typeface');
    const ea = elements(el)
      .find((c) => isEl(c, A_NS, 'ea'))
      ?.getAttribute('typeface');
    const latin = elements(el)
      .find((c) => isEl(c, A_NS, 'latin'))
      ?.getAttribute('typeface');
    return { ea: hans || ea || undefined, latin: latin || undefined };
  };
  const minor = fontOf('minorFont');
  const major = fontOf('majorFont');
  if (minor.ea) theme.minorEa = minor.ea;
  if (minor.latin) theme.minorLatin = minor.latin;
  if (major.ea) theme.majorEa = major.ea;
  if (major.latin) theme.majorLatin = major.latin;
  const scheme = descendants(doc, A_NS, 'clrScheme')[0];
  for (const slot of elements(scheme)) {
    const c = elements(slot)[0];
    if (!c) continue;
    const hex = isEl(c, A_NS, 'srgbClr')
      ? c.getAttribute('val')
      : isEl(c, A_NS, 'sysClr')
        ? c.getAttribute('lastClr')
        : null;
    if (hex) theme.colors[slot.localName!] = hex.toUpperCase();
  }
  return theme;
}

const THEME_COLOR_SLOT: Record<string, string> = {
  text1: 'dk1',
  dark1: 'dk1',
  text2: 'dk2',
  dark2: 'dk2',
  background1: 'lt1',
  light1: 'lt1',
  background2: 'lt2',
  light2: 'lt2',
  accent1: 'accent1',
  accent2: 'accent2',
  accent3: 'accent3',
  accent4: 'accent4',
  accent5: 'accent5',
  accent6: 'accent6',
  hyperlink: 'hlink',
  followedHyperlink: 'folHlink',
};

function themeFont(theme: Theme, name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (name === 'minorEastAsia') return theme.minorEa;
  if (name === 'majorEastAsia') return theme.majorEa;
  if (name.startsWith('minor')) return theme.minorLatin;
  if (name.startsWith('major')) return theme.majorLatin;
  return undefined;
}

export function readBorder(el: XmlElement | undefined, theme: Theme): BorderInfo | undefined {
  if (!el) return undefined;
  const val = wAttr(el, 'val') ?? 'none';
  const b: BorderInfo = { val };
  const sz = wNum(el, 'sz');
  if (sz !== undefined) b.sz = sz;
  const space = wNum(el, 'space');
  if (space !== undefined) b.space = space;
  const themeColor = wAttr(el, 'themeColor');
  const color = (themeColor && theme.colors[THEME_COLOR_SLOT[themeColor] ?? themeColor]) || wAttr(el, 'color');
  if (color) b.color = color.toUpperCase() === 'AUTO' ? 'auto' : color.toUpperCase();
  return b;
}

/**
 * The font a name stands for: converters (LibreOffice, some WPS versions) write a list of alternatives such as
 * `黑体;SimHei`, of which the first is the face meant.
 */
export function primaryFont(name: string | undefined): string | undefined {
  if (!name || !/[;,]/.test(name)) return name;
  return (
    name
      .split(/[;,]/)
      .map((n) => n.trim())
      .find((n) => n !== '') ?? name
  );
}

/** Reads one w:rPr onto `into` (later cascade steps call this after earlier ones). */
export function applyRPr(into: RProps, rPr: XmlElement | undefined, theme: Theme): RProps {
  if (!rPr) return into;
  for (const el of elements(rPr)) {
    if (el.namespaceURI !== W_NS) continue;
    switch (el.localName) {
      case 'rFonts': {
        // A theme attribute beats its explicit twin in the same element.
        const ea = primaryFont(themeFont(theme, wAttr(el, 'eastAsiaTheme')) ?? wAttr(el, 'eastAsia'));
        const ascii = primaryFont(themeFont(theme, wAttr(el, 'asciiTheme')) ?? wAttr(el, 'ascii'));
        const hAnsi = primaryFont(themeFont(theme, wAttr(el, 'hAnsiTheme')) ?? wAttr(el, 'hAnsi'));
        if (ea) into.eastAsia = ea;
        if (ascii) into.ascii = ascii;
        if (hAnsi) into.hAnsi = hAnsi;
        const hint = wAttr(el, 'hint');
        if (hint) into.hint = hint;
        break;
      }
      case 'sz': {
        const v = wNum(el, 'val');
        if (v !== undefined) into.sz = v;
        break;
      }
      case 'b':
        into.b = wOnOff(el);
        break;
      case 'i':
        into.i = wOnOff(el);
        break;
      case 'vanish':
        into.vanish = wOnOff(el);
        break;
      case 'u': {
        const v = wAttr(el, 'val');
        into.u = !!v && v !== 'none';
        break;
      }
      case 'color': {
        const tc = wAttr(el, 'themeColor');
        const v = (tc && theme.colors[THEME_COLOR_SLOT[tc] ?? tc]) || wAttr(el, 'val');
        if (v) into.color = v.toUpperCase() === 'AUTO' ? 'auto' : v.toUpperCase();
        break;
      }
      case 'highlight': {
        const v = wAttr(el, 'val');
        if (v) into.highlight = v;
        break;
      }
      case 'shd': {
        const v = wAttr(el, 'fill');
        if (v) into.shd = v.toUpperCase() === 'AUTO' ? 'auto' : v.toUpperCase();
        break;
      }
      case 'spacing': {
        const v = wNum(el, 'val');
        if (v !== undefined) into.spacing = v;
        break;
      }
      case 'lang': {
        const v = wAttr(el, 'val');
        const ea = wAttr(el, 'eastAsia');
        if (v) into.lang = v;
        if (ea) into.langEastAsia = ea;
        break;
      }
    }
  }
  return into;
}

/** Reads one w:pPr onto `into`. */
export function applyPPr(into: PProps, pPr: XmlElement | undefined, theme: Theme): PProps {
  if (!pPr) return into;
  for (const el of elements(pPr)) {
    if (el.namespaceURI !== W_NS) continue;
    switch (el.localName) {
      case 'jc': {
        const v = wAttr(el, 'val');
        if (v) into.jc = v;
        break;
      }
      case 'ind': {
        const ind = into.ind;
        const left = wNum(el, 'left') ?? wNum(el, 'start');
        const right = wNum(el, 'right') ?? wNum(el, 'end');
        if (left !== undefined) ind.left = left;
        if (right !== undefined) ind.right = right;
        const leftChars = wNum(el, 'leftChars') ?? wNum(el, 'startChars');
        const rightChars = wNum(el, 'rightChars') ?? wNum(el, 'endChars');
        if (leftChars !== undefined) ind.leftChars = leftChars;
        if (rightChars !== undefined) ind.rightChars = rightChars;
        const fl = wNum(el, 'firstLine');
        const flc = wNum(el, 'firstLineChars');
        const h = wNum(el, 'hanging');
        const hc = wNum(el, 'hangingChars');
        // First-line and hanging indents exclude each other: whichever a later step sets replaces the group.
        if (fl !== undefined || flc !== undefined || h !== undefined || hc !== undefined) {
          delete ind.firstLine;
          delete ind.firstLineChars;
          delete ind.hanging;
          delete ind.hangingChars;
          if (fl !== undefined) ind.firstLine = fl;
          if (flc !== undefined) ind.firstLineChars = flc;
          if (h !== undefined) ind.hanging = h;
          if (hc !== undefined) ind.hangingChars = hc;
        }
        break;
      }
      case 'spacing': {
        const line = wNum(el, 'line');
        const rule = wAttr(el, 'lineRule');
        const before = wNum(el, 'before');
        const after = wNum(el, 'after');
        if (line !== undefined) {
          into.spacing.line = line;
          into.spacing.lineRule = rule ?? 'auto';
        } else if (rule) into.spacing.lineRule = rule;
        if (before !== undefined) into.spacing.before = before;
        if (after !== undefined) into.spacing.after = after;
        break;
      }
      case 'pBdr':
        for (const side of ['top', 'bottom', 'left', 'right', 'between'] as const) {
          const b = readBorder(wChild(el, side), theme);
          if (b) into.borders[side] = b;
        }
        break;
      case 'pageBreakBefore':
        into.pageBreakBefore = wOnOff(el);
        break;
      case 'snapToGrid':
        into.snapToGrid = wOnOff(el);
        break;
      case 'framePr': {
        into.framed = true;
        const x = wAttr(el, 'xAlign');
        if (x) into.frameAlign = x;
        break;
      }
      case 'numPr': {
        const numId = wAttr(wChild(el, 'numId'), 'val');
        const ilvl = wNum(wChild(el, 'ilvl'), 'val');
        if (numId !== undefined) into.numId = numId;
        if (ilvl !== undefined) into.ilvl = ilvl;
        break;
      }
    }
  }
  return into;
}

export function cloneR(r: RProps): RProps {
  return { ...r };
}

export function cloneP(p: PProps): PProps {
  return { ...p, ind: { ...p.ind }, spacing: { ...p.spacing }, borders: { ...p.borders } };
}

interface StyleDef {
  id: string;
  type: string;
  basedOn?: string;
  pPr?: XmlElement;
  rPr?: XmlElement;
  tblBorders?: XmlElement;
  isDefault: boolean;
}

/** styles.xml with the basedOn chains resolved on demand (memoised, cycle-safe). */
export class StyleSheet {
  readonly defaultsR: RProps = {};
  readonly defaultsP: PProps = emptyP();
  private readonly defs = new Map<string, StyleDef>();
  private readonly cacheP = new Map<string, { p: PProps; r: RProps }>();
  private readonly cacheR = new Map<string, RProps>();
  defaultParagraph?: string;
  defaultTable?: string;

  constructor(
    doc: XmlDocument | undefined,
    readonly theme: Theme,
  ) {
    if (!doc) return;
    const root = doc.documentElement!;
    const dd = wChild(root, 'docDefaults');
    applyRPr(this.defaultsR, wChild(wChild(dd, 'rPrDefault'), 'rPr'), theme);
    applyPPr(this.defaultsP, wChild(wChild(dd, 'pPrDefault'), 'pPr'), theme);
    for (const s of wChildren(root, 'style')) {
      const id = wAttr(s, 'styleId');
      if (!id) continue;
      const def: StyleDef = {
        id,
        type: wAttr(s, 'type') ?? 'paragraph',
        isDefault: wAttr(s, 'default') === '1' || wAttr(s, 'default') === 'true',
      };
      const basedOn = wAttr(wChild(s, 'basedOn'), 'val');
      if (basedOn) def.basedOn = basedOn;
      const pPr = wChild(s, 'pPr');
      const rPr = wChild(s, 'rPr');
      if (pPr) def.pPr = pPr;
      if (rPr) def.rPr = rPr;
      const tb = wChild(wChild(s, 'tblPr'), 'tblBorders');
      if (tb) def.tblBorders = tb;
      this.defs.set(id, def);
      if (def.isDefault && def.type === 'paragraph') this.defaultParagraph = id;
      if (def.isDefault && def.type === 'table') this.defaultTable = id;
    }
    // LibreOffice marks no style as the default; Word then takes the one named Normal, and so do we.
    if (!this.defaultParagraph) {
      const normal = wChildren(root, 'style').find(
        (st) =>
          wAttr(st, 'type') === 'paragraph' &&
          (wAttr(st, 'styleId') === 'Normal' || wAttr(wChild(st, 'name'), 'val') === 'Normal'),
      );
      const id = normal ? wAttr(normal, 'styleId') : undefined;
      if (id) this.defaultParagraph = id;
    }
  }

  has(id: string): boolean {
    return this.defs.has(id);
  }

  private chain(id: string | undefined): StyleDef[] {
    const out: StyleDef[] = [];
    const seen = new Set<string>();
    for (let cur = id; cur && !seen.has(cur); ) {
      seen.add(cur);
      const d = this.defs.get(cur);
      if (!d) break;
      out.unshift(d);
      cur = d.basedOn;
    }
    return out;
  }

  /** Paragraph and run properties a paragraph (or table) style contributes, basedOn chain applied. */
  styleProps(id: string | undefined): { p: PProps; r: RProps } {
    const key = id ?? '';
    let hit = this.cacheP.get(key);
    if (!hit) {
      const p = emptyP();
      const r: RProps = {};
      for (const d of this.chain(id)) {
        applyPPr(p, d.pPr, this.theme);
        applyRPr(r, d.rPr, this.theme);
      }
      this.cacheP.set(key, (hit = { p, r }));
    }
    return hit;
  }

  charStyle(id: string | undefined): RProps {
    const key = id ?? '';
    let hit = this.cacheR.get(key);
    if (!hit) {
      hit = {};
      for (const d of this.chain(id)) applyRPr(hit, d.rPr, this.theme);
      this.cacheR.set(key, hit);
    }
    return hit;
  }

  tableBorders(id: string | undefined): XmlElement | undefined {
    let found: XmlElement | undefined;
    for (const d of this.chain(id)) if (d.tblBorders) found = d.tblBorders;
    return found;
  }
}

/** Merges the defined fields of `over` onto a copy of `base`. */
export function mergeR(base: RProps, over: RProps): RProps {
  const out: RProps = { ...base };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

export function mergeP(base: PProps, over: PProps): PProps {
  const out = cloneP(base);
  if (over.jc !== undefined) out.jc = over.jc;
  const oi = over.ind;
  if (
    oi.firstLine !== undefined ||
    oi.firstLineChars !== undefined ||
    oi.hanging !== undefined ||
    oi.hangingChars !== undefined
  ) {
    delete out.ind.firstLine;
    delete out.ind.firstLineChars;
    delete out.ind.hanging;
    delete out.ind.hangingChars;
  }
  for (const [k, v] of Object.entries(oi)) if (v !== undefined) (out.ind as Record<string, unknown>)[k] = v;
  for (const [k, v] of Object.entries(over.spacing))
    if (v !== undefined) (out.spacing as Record<string, unknown>)[k] = v;
  for (const [k, v] of Object.entries(over.borders))
    if (v !== undefined) (out.borders as Record<string, unknown>)[k] = v;
  for (const k of ['pageBreakBefore', 'snapToGrid', 'numId', 'ilvl', 'framed', 'frameAlign'] as const) {
    if (over[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = over[k];
  }
  return out;
}
