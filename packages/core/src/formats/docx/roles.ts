import type { Block, RunFormat } from '../../document/types.js';
import { ATTACHMENT_LABEL_RE, TITLE_GENRE_RE } from '../../structure/patterns.js';

/** Red (发文机关标志, 分隔线; GB/T 9704-2012 7.2.4, 7.2.7), as measured in practice: R ≥ 0xB0, G ≤ 0x60, B ≤ 0x60. Kept here and in the profile for the rules. */
export function isRedHex(color: string | undefined, red = { minR: 0xb0, maxG: 0x60, maxB: 0x60 }): boolean {
  if (!color || !/^[0-9A-Fa-f]{6}$/.test(color)) return false;
  const n = parseInt(color, 16);
  return n >> 16 >= red.minR && ((n >> 8) & 0xff) <= red.maxG && (n & 0xff) <= red.maxB;
}

/** Runs that carry visible characters. */
export function inkRuns(b: Block, text: string): RunFormat[] {
  return (b.format?.runs ?? []).filter((r) => text.slice(r.start, r.end).trim() !== '');
}

function maxSize(b: Block, text: string): number {
  return Math.max(0, ...inkRuns(b, text).map((r) => r.sizePt ?? 0));
}

function mostlyRed(b: Block, text: string): boolean {
  const runs = inkRuns(b, text);
  if (!runs.length) return false;
  const red = runs.filter((r) => isRedHex(r.color)).reduce((n, r) => n + (r.end - r.start), 0);
  const all = runs.reduce((n, r) => n + (r.end - r.start), 0);
  return red * 2 > all;
}

/**
 * Roles that only layout shows (GB/T 9704-2012 7.2.4, 7.3.1): the red centred 发文机关标志 and a centred large title. Text patterns do the
 * rest in recognizeStructure, which keeps the roles assigned here.
 */
export function preassignRoles(blocks: Block[], text: string, bodyBlocks: number): void {
  const body = blocks.slice(0, bodyBlocks).filter((b) => b.role !== 'blank');
  const tx = (b: Block) => text.slice(b.range[0], b.range[1]).trim();
  let lastMark = -1;
  for (let i = 0; i < Math.min(10, body.length); i++) {
    const b = body[i]!;
    const centred = b.format?.alignment === 'center' || b.format?.container === 'textbox' || b.kind === 'textbox';
    if (
      centred &&
      mostlyRed(b, text) &&
      maxSize(b, text) >= 22 &&
      tx(b).length <= 60 &&
      /\p{Script=Han}.*\p{Script=Han}/u.test(tx(b))
    ) {
      b.role = 'issuer-mark';
      lastMark = i;
    } else if (lastMark >= 0 && i > lastMark + 1) break;
  }
  // Consecutive centred paragraphs of one size: a title wrapped over several lines.
  const groupFrom = (i: number): Block[] => {
    const b = body[i]!;
    const size = maxSize(b, text);
    const group = [b];
    for (let j = i + 1; j < body.length && group.length < 4; j++) {
      const n = body[j]!;
      if (
        n.format?.alignment !== 'center' ||
        mostlyRed(n, text) ||
        maxSize(n, text) !== size ||
        n.index !== group[group.length - 1]!.index + 1
      )
        break;
      group.push(n);
    }
    return group;
  };
  const centred = (b: Block | undefined) =>
    !!b && b.format?.alignment === 'center' && !mostlyRed(b, text) && tx(b).length <= 60 && !/[。；]$/.test(tx(b));
  // A file that is one 附件 on its own: the label `附件2` / `大纲1` on the first line, the 附件 title centred below it.
  const top = body[0];
  if (lastMark < 0 && top && ATTACHMENT_LABEL_RE.test(tx(top))) {
    top.role = 'attachment-label';
    if (centred(body[1])) for (const g of groupFrom(1)) g.role = 'attachment-title';
    return;
  }
  // Title: the first centred, large, non-red paragraph(s) after the 版头 that read like a title (or, with no 版头,
  // the document's first paragraph(s) when centred and large: GB/T 9704-2012 7.3.1, profile ordinary).
  const start = lastMark + 1;
  if (lastMark < 0 && centred(top) && maxSize(top!, text) >= 18 && !/(文件|命令|令|纪要)$/.test(tx(top!))) {
    for (const g of groupFrom(0)) g.role = 'title';
    return;
  }
  for (let i = start; i < Math.min(body.length, start + 8); i++) {
    const b = body[i]!;
    if (b.format?.alignment !== 'center' || mostlyRed(b, text)) continue;
    const size = maxSize(b, text);
    if (size < 18) continue;
    const group = groupFrom(i);
    const joined = group
      .map(tx)
      .join('')
      .replace(/[\s\u3000]+/g, '');
    // Below a 版头 the first large centred paragraph is the title even before its text is filled in.
    if (lastMark >= 0 || TITLE_GENRE_RE.test(joined) || /关于.+的/.test(joined))
      for (const g of group) g.role = 'title';
    break;
  }
}
