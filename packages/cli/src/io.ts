/** Where a command reads and writes: the process's by default, a test's buffers otherwise. */
export interface Io {
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/** Sets the exit code of the command that ran. */
export type SetExit = (code: number) => void;
