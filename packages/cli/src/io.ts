/** Where a command reads and writes: the process's by default, a test's buffers otherwise. */
export interface Io {
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
}

/** Sets the exit code of the command that ran. */
export type SetExit = (code: number) => void;

/** Columns of the terminal the report goes to (or $COLUMNS when it goes elsewhere): long messages wrap to it. */
export function terminalWidth(out: Io['stdout']): number | undefined {
  if (out.isTTY && out.columns) return out.columns;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : undefined;
}
