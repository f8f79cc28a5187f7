import type { GovDocument } from '../../document/types.js';
import { XmlBudget, parseXmlTree, type XmlElement, type XmlNode } from '../docx/xml.js';
import { DEFAULT_ZIP_LIMITS, readZip } from '../docx/zip.js';
import { DocumentError, printable } from '../errors.js';
import { pagedDocument } from './build.js';
import type { PagedPage, PagedRule, PagedRun } from './types.js';

/** OFD lengths are millimetres (GB/T 33190-2016 7.1); the page model is in points. */
const PT = 72 / 25.4;
export const MAX_OFD_PAGES = 2000;

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

const kids = (n: XmlNode | null | undefined): XmlElement[] => {
  const out: XmlElement[] = [];
  for (let c = n?.firstChild ?? null; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as XmlElement);
  return out;
};
const child = (n: XmlNode | null | undefined, name: string) => kids(n).find((e) => e.localName === name);
const attr = (e: XmlElement | undefined, name: string) => e?.getAttribute(name) ?? undefined;
const nums = (s: string | undefined) =>
  (s ?? '')
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);

/** `DeltaX`/`DeltaY` with the `g n v` repeat (GB/T 33190-2016 11.3), at most `limit` values. */
export function deltas(s: string | undefined, limit: number): number[] {
  const t = (s ?? '').trim().split(/\s+/).filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < t.length && out.length < limit; i++) {
    if (t[i] === 'g') {
      const n = Math.min(Number(t[i + 1]) || 0, limit - out.length);
      const v = Number(t[i + 2]) || 0;
      for (let k = 0; k < n; k++) out.push(v);
      i += 2;
    } else out.push(Number(t[i]) || 0);
  }
  return out;
}

/** An OFD colour (`Value="r g b"`, 0–255, or `#rrggbb`) as `#rrggbb`. */
function colour(e: XmlElement | undefined): string | undefined {
  const v = attr(e, 'Value')?.trim();
  if (!v) return undefined;
  if (/^#[0-9a-f]{6}$/i.test(v)) return v.toLowerCase();
  // Channels in decimal or, per channel, in hex with a `#` (`#ee #20 #25`).
  const c = v.split(/\s+/).map((t) => (t.startsWith('#') ? Number.parseInt(t.slice(1), 16) : Number(t)));
  if (c.length !== 3 || c.some((x) => !Number.isFinite(x))) return undefined;
  return `#${c
    .map((x) =>
      Math.max(0, Math.min(255, Math.round(x)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

/** The package's entries by name, also under the UTF-8 and GB18030 readings of names stored without the UTF-8 flag. */
function entryIndex(parts: Record<string, Uint8Array>): Map<string, string> {
  const index = new Map<string, string>();
  const add = (alias: string, key: string) => {
    const k = alias.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
    if (!index.has(k)) index.set(k, key);
  };
  for (const key of Object.keys(parts)) {
    add(key, key);
    // eslint-free check: a name decoded byte by byte (no UTF-8 flag) may really be UTF-8 or GBK.
    if (/[\u0080-\u00ff]/.test(key) && ![...key].some((c) => c.charCodeAt(0) > 0xff)) {
      const raw = Uint8Array.from([...key].map((c) => c.charCodeAt(0)));
      for (const enc of ['utf-8', 'gb18030']) {
        try {
          add(new TextDecoder(enc, { fatal: true }).decode(raw), key);
        } catch {
          // not this encoding
        }
      }
    }
  }
  return index;
}

/** `a/b/../c` → `a/c`. */
function normalise(p: string): string {
  const out: string[] = [];
  for (const s of p.replace(/\\/g, '/').split('/')) {
    if (!s || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out.join('/');
}
const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

class Package {
  readonly index: Map<string, string>;
  readonly budget = new XmlBudget();
  constructor(readonly parts: Record<string, Uint8Array>) {
    this.index = entryIndex(parts);
  }
  /**
   * Finds the part a `BaseLoc` names. The standard resolves a relative path against the referring file and an absolute
   * one against the package root; producers also write paths relative to the document's folder or the root, so those
   * are tried next.
   */
  resolve(loc: string | undefined, from: string, docDir: string): string | undefined {
    if (!loc) return undefined;
    const l = loc.trim().replace(/^file:\/*/i, '');
    const tries = l.startsWith('/')
      ? [normalise(l)]
      : [normalise(`${dirOf(from)}/${l}`), normalise(`${docDir}/${l}`), normalise(l)];
    for (const t of tries) {
      const k = this.index.get(t.toLowerCase());
      if (k !== undefined) return k;
    }
    return undefined;
  }
  xml(key: string): XmlElement | undefined {
    const bytes = this.parts[key];
    if (!bytes) return undefined;
    return parseXmlTree(bytes, key, this.budget).documentElement ?? undefined;
  }
}

function ofdError(e: unknown): DocumentError {
  if (!(e instanceof DocumentError)) return e as DocumentError;
  // The zip reader speaks of Word packages; the file here is an OFD.
  return new DocumentError(e.code, e.message.replace(/\.docx/g, '.ofd').replace(/Word 文档|Word/g, 'OFD'));
}

/**
 * Reads an OFD package (GB/T 33190-2016): OFD.xml → DocBody/DocRoot → Document.xml → each Page's Content.xml (and the
 * template pages it uses), with text objects placed by Boundary, CTM, X/Y and DeltaX/DeltaY, fonts from the public
 * and document resources, fill and stroke colours, and drawn rules. Signatures are counted, not verified.
 */
export function readOfd(bytes: Uint8Array): GovDocument {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    throw new DocumentError('not-an-ofd', '不是 OFD 文件（不是 ZIP 压缩包） / not an OFD file (not a zip package)');
  }
  let parts: Record<string, Uint8Array>;
  try {
    parts = readZip(bytes, DEFAULT_ZIP_LIMITS) as Record<string, Uint8Array>;
  } catch (e) {
    throw ofdError(e);
  }
  const pkg = new Package(parts);
  const corrupt = (why: string) =>
    new DocumentError('corrupt-ofd', `OFD 文件结构不完整：${printable(why)} / broken OFD package: ${printable(why)}`);
  const rootKey = pkg.resolve('OFD.xml', '', '');
  if (!rootKey)
    throw new DocumentError('not-an-ofd', '不是 OFD 文件（压缩包中没有 OFD.xml） / not an OFD package (no OFD.xml)');
  const root = pkg.xml(rootKey);
  const body = child(root, 'DocBody');
  const docKey = pkg.resolve(child(body, 'DocRoot')?.textContent ?? undefined, rootKey, '');
  if (!docKey) throw corrupt(`DocRoot ${child(body, 'DocRoot')?.textContent ?? '(缺失)'} 不存在`);
  const docDir = dirOf(docKey);
  const document = pkg.xml(docKey);
  const common = child(document, 'CommonData');

  // Fonts from every resource file the document and its pages list.
  const fonts = new Map<string, string>();
  const params: DrawParams = new Map();
  const readRes = (loc: string | undefined, from: string) => {
    const key = pkg.resolve(loc, from, docDir);
    if (!key) return;
    const res = pkg.xml(key);
    for (const group of kids(res)) {
      if (group.localName === 'DrawParams') {
        for (const d of kids(group)) {
          const id = attr(d, 'ID');
          if (id)
            params.set(id, {
              lineWidth: Number(attr(d, 'LineWidth')) || undefined,
              stroke: colour(child(d, 'StrokeColor')),
              fill: colour(child(d, 'FillColor')),
            });
        }
      }
      if (group.localName !== 'Fonts') continue;
      for (const f of kids(group)) {
        const id = attr(f, 'ID');
        const name = attr(f, 'FontName') ?? attr(f, 'FamilyName');
        if (id && name) fonts.set(id, name);
      }
    }
  };
  for (const e of kids(common)) {
    if (e.localName === 'PublicRes' || e.localName === 'DocumentRes') readRes(e.textContent ?? undefined, docKey);
  }
  const defaultBox = nums(child(child(common, 'PageArea'), 'PhysicalBox')?.textContent ?? undefined);
  const templates = new Map<string, string>();
  for (const t of kids(common)) {
    if (t.localName !== 'TemplatePage') continue;
    const key = pkg.resolve(attr(t, 'BaseLoc'), docKey, docDir);
    const id = attr(t, 'ID');
    if (key && id) templates.set(id, key);
  }

  const pageList = kids(child(document, 'Pages')).filter((p) => p.localName === 'Page');
  if (pageList.length > MAX_OFD_PAGES) {
    throw new DocumentError(
      'too-many-pages',
      `OFD 页数过多（${pageList.length} 页，上限 ${MAX_OFD_PAGES} 页） / too many pages (${pageList.length})`,
    );
  }
  const pages: PagedPage[] = [];
  for (const p of pageList) {
    const loc = attr(p, 'BaseLoc');
    const key = pkg.resolve(loc, docKey, docDir);
    if (!key) throw corrupt(`页面 ${loc ?? '(缺少 BaseLoc)'} 不存在`);
    const content = pkg.xml(key);
    const box = nums(child(child(content, 'Area'), 'PhysicalBox')?.textContent ?? undefined);
    const [, , w, h] = box.length === 4 ? box : defaultBox.length === 4 ? defaultBox : [0, 0, 210, 297];
    const page: PagedPage = { width: w! * PT, height: h! * PT, runs: [], rules: [], images: 0 };
    for (const e of kids(content)) if (e.localName === 'PageRes') readRes(e.textContent ?? undefined, key);
    // Template pages first (they print beneath the page's own content).
    for (const t of kids(content)) {
      if (t.localName !== 'Template') continue;
      const tk = templates.get(attr(t, 'TemplateID') ?? '');
      if (tk) walk(child(pkg.xml(tk), 'Content'), page, fonts, params);
    }
    walk(child(content, 'Content'), page, fonts, params);
    pages.push(page);
  }
  if (!pages.length) throw corrupt('文档没有页面');

  // Seals: read to count them; a seal that cannot be read does not stop the text from being checked.
  let seals = 0;
  try {
    const sk = pkg.resolve(child(body, 'Signatures')?.textContent ?? undefined, rootKey, docDir);
    if (sk) seals = kids(pkg.xml(sk)).filter((e) => e.localName === 'Signature').length;
  } catch {
    seals = 0;
  }
  const doc = pagedDocument({ format: 'ofd', pages });
  if (doc.extra?.paged) (doc.extra.paged as { seals?: number }).seals = seals;
  return doc;
}

/** The objects of a Content (layers, page blocks) drawn onto the page. */
type DrawParams = Map<string, { lineWidth?: number; stroke?: string; fill?: string }>;

function walk(content: XmlElement | undefined, page: PagedPage, fonts: Map<string, string>, params: DrawParams): void {
  if (!content) return;
  const stack: XmlElement[] = kids(content).reverse();
  while (stack.length) {
    const e = stack.pop()!;
    switch (e.localName) {
      case 'Layer':
      case 'PageBlock':
        stack.push(...kids(e).reverse());
        break;
      case 'TextObject':
        text(e, page, fonts, params);
        break;
      case 'PathObject':
        path(e, page, params);
        break;
      case 'ImageObject':
        page.images++;
        break;
    }
  }
}

function placement(e: XmlElement): Matrix {
  const b = nums(attr(e, 'Boundary'));
  const ctm = nums(attr(e, 'CTM'));
  const m: Matrix = ctm.length === 6 ? (ctm as Matrix) : IDENTITY;
  // Object space → CTM → offset by the boundary's origin, in millimetres; then to points.
  return mul([PT, 0, 0, PT, 0, 0], mul([1, 0, 0, 1, b[0] ?? 0, b[1] ?? 0], m));
}

function text(e: XmlElement, page: PagedPage, fonts: Map<string, string>, params: DrawParams): void {
  const m = placement(e);
  const size = Number(attr(e, 'Size')) || 0;
  const font = fonts.get(attr(e, 'Font') ?? '');
  const fill = colour(child(e, 'FillColor')) ?? params.get(attr(e, 'DrawParam') ?? '')?.fill ?? '#000000';
  const scale = Math.hypot(m[2], m[3]);
  const pt = size * scale;
  if (!(pt > 0)) return;
  let x = 0;
  let y = 0;
  for (const code of kids(e)) {
    if (code.localName !== 'TextCode') continue;
    const chars = [...(code.textContent ?? '')];
    if (!chars.length) continue;
    if (code.getAttribute('X') !== null) x = Number(attr(code, 'X')) || 0;
    if (code.getAttribute('Y') !== null) y = Number(attr(code, 'Y')) || 0;
    const dx = deltas(attr(code, 'DeltaX'), chars.length - 1);
    const dy = deltas(attr(code, 'DeltaY'), chars.length - 1);
    // Characters placed one by one; neighbours on one baseline within a wide step make one run.
    let run: { text: string; x0: number; y0: number; xEnd: number } | undefined;
    const flush = () => {
      if (!run) return;
      const [px, py] = [m[0] * run.x0 + m[2] * run.y0 + m[4], m[1] * run.x0 + m[3] * run.y0 + m[5]];
      const width = (run.xEnd - run.x0) * Math.hypot(m[0], m[1]);
      const r: PagedRun = { text: run.text, x: px, y: py, width, size: pt, color: fill };
      if (font) r.font = font;
      page.runs.push(r);
      run = undefined;
    };
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      // An advance when the file gives none: a full em for CJK, half for Latin.
      const adv = c.charCodeAt(0) < 0x2e80 ? size * 0.5 : size;
      if (run && (y !== run.y0 || x < run.xEnd - size * 0.1 || x > run.xEnd + size * 1.5)) flush();
      if (!run) run = { text: '', x0: x, y0: y, xEnd: x };
      run.text += c;
      run.xEnd = x + adv;
      if (i < chars.length - 1) {
        x += dx[i] ?? adv;
        y += dy[i] ?? 0;
      } else {
        x += adv;
      }
    }
    flush();
  }
}

function path(e: XmlElement, page: PagedPage, params: DrawParams): void {
  const param = params.get(attr(e, 'DrawParam') ?? '');
  const data = child(e, 'AbbreviatedData')?.textContent ?? '';
  const t = data.trim().split(/\s+/);
  const pts: Array<[number, number]> = [];
  // Only the straight segments' points: a rule is drawn with M and L.
  for (let i = 0; i < t.length && pts.length < 64; i++) {
    if ((t[i] === 'M' || t[i] === 'L' || t[i] === 'S') && i + 2 < t.length) {
      pts.push([Number(t[i + 1]), Number(t[i + 2])]);
      i += 2;
    } else if (/^[BQACZ]$/.test(t[i]!)) return;
  }
  if (pts.length < 2 || pts.some(([a, b]) => !Number.isFinite(a) || !Number.isFinite(b))) return;
  const m = placement(e);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [a, b] of pts) {
    xs.push(m[0] * a + m[2] * b + m[4]);
    ys.push(m[1] * a + m[3] * b + m[5]);
  }
  const x1 = Math.min(...xs);
  const x2 = Math.max(...xs);
  const y1 = Math.min(...ys);
  const y2 = Math.max(...ys);
  const stroked = attr(e, 'Stroke') !== 'false';
  const filled = attr(e, 'Fill') === 'true';
  const lw = (Number(attr(e, 'LineWidth')) || param?.lineWidth || 0.353) * Math.hypot(m[0], m[1]);
  if (x2 - x1 < 20 || y2 - y1 > 4) return;
  const rule: PagedRule = {
    x1,
    y1,
    x2,
    y2,
    thickness: stroked && !filled ? lw : Math.max(y2 - y1, 0.1),
    color:
      (stroked && !filled
        ? (colour(child(e, 'StrokeColor')) ?? param?.stroke)
        : (colour(child(e, 'FillColor')) ?? param?.fill)) ?? '#000000',
  };
  page.rules.push(rule);
}
