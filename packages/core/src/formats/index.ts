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
  // The extension alone is lower-cased: an archive run asks for each of its files, and a whole path of Chinese
  // names lower-cased is a new string of its length each time.
  const dot = path.lastIndexOf('.');
  if (dot < 0) return undefined;
  switch (path.slice(dot + 1).toLowerCase()) {
    case 'md':
    case 'markdown':
      return 'markdown';
    case 'docx':
      return 'docx';
    case 'txt':
    case 'text':
      return 'text';
    case 'pdf':
      return 'pdf';
    case 'ofd':
      return 'ofd';
    default:
      return undefined;
  }
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
