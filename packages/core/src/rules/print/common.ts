import type { Block, GovDocument, Range } from '../../document/types.js';
import type { PagedLayoutInfo, PagedLine } from '../../formats/paged/types.js';
import type { Profile, RuleContext } from '../../engine/types.js';
import { blockRange, fontGroupOf } from '../layout/common.js';

/** Points per millimetre: the page model of PDF and OFD is in points. */
export const PT_PER_MM = 72 / 25.4;
export const mmOf = (pt: number) => Math.round((pt / PT_PER_MM) * 10) / 10;

export function pagedInfo(doc: GovDocument): PagedLayoutInfo | undefined {
  const p = doc.extra?.paged as PagedLayoutInfo | undefined;
  return p && Array.isArray(p.pages) && Array.isArray(p.lines) ? p : undefined;
}

export interface PrintContext {
  doc: GovDocument;
  info: PagedLayoutInfo;
  lp: Profile;
  /** Body lines (not headers, footers, page numbers), in reading order. */
  body: PagedLine[];
}

/**
 * What every printed-geometry rule starts from; undefined for a document that is not a PDF or OFD, or that is no 公文
 * (an archive also holds invoices, certificates and books: GB/T 9704 says nothing about their pages). A 公文 shows a
 * 发文机关标志 or a 发文字号, or a title naming a 文种.
 */
export function printContext(ctx: RuleContext): PrintContext | undefined {
  const doc = ctx.document;
  if (doc.format !== 'pdf' && doc.format !== 'ofd') return undefined;
  const s = ctx.structure;
  if (!s.byRole('issuer-mark').length && !s.byRole('doc-number').length && !(s.genre && s.byRole('title').length))
    return undefined;
  const info = pagedInfo(doc);
  if (!info) return undefined;
  const body = info.lines.filter((l) => doc.blocks[l.block]?.kind === 'paragraph');
  return { doc, info, lp: ctx.profile, body };
}

/** Where a finding about page `page` (0-based) points: its first body line, else the document's start. */
export function pageAnchor(pc: PrintContext, page: number): Range {
  const l = pc.body.find((x) => x.page === page) ?? pc.info.lines.find((x) => x.page === page);
  if (l) return [l.start, Math.max(l.start, l.end)];
  const b = pc.doc.blocks[0];
  return b ? blockRange(pc.doc, b) : [0, 0];
}

/** The body font size: the size most body lines are printed in. */
export function bodySize(pc: PrintContext): number | undefined {
  const counts = new Map<number, number>();
  for (const l of pc.body) counts.set(l.size, (counts.get(l.size) ?? 0) + 1);
  let best: number | undefined;
  let n = 0;
  for (const [s, c] of counts) if (c > n) [best, n] = [s, c];
  return best;
}

/** Lines of a block. */
export function linesOf(pc: PrintContext, b: Block): PagedLine[] {
  return pc.info.lines.filter((l) => l.block === b.index);
}

/** Characters a line holds, counting a half-width character as half (GB/T 9704 counts 3号 characters per line). */
export function lineChars(text: string, halfWidth = 0.5): number {
  let n = 0;
  for (const c of text) {
    if (!c.trim()) continue;
    n += c.charCodeAt(0) < 0x2e80 && !/[\u2014\u2026\u201c\u201d\u2018\u2019]/.test(c) ? halfWidth : 1;
  }
  return n;
}

/** PostScript names of the GB fonts as PDFs embed them (方正 and Windows faces), by the profile's font group. */
const POSTSCRIPT: Array<[RegExp, string]> = [
  [/^FZXBS|^FZXiaoBiaoSong/i, 'XBS'],
  [/^FZFS|^FangSong|^FZFangSong|^STFangsong/i, 'FANGSONG'],
  [/^FZHT|^SimHei|^FZHei/i, 'HEITI'],
  [/^FZKT|^KaiTi|^FZKai|^STKaiti/i, 'KAITI'],
  [/^SimSun|^NSimSun|^FZSS|^FZShuSong|^STSong/i, 'SONG'],
];

/**
 * The profile's font group of a font as a PDF or OFD names it: the names Word writes (仿宋_GB2312), then the name without
 * a style suffix (`,Bold`, `-Regular`) or a trailing 体 (小标宋体), then the PostScript names the 方正 and Windows fonts
 * embed under (FZXBSJW--GB1-0, FangSong_GB2312).
 */
export function printedFontGroup(lp: Profile, font: string): { group: string; substitute: boolean } | undefined {
  const direct = fontGroupOf(lp, font);
  if (direct) return direct;
  const bare = font.replace(/[,-](Bold|Regular|Italic|BoldItalic|Light|Medium)$/i, '').replace(/体$/, '');
  const again = bare !== font ? fontGroupOf(lp, bare) : undefined;
  if (again) return again;
  for (const [re, group] of POSTSCRIPT) if (re.test(font)) return { group, substitute: false };
  return undefined;
}
