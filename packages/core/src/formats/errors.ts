/** A reader or writer failure that the faces show as one clear line (Chinese, then English). */
export class DocumentError extends Error {
  constructor(
    /** Stable machine code, e.g. `binary-file`, `encoding`, `not-a-zip`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}
