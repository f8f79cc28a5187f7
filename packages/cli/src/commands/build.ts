import { basename } from 'node:path';
import { ProfileError, formatStylish } from '@gongwen/core';
import { Gongwen, UsageError, displayPath, oneLine, type BuildResult } from '@gongwen/node';
import type { Io } from '../io.js';

export interface BuildOptions {
  output?: string;
  force?: boolean;
  config?: string;
  quiet?: boolean;
}

/** `gongwen build draft.md`: check the draft, then write the GB/T 9704 .docx. */
export async function runBuild(draft: string, opts: BuildOptions, io: Io): Promise<number> {
  const gongwen = new Gongwen({ cwd: io.cwd, ...(opts.config ? { configFile: opts.config } : {}) });
  let r: BuildResult;
  try {
    r = await gongwen.buildDocx(draft, {
      ...(opts.output ? { output: opts.output } : {}),
      ...(opts.force ? { force: true } : {}),
    });
  } catch (e) {
    if (e instanceof ProfileError) throw new UsageError(e.message);
    throw e;
  }
  const shown = displayPath(r.result.path, io.cwd);
  if (r.result.error) {
    io.stderr.write(`gongwen: ${shown}: ${oneLine(r.result.error.message)}\n`);
    return 2;
  }
  const diagnostics = r.result.diagnostics.filter((d) => !opts.quiet || d.severity === 'error');
  if (diagnostics.length) io.stderr.write(formatStylish([{ ...r.result, path: shown, diagnostics }], { color: false }));
  if (!r.built) {
    io.stderr.write(
      `gongwen: 草稿有 ${r.errors} 个错误，未生成 ${basename(r.output)}；修正后重试，或加 --force 强制生成 / the draft has errors; fix them or use --force\n`,
    );
    return 1;
  }
  for (const w of r.built.warnings) io.stderr.write(`gongwen: ${shown}: ${w}\n`);
  io.stdout.write(`已生成 ${displayPath(r.output, io.cwd)}（约 ${r.built.pages} 页） / written\n`);
  return 0;
}
