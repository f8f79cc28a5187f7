import type { GovDocument, SourceFormat } from '../document/types.js';
import { encodeSource, readText, textDocument } from './text.js';

export { textDocument };
import { markdownDocument, readMarkdown } from './markdown.js';
import { DocumentError } from './errors.js';
import { readDocx } from './docx/read.js';
import { readOfd } from './paged/ofd.js';

export function markdownFromText(source: string): GovDocument {
  return markdownDocument(source);
}

/** Which reader a file name calls for; undefined for formats the engine does not read as text. */
export function formatForPath(path: string): SourceFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'markdown';
  if (lower.endsWith('.docx')) return 'docx';
  if (lower.endsWith('.txt') || lower.endsWith('.text')) return 'text';
  if (lower.endsWith('.pdf')) return 'pdf';
  if (lower.endsWith('.ofd')) return 'ofd';
  return undefined;
}

/** Readers registered by other modules (the docx reader). */
const extraReaders = new Map<SourceFormat, (bytes: Uint8Array) => GovDocument>();
export function registerReader(format: SourceFormat, reader: (bytes: Uint8Array) => GovDocument): void {
  extraReaders.set(format, reader);
}
registerReader('docx', readDocx);
registerReader('ofd', readOfd);

export function readDocument(bytes: Uint8Array, format: SourceFormat): GovDocument {
  if (format === 'text') return readText(bytes);
  if (format === 'markdown') return readMarkdown(bytes);
  const reader = extraReaders.get(format);
  if (!reader)
    throw new DocumentError('unsupported-format', `不支持的文件格式：${format} / unsupported format ${format}`);
  return reader(bytes);
}

/** Parses a source string of a text format again (after fixes). */
export function documentFromSource(source: string, format: SourceFormat): GovDocument {
  if (format === 'markdown') return markdownDocument(source);
  if (format === 'text') return textDocument(source);
  throw new DocumentError('unsupported-format', `${format} 不是文本格式 / ${format} is not a text format`);
}

export { readText, encodeSource, readMarkdown, markdownDocument, DocumentError };
