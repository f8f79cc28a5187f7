import type { ElementRole, GovDocument } from '../../document/types.js';
import { recognizeStructure } from '../../structure/recognize.js';
import { matchPrintLine } from '../../structure/patterns.js';
import { DocumentError, printable } from '../errors.js';
import { parseDocx } from './read.js';
import { screenXml } from './xml.js';

export interface MarkdownDraft {
  markdown: string;
  /** mammoth's notes on what it could not carry over (unknown styles and the like). */
  warnings: string[];
}

/** Front-matter keys of a Markdown draft for the 版头 and 版记 elements (the Markdown reader's own key names). */
const KEYS: Partial<Record<ElementRole, string>> = {
  'copy-number': '份号',
  secrecy: '密级',
  urgency: '紧急程度',
  'issuer-mark': '发文机关标志',
  'doc-number': '发文字号',
  signer: '签发人',
  title: '标题',
  addressee: '主送',
  signature: '署名',
  date: '成文日期',
  annotation: '附注',
  cc: '抄送',
};

interface MammothNode {
  type: string;
  value?: string;
  children?: MammothNode[];
}

/** The text of a node, depth first without recursion (documents may nest tables thousands deep). */
function plain(n: MammothNode): string {
  let out = '';
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.type === 'text') out += x.value ?? '';
    else if (x.children) for (let i = x.children.length - 1; i >= 0; i--) stack.push(x.children[i]!);
  }
  return out;
}

/**
 * Text compared without any white space: mammoth drops tabs and our reader keeps them, and a 印发 line is typically
 * `机关<tab>日期印发` or padded with spaces.
 */
const squeeze = (s: string) => s.replace(/[\s\u3000]+/g, '');

/**
 * The body without the paragraphs that became front matter, at the top level or in the cells of a top-level table
 * (the 版记 is often one); a table left with no text once they are gone goes too. Nested tables are not entered:
 * the depth stays bounded whatever the document.
 */
function withoutMoved(doc: MammothNode, moved: ReadonlySet<string>): MammothNode {
  const isMoved = (n: MammothNode) => n.type === 'paragraph' && moved.has(squeeze(plain(n)));
  const children: MammothNode[] = [];
  for (const c of doc.children ?? []) {
    if (isMoved(c)) continue;
    if (c.type !== 'table') {
      children.push(c);
      continue;
    }
    let changed = false;
    const rows = (c.children ?? []).map((row) => ({
      ...row,
      children: (row.children ?? []).map((cell) => {
        const kept = (cell.children ?? []).filter((p) => !isMoved(p));
        if (kept.length !== (cell.children ?? []).length) changed = true;
        return { ...cell, children: kept };
      }),
    }));
    if (!changed) children.push(c);
    else if (squeeze(rows.map(plain).join(''))) children.push({ ...c, children: rows });
  }
  return { ...doc, children };
}

/**
 * The 版头 and 版记 elements of a document's first `bodyBlocks` blocks as draft front matter, and the (whitespace-free)
 * texts of the paragraphs that went there, which the body then leaves out.
 */
export function draftFrontMatter(
  doc: GovDocument,
  bodyBlocks: number,
): { front: Record<string, string | string[]>; moved: Set<string> } {
  const structure = recognizeStructure(doc);
  const front: Record<string, string | string[]> = {};
  const moved = new Set<string>();
  const text = (i: number) => doc.text.slice(doc.blocks[i]!.range[0], doc.blocks[i]!.range[1]).trim();
  for (const b of doc.blocks.slice(0, bodyBlocks)) {
    if (!b.role) continue;
    const t = text(b.index);
    if (!t) continue;
    if (b.role === 'print-line') {
      const m = matchPrintLine(t);
      if (m) {
        front.印发机关 = m.issuer.trim();
        front.印发日期 = m.date.trim();
        moved.add(squeeze(t));
      }
      continue;
    }
    const key = KEYS[b.role];
    if (!key) continue;
    let value = t;
    if (b.role === 'addressee') value = t.replace(/[：:]$/, '');
    if (b.role === 'cc') value = t.replace(/^抄送[：:]\s*/, '');
    // An empty field of a template (抄送：with nothing after it) stays where it is.
    if (!value.trim()) continue;
    const prev = front[key];
    front[key] =
      prev === undefined
        ? value
        : b.role === 'title' || b.role === 'issuer-mark'
          ? `${prev}${value}`
          : ([] as string[]).concat(prev, value);
    moved.add(squeeze(t));
  }
  if (!front.标题 && structure.title) front.标题 = structure.title;
  return { front, moved };
}

/**
 * A .docx as a Markdown draft for editing: 版头 and 版记 elements go to YAML front matter, the body is converted by
 * mammoth (tables, emphasis, lists). The package is opened by the project's own reader first, so its size limits and
 * XML checks apply before mammoth sees it.
 */
export async function docxToMarkdown(bytes: Uint8Array): Promise<MarkdownDraft> {
  const parsed = parseDocx(bytes);
  // mammoth reads parts the reader does not (footnotes, endnotes, comments): they pass the same checks first.
  for (const [name, data] of parsed.parts) {
    if (!parsed.xml.has(name) && /\.(xml|rels)$/i.test(name)) screenXml(data, name);
  }
  const doc = parsed.doc;
  const { front, moved } = draftFrontMatter(
    doc,
    (doc.extra?.docx as { bodyBlocks: number } | undefined)?.bodyBlocks ?? doc.blocks.length,
  );
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // mammoth is loaded only when a document is converted.
  const { default: mammoth } = await import('mammoth');
  const convert = (
    mammoth as unknown as {
      convertToMarkdown(
        input: { buffer: Buffer },
        options: { transformDocument: (d: MammothNode) => MammothNode },
      ): Promise<{ value: string; messages: Array<{ message: string }> }>;
    }
  ).convertToMarkdown;
  let result: Awaited<ReturnType<typeof convert>>;
  try {
    result = await convert(
      { buffer },
      {
        // Paragraphs that became front matter are not repeated in the body.
        transformDocument: (d) => withoutMoved(d, moved),
      },
    );
  } catch (e) {
    // The package passed the reader, so what mammoth still refuses is the file's content, not a bug of ours.
    throw new DocumentError(
      'convert-failed',
      `无法转换为 Markdown：${printable((e as Error)?.message ?? String(e), 160)} / the document could not be converted`,
    );
  }
  const { stringify } = await import('yaml');
  const yaml = Object.keys(front).length ? `---\n${stringify(front, { lineWidth: 0 })}---\n\n` : '';
  // mammoth escapes every “1.” at a line start, but without a following space Markdown reads no list there, and the
  // 层次序数 “1.健全……” must stay as typed.
  const body = result.value
    .replace(/^(\d+)\\\.(?=\S)/gm, '$1.')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { markdown: `${yaml}${body}\n`, warnings: result.messages.map((m) => m.message) };
}
