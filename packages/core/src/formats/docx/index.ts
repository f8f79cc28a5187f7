// The docx reader registers itself in ../index.ts (readDocument), so every face that reads files gets it.
export {
  parseDocx,
  readDocx,
  docxLayout,
  slotOf,
  type ParsedDocx,
  type ParagraphRecord,
  type TextPiece,
} from './read.js';
export { isRedHex } from './roles.js';
export { readZip, writeZip, crc32, unsafeEntryName, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip.js';
export { DEFAULT_XML_LIMITS, type XmlLimits } from './xml.js';
export { docxToMarkdown, type MarkdownDraft } from './markdown-draft.js';
