// One atomic writer for every Node-side face (it lives with the config loader both the CLI and the server use).
export { writeAtomic as writeFileAtomic } from '@gongwen/lsp/config';

/** One line for stderr: the message without a stack. */
export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0]!;
}

/** Exit code 2 with a one-line reason: usage errors, missing paths, bad config. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
