// C0/C1 controls, DEL and the bidirectional overrides: a name or message taken from a file must not drive a terminal
// (clear the screen, set its title, reorder what is shown) when it is printed.
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
