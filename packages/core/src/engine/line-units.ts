import type { Block, ElementRole, GovDocument, Range, SourceMap } from '../document/types.js';
import type { DocumentStructure } from '../structure/types.js';
import type { Config } from './config.js';

/**
 * The document cut at its line breaks, for rules that declare `locality: 'line'`: each line as a document of its
 * own, carrying the parts of the blocks and protected ranges that fall on it. Findings of such a rule on the whole
 * document are the findings on each line, shifted by the line's start.
 */
export interface LineUnit {
  /** Offsets of the line in the whole text (`end` is the line break or the end of the text). */
  start: number;
  end: number;
  /** Identity of everything a line-local rule may read of the line: equal keys give equal findings. */
  key: string;
  /** The line as a document and its structure (built on demand). */
  unit(): { document: GovDocument; structure: DocumentStructure };
}

const NO_MAP: SourceMap = { position: () => ({ line: 1, column: 1 }), lineText: () => '' };

/**
 * Whether a document can be checked line by line at all: blocks must not overlap and no configured term may span a
 * line break (terms are looked up in the text a rule sees).
 */
export function lineSplittable(doc: GovDocument, config: Pick<Config, 'terms'>): boolean {
  if (config.terms.some((t) => t.includes('\n'))) return false;
  const sorted = sortedBlocks(doc);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.range[0] < sorted[i - 1]!.range[1]) return false;
  return true;
}

/** What a line-local rule may read of the whole document's structure besides its line (part of every cache key). */
export function lineScopeKey(structure: DocumentStructure): string {
  return `${structure.genre ?? ''}\u0001${structure.direction ?? ''}`;
}

/**
 * The string as its own copy. Engines keep a substring as a view of its parent; concatenating forces a fresh flat
 * string, and the substring of that no longer refers to the parent.
 */
function detach(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

function sortedBlocks(doc: GovDocument): Block[] {
  return doc.blocks.filter((b) => b.range[1] > b.range[0]).sort((a, b) => a.range[0] - b.range[0]);
}

function lineStructure(blocks: Block[], whole: DocumentStructure): DocumentStructure {
  return {
    titleBlocks: blocks.filter((b) => b.role === 'title'),
    ...(whole.genre ? { genre: whole.genre } : {}),
    ...(whole.direction ? { direction: whole.direction } : {}),
    byRole: (role: ElementRole) => blocks.filter((b) => b.role === role),
    blocks,
  };
}

/** Every line of the document in order (see LineUnit); the caller checks `lineSplittable` first. */
export function* lineUnits(doc: GovDocument, structure: DocumentStructure): Generator<LineUnit> {
  const text = doc.text;
  const sorted = sortedBlocks(doc);
  const prot = doc.protectedRanges;
  let bi = 0;
  let pi = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    while (bi < sorted.length && sorted[bi]!.range[1] <= start) bi++;
    while (pi < prot.length && prot[pi]![1] <= start) pi++;
    // Most lines are served from a cache by their key alone: the line's blocks and spans are built on demand.
    let sig = '';
    for (let k = bi; k < sorted.length && sorted[k]!.range[0] < end; k++) {
      const b = sorted[k]!;
      if (b.range[1] <= start) continue;
      sig += `${Math.max(b.range[0], start) - start},${Math.min(b.range[1], end) - start},${b.kind},${b.role ?? ''},${b.level ?? ''};`;
    }
    for (let k = pi; k < prot.length && prot[k]![0] < end; k++) {
      const r = prot[k]!;
      sig += `p${Math.max(r[0], start) - start},${Math.min(r[1], end) - start};`;
    }
    const line = text.slice(start, end);
    const lineStart = start;
    const lineEnd = end;
    const firstBlock = bi;
    const firstSpan = pi;
    yield {
      start,
      end,
      key: `${line}\u0001${sig}`,
      unit: () => {
        const blocks: Block[] = [];
        for (let k = firstBlock; k < sorted.length && sorted[k]!.range[0] < lineEnd; k++) {
          const b = sorted[k]!;
          if (b.range[1] <= lineStart) continue;
          const range: Range = [Math.max(b.range[0], lineStart) - lineStart, Math.min(b.range[1], lineEnd) - lineStart];
          blocks.push({
            index: blocks.length,
            kind: b.kind,
            range,
            ...(b.role ? { role: b.role } : {}),
            ...(b.level ? { level: b.level } : {}),
          });
        }
        const protectedRanges: Range[] = [];
        for (let k = firstSpan; k < prot.length && prot[k]![0] < lineEnd; k++) {
          const r = prot[k]!;
          protectedRanges.push([Math.max(r[0], lineStart) - lineStart, Math.min(r[1], lineEnd) - lineStart]);
        }
        // A copy, not a slice: a slice keeps the whole text alive for as long as anything made from it is kept
        // (findings in a cache), and a cache outlives many versions of a document.
        const own = detach(line);
        const document: GovDocument = {
          format: doc.format,
          text: own,
          source: own,
          blocks,
          sourceMap: NO_MAP,
          protectedRanges,
        };
        return { document, structure: lineStructure(blocks, structure) };
      },
    };
    if (end === text.length) return;
    start = end + 1;
  }
}
