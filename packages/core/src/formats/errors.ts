// C0/C1 controls, DEL and the bidirectional overrides: a name or message taken from a file must not drive a terminal
// (clear the screen, set its title, reorder what is shown) when it is printed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const MAX_MESSAGE = 600;

/**
 * A string from a file (zip entry name, tag name, YAML message, file name) made safe to print: controls become `?`,
 * and it is cut to `max` characters so that binary garbage cannot fill a message.
 */
export function printable(s: string, max = 200): string {
  const clean = s.replace(UNSAFE, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A reader or writer failure that the faces show as one clear line (Chinese, then English). */
export class DocumentError extends Error {
  constructor(
    /** Stable machine code, e.g. `binary-file`, `encoding`, `not-a-zip`, `corrupt-xml`. */
    readonly code: string,
    message: string,
  ) {
    // Messages quote names and parser output from the file: never let those reach a terminal raw.
    super(printable(message.replace(/\s*[\r\n]+\s*/g, ' '), MAX_MESSAGE));
    this.name = 'DocumentError';
  }
}

/**
 * Every code a DocumentError may carry, with what it means. A file that cannot be checked gets one of these in its
 * result (JSON `error.code`); anything else that escapes a reader is a bug.
 */
export const DOCUMENT_ERROR_CODES: Readonly<Record<string, string>> = {
  empty: 'the file is empty',
  'binary-file': 'binary data, not text',
  encoding: 'text in no supported encoding (UTF-8, UTF-16, GB18030/GBK)',
  'encoding-roundtrip': 'fixed text cannot be written back byte for byte in the file’s own encoding',
  'front-matter': 'invalid, too large or too deeply nested YAML front matter',
  'unsupported-format': 'a format no reader handles',
  'not-a-zip': 'a .docx that is not a zip archive',
  html: 'an HTML or Word web file named .docx',
  rtf: 'an RTF file named .docx',
  'legacy-format': 'a binary .doc/.wps file',
  encrypted: 'a password-protected document or part',
  'corrupt-zip': 'a damaged or truncated package (bad headers, CRC-32 mismatch, short part)',
  'unsupported-zip': 'ZIP64 or a compression method other than stored/deflate',
  'zip-bomb': 'overlapping entries, a part that inflates past its declared size, or too much data in total',
  'part-too-large': 'one part over the size limit',
  'too-many-parts': 'more entries than the limit',
  'corrupt-xml': 'an empty or not well-formed XML part (with its name and line)',
  'xml-doctype': 'a DOCTYPE or entity declaration in a part',
  'xml-too-deep': 'XML nested deeper than the limit',
  'too-many-elements': 'more XML elements than the limit',
  'too-many-paragraphs': 'more paragraphs than the limit',
  'no-document-part': 'a zip without word/document.xml',
  'no-body': 'a document part without w:body',
  'no-content-types': 'a package without [Content_Types].xml',
  'not-a-pdf': 'a .pdf without a PDF header',
  'corrupt-pdf': 'a damaged or truncated PDF that pdf.js cannot read',
  'too-many-pages': 'a PDF or OFD with more pages than the limit',
  'too-many-objects': 'a PDF declaring more objects, or drawing more operators, than the limit',
  'no-text-layer': 'a PDF or OFD with no text at all (scanned or image-only): OCR it first',
  'not-an-ofd': 'an .ofd that is not an OFD package (no OFD.xml entry point)',
  'corrupt-ofd': 'an OFD whose entry point, document or page parts are missing or broken',
  'convert-failed': 'the Markdown converter could not read the document',
  // Set around the engine by the Node layer (files, folders, writes).
  'not-a-file': 'a path that is not a regular file',
  'too-large': 'a file or standard input over the size limit',
  unreadable: 'a file that cannot be read (permissions, I/O)',
  'legacy-convert-failed': 'LibreOffice could not convert a .doc/.wps file',
  'write-failed':
    'a fixed file or a reviewed copy could not be written (read-only, permission, full disk); the original is intact',
  'out-of-memory':
    'checking the file needed more memory than the limit (a pathological text); the other files are still checked',
  'internal-error': 'a bug of gongwen met on this file; the other files are still checked',
};
