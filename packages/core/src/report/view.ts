import type { Block, GovDocument, SourceMap, SourcePosition } from '../document/types.js';
import type { Diagnostic } from '../engine/types.js';

/**
 * What the report formatters read of a document: where offsets fall, the text of a line, the kind of a block.
 * A whole GovDocument is one; so is the small view kept of it once it is checked (see documentView).
 */
export interface ReportDocument {
  sourceMap: SourceMap;
  blocks: ReadonlyArray<Pick<Block, 'kind'> | undefined>;
}

/**
 * The part of a checked document its report needs, as plain data: the position of each finding's start and end, the
 * text of the lines they start on, and (Word files) the kind of those paragraphs. It crosses a worker boundary and
 * sits in the result cache instead of the document, so a batch holds no document after the file is checked.
 */
export interface DocumentSnapshot {
  positions: Array<[offset: number, position: SourcePosition]>;
  lines: Array<[line: number, text: string]>;
  kinds?: Array<[line: number, kind: Block['kind']]>;
}

export function snapshotDocument(doc: GovDocument, diagnostics: readonly Diagnostic[]): DocumentSnapshot {
  const positions = new Map<number, SourcePosition>();
  const lines = new Map<number, string>();
  const kinds = new Map<number, Block['kind']>();
  for (const d of diagnostics) {
    for (const offset of d.range) {
      if (!positions.has(offset)) positions.set(offset, doc.sourceMap.position(offset));
    }
    const line = positions.get(d.range[0])!.line;
    if (!lines.has(line)) lines.set(line, doc.sourceMap.lineText(line));
    const kind = doc.format === 'docx' ? doc.blocks[line - 1]?.kind : undefined;
    if (kind) kinds.set(line, kind);
  }
  return {
    positions: [...positions],
    lines: [...lines],
    ...(kinds.size ? { kinds: [...kinds] } : {}),
  };
}

/** The formatters' view of a snapshot; offsets and lines it does not hold read as the start and as empty. */
export function documentView(s: DocumentSnapshot): ReportDocument {
  const positions = new Map(s.positions);
  const lines = new Map(s.lines);
  const blocks: Array<Pick<Block, 'kind'> | undefined> = [];
  for (const [line, kind] of s.kinds ?? []) blocks[line - 1] = { kind };
  return {
    sourceMap: {
      position: (offset) => positions.get(offset) ?? { line: 1, column: 1 },
      lineText: (line) => lines.get(line) ?? '',
    },
    blocks,
  };
}
