import type {
  Block,
  BorderInfo,
  DocxLayoutInfo,
  DocxSection,
  GovDocument,
  Range,
  RunFormat,
} from '../../document/types.js';
import type { Profile, RuleContext } from '../../engine/types.js';
import type { DocumentStructure } from '../../structure/types.js';

export const TWIPS_PER_MM = 1440 / 25.4;
export const EMU_PER_MM = 36000;

export function docxInfo(doc: GovDocument): DocxLayoutInfo | undefined {
  const d = doc.extra?.docx as DocxLayoutInfo | undefined;
  return d && Array.isArray(d.sections) ? d : undefined;
}

export interface LayoutContext {
  doc: GovDocument;
  info: DocxLayoutInfo;
  lp: Profile;
  /** The GB/T 9704 format the document follows, worked out when a rule first asks. */
  readonly kind: SpecialFormat;
}

/** What every layout rule starts from; undefined for a document that is not a .docx. */
export function layoutContext(ctx: RuleContext): LayoutContext | undefined {
  const doc = ctx.document;
  const info = docxInfo(doc);
  if (!info) return undefined;
  const lp = ctx.profile;
  let kind: SpecialFormat | undefined;
  return {
    doc,
    info,
    lp,
    get kind() {
      return (kind ??= documentFormat(doc, ctx.structure, lp));
    },
  };
}

export const GROUP_NAMES: Record<string, string> = {
  FANGSONG: '仿宋',
  HEITI: '黑体',
  KAITI: '楷体',
  XBS: '小标宋',
  SONG: '宋体',
};

const SIZE_NAMES: Array<[number, string]> = [
  [42, '初号'],
  [36, '小初'],
  [26, '一号'],
  [24, '小一'],
  [22, '二号'],
  [18, '小二'],
  [16, '三号'],
  [15, '小三'],
  [14, '四号'],
  [12, '小四'],
  [10.5, '五号'],
  [9, '小五'],
  [7.5, '六号'],
  [6.5, '小六'],
  [5.5, '七号'],
  [5, '八号'],
];

/** 16 → “三号（16 磅）”. */
export function sizeName(pt: number): string {
  const hit = SIZE_NAMES.find(([v]) => Math.abs(v - pt) < 0.01);
  return hit ? `${hit[1]}（${pt} 磅）` : `${pt} 磅`;
}

function norm(name: string): string {
  return name.toLowerCase().replace(/[\s_]+/g, '');
}

type FontGroup = { group: string; substitute: boolean } | undefined;

/** Answers of fontGroupOf per profile: a document names a handful of fonts, asked about for every run by several rules. */
const FONT_GROUPS = new WeakMap<Profile, Map<string, FontGroup>>();

/** Which alias group a font name belongs to (the profile's fonts.groups), and whether only as a substitute. */
export function fontGroupOf(lp: Profile, font: string | undefined): FontGroup {
  if (!font) return undefined;
  let known = FONT_GROUPS.get(lp);
  if (!known) FONT_GROUPS.set(lp, (known = new Map()));
  // A hit is the same object each time; no caller changes it.
  if (known.has(font)) return known.get(font);
  const group = lookUpFontGroup(lp, font);
  if (known.size < 1024) known.set(font, group);
  return group;
}

function lookUpFontGroup(lp: Profile, font: string | undefined): FontGroup {
  if (!font) return undefined;
  // A list of alternatives (`宋体;SimSun`, written by converters) names its face first.
  if (/[;,]/.test(font))
    return lookUpFontGroup(
      lp,
      font
        .split(/[;,]/)
        .map((x) => x.trim())
        .find((x) => x !== ''),
    );
  const n = norm(font);
  for (const [g, names] of Object.entries(lp.fonts.groups))
    if (names.some((x) => norm(x) === n)) return { group: g, substitute: false };
  for (const [g, names] of Object.entries(lp.fonts.substitutes ?? {}))
    if (names.some((x) => norm(x) === n)) return { group: g, substitute: true };
  return undefined;
}

export function hexChannels(hex: string): [number, number, number] | undefined {
  if (!/^[0-9A-Fa-f]{6}$/.test(hex)) return undefined;
  const n = parseInt(hex, 16);
  return [n >> 16, (n >> 8) & 0xff, n & 0xff];
}

export function isRed(lp: Profile, color: string | undefined): boolean {
  const c = color ? hexChannels(color) : undefined;
  return !!c && c[0] >= lp.colors.red.minR && c[1] <= lp.colors.red.maxG && c[2] <= lp.colors.red.maxB;
}

export function isBlack(lp: Profile, color: string | undefined): boolean {
  if (!color || color === 'auto') return true;
  const c = hexChannels(color);
  return !!c && c.every((v) => v <= lp.colors.blackMaxChannel);
}

/** Runs with visible characters (whitespace-only runs carry no ink). */
export function inkRuns(doc: GovDocument, b: Block): RunFormat[] {
  return (b.format?.runs ?? []).filter((r) => doc.text.slice(r.start, r.end).trim() !== '');
}

export function blockText(doc: GovDocument, b: Block): string {
  return doc.text.slice(b.range[0], b.range[1]);
}

/** The text range of a block without leading/trailing whitespace (where a finding about the block points). */
export function blockRange(doc: GovDocument, b: Block): Range {
  const t = blockText(doc, b);
  const lead = t.length - t.trimStart().length;
  const trail = t.length - t.trimEnd().length;
  const s = b.range[0] + lead;
  const e = Math.max(s, b.range[1] - trail);
  return [s, e];
}

/** Body blocks (not headers/footers) that are not blank. */
export function bodyBlocks(doc: GovDocument, info: DocxLayoutInfo): Block[] {
  return doc.blocks.slice(0, info.bodyBlocks).filter((b) => b.role !== 'blank');
}

/** Where a finding about a whole section points: its first non-blank paragraph, else the document start. */
export function sectionAnchor(doc: GovDocument, sec: DocxSection): Range {
  for (let i = sec.firstBlock; i <= sec.lastBlock; i++) {
    const b = doc.blocks[i];
    if (b && b.role !== 'blank') return blockRange(doc, b);
  }
  const first = doc.blocks.find((b) => b.role !== 'blank');
  return first ? blockRange(doc, first) : [0, 0];
}

export function firstAnchor(doc: GovDocument): Range {
  const first = doc.blocks.find((b) => b.role !== 'blank');
  return first ? blockRange(doc, first) : [0, 0];
}

export type SpecialFormat = 'formal' | 'letter' | 'order' | 'minutes' | 'telegram' | 'ordinary';

/**
 * The GB/T 9704 format a document follows: the general 公文 with a 版头, or a special format of §10 (信函 when the mark
 * is the organ's name alone and the document is a 函 or carries the red 170 mm double lines). 电报 (…发电) follow other
 * rules and are left alone.
 */
export function documentFormat(doc: GovDocument, structure: DocumentStructure, lp?: Profile): SpecialFormat {
  const marks = structure.byRole('issuer-mark');
  if (!marks.length) return 'ordinary';
  const mark = marks.map((b) => blockText(doc, b).replace(/[\s\u3000]+/g, '')).join('');
  if (/(命令|令)$/.test(mark)) return 'order';
  if (/纪要$/.test(mark)) return 'minutes';
  if (/发电$/.test(mark)) return 'telegram';
  if (/(文件|公告|通告|公报)$/.test(mark)) return 'formal';
  if (structure.genre === '函') return 'letter';
  const len = lp?.formats.letter?.doubleLineLengthMm ?? 170;
  const info = docxInfo(doc);
  const top = info ? doc.blocks.slice(0, Math.min(info.bodyBlocks, marks[marks.length - 1]!.index + 8)) : [];
  const doubleRed = top
    .flatMap((b) => b.format?.lines ?? [])
    .filter(
      (l) =>
        (lp ? isRed(lp, l.color) : /^FF0000$/i.test(l.color ?? '')) &&
        l.lengthEmu !== undefined &&
        Math.abs(l.lengthEmu / EMU_PER_MM - len) <= 2,
    );
  if (
    doubleRed.length >= 2 ||
    top.some((b) => /^(thickThin|thinThick|double)/.test(b.format?.borders?.bottom?.val ?? ''))
  )
    return 'letter';
  return 'formal';
}

/** A template field such as `{{BODY}}` that a program fills in later: nothing to check yet. */
export function isPlaceholder(doc: GovDocument, b: Block): boolean {
  // `{{BODY}}`, and the bracketed prompts of Word templates: `[此处输入正文内容]`, `[此处输入主送机关]：`.
  return /^[\s\u3000]*(\{\{[^{}]*\}\}|[[［【][^\]］】]*[\]］】][：:]?)[\s\u3000]*$/.test(blockText(doc, b));
}

/** A paragraph that is only the red star some 版头 put on the separator (党委 practice, accepted). */
export function isSeparatorStar(doc: GovDocument, b: Block): boolean {
  return /^[\s\u3000]*[★☆]+[\s\u3000]*$/.test(blockText(doc, b));
}

/** The profile element spec for a block's role. */
export function elementKey(b: Block): string | undefined {
  switch (b.role) {
    case 'copy-number':
      return 'copyNumber';
    case 'secrecy':
      return 'secrecy';
    case 'urgency':
      return 'urgency';
    case 'issuer-mark':
      return 'issuerMark';
    case 'doc-number':
      return 'docNumber';
    case 'title':
      return 'title';
    case 'addressee':
      return 'addressee';
    case 'body':
    case 'closing':
      return 'body';
    case 'heading':
      return b.level ? `heading${b.level}` : 'body';
    case 'attachment-note':
      return 'attachmentNote';
    case 'signature':
      return 'signature';
    case 'date':
      return 'date';
    case 'annotation':
      return 'annotation';
    case 'attachment-label':
      return 'attachmentLabel';
    case 'attachment-title':
      return 'attachmentTitle';
    case 'cc':
    case 'print-line':
    case 'main-recipients-end':
      return 'recordEntries';
    case 'page-number':
      return 'pageNumber';
    default:
      return undefined;
  }
}

/** Span of a set of runs as one range. */
export function spanOf(runs: RunFormat[]): Range {
  return [Math.min(...runs.map((r) => r.start)), Math.max(...runs.map((r) => r.end))];
}

export type Ctx = RuleContext;

/**
 * The effective header or footer references of each section (type → part): a section without its own references
 * inherits the previous section's.
 */
export function effectiveRefs(info: DocxLayoutInfo, kind: 'headers' | 'footers'): Array<Map<string, string>> {
  const out: Array<Map<string, string>> = [];
  let prev = new Map<string, string>();
  for (const sec of info.sections) {
    const m = new Map(prev);
    for (const f of sec[kind]) m.set(f.type, f.part);
    out.push(m);
    prev = m;
  }
  return out;
}

/** A border that draws something (val none/nil draws nothing). */
export function visibleBorder(b: BorderInfo | undefined): b is BorderInfo {
  return !!b && b.val !== 'none' && b.val !== 'nil';
}

/** Header/footer blocks of one part. */
export function partBlocks(doc: GovDocument, part: string): Block[] {
  return doc.blocks.filter((b) => (b.kind === 'footer' || b.kind === 'header') && b.source?.part === part);
}

export interface FoundLine {
  block: Block;
  color?: string;
  how: string;
  lengthEmu?: number;
  paragraphWidth?: boolean;
}

/** Lines at or just after a block: paragraph borders, drawn shapes, table borders: the ways Word users draw the GB/T 9704-2012 7.2.7 separator. */
export function linesNear(blocks: Block[], from: number, to: number): FoundLine[] {
  const out: FoundLine[] = [];
  for (const b of blocks) {
    if (b.index < from || b.index > to) continue;
    const f = b.format ?? {};
    for (const side of ['bottom', 'top'] as const) {
      const bd = f.borders?.[side];
      if (visibleBorder(bd))
        out.push({
          block: b,
          ...(bd.color ? { color: bd.color } : {}),
          how: `段落${side === 'top' ? '上' : '下'}框线`,
          paragraphWidth: true,
        });
    }
    for (const l of f.lines ?? [])
      out.push({
        block: b,
        ...(l.color ? { color: l.color } : {}),
        how: '线条',
        ...(l.lengthEmu ? { lengthEmu: l.lengthEmu } : {}),
      });
    const tb = f.table?.borders;
    if (tb)
      for (const bd of [tb.top, tb.bottom, tb.insideH])
        if (visibleBorder(bd)) out.push({ block: b, ...(bd.color ? { color: bd.color } : {}), how: '表格框线' });
  }
  return out;
}

/** Twips as millimetres with one decimal, for messages. */
export function mm(twips: number): string {
  return (twips / TWIPS_PER_MM).toFixed(1);
}

export function isLandscape(sec: DocxSection): boolean {
  return sec.orient === 'landscape' || (sec.pageWidth ?? 0) > (sec.pageHeight ?? 0);
}

/** The nearest non-blank body block before (-1) or after (+1) a block. */
function neighbour(doc: GovDocument, b: Block, step: -1 | 1): Block | undefined {
  for (let i = b.index + step; i >= 0 && i < doc.blocks.length; i += step) {
    const n = doc.blocks[i]!;
    if (n.kind === 'header' || n.kind === 'footer') return undefined;
    if (n.role !== 'blank') return n;
  }
  return undefined;
}

/**
 * A paragraph that labels a figure or a table rather than being 正文: `图1 …`/`表2 …`, a short line right above a
 * table (its title), a `注：` right below one. The standard sets no face or indent for these.
 */
export function isCaptionLike(doc: GovDocument, b: Block): boolean {
  const t = blockText(doc, b).trim();
  if (/^(图|表|附图|附表)\s*[0-9０-９一二三四五六七八九十]+/.test(t) && t.length <= 40) return true;
  // A row of figure numbers under pictures (`①    ②    ③`).
  if (/^[①-⑳\s\u3000]+$/.test(t)) return true;
  if (/^注[：:]/.test(t) && neighbour(doc, b, -1)?.kind === 'table-cell') return true;
  return t.length <= 30 && !/[。，；！？：:]/.test(t) && neighbour(doc, b, 1)?.kind === 'table-cell';
}

/**
 * A short line without sentence marks set wholly in a heading face (黑体, 楷体) other than the one the body text
 * around it uses (`bodyGroup`): a heading without a number.
 */
export function isUnnumberedHeading(lp: Profile, doc: GovDocument, b: Block, bodyGroup: string | undefined): boolean {
  const t = blockText(doc, b).trim();
  if (t.length > 20 || /[。，；！？：:]/.test(t)) return false;
  const runs = inkRuns(doc, b).filter((r) => r.slot === 'eastAsia');
  const groups = new Set(runs.map((r) => fontGroupOf(lp, r.font)?.group ?? ''));
  return groups.size === 1 && ['HEITI', 'KAITI'].includes([...groups][0]!) && !groups.has(bodyGroup ?? '');
}

/** The face group most body characters are set in. */
export function mainBodyGroup(lp: Profile, doc: GovDocument): string | undefined {
  const count = new Map<string, number>();
  for (const b of doc.blocks) {
    if (b.role !== 'body') continue;
    for (const r of inkRuns(doc, b)) {
      const g = r.slot === 'eastAsia' ? fontGroupOf(lp, r.font)?.group : undefined;
      if (g) count.set(g, (count.get(g) ?? 0) + r.end - r.start);
    }
  }
  return [...count].sort((x, y) => y[1] - x[1])[0]?.[0];
}

/** The end of a run-in label (`说明：`, `注意事项：`) that leads a paragraph, or -1. */
export function runInLabelEnd(doc: GovDocument, b: Block): number {
  const m = /^[\s\u3000]*\p{Script=Han}{1,6}[：:](?=[\s\u3000]*\S)/u.exec(blockText(doc, b));
  return m ? b.range[0] + m[0].length : -1;
}
