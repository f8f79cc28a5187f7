// LibreOffice's headless converter as the tests and benchmarks run it: one soffice process for many files, a
// throwaway profile directory (an instance started with the user's profile waits on any other one running), and the
// output files — not soffice's exit status, which is 0 even when it converted nothing — taken as the result.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

/** Whether a command is on the PATH. */
export function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/**
 * Converts `files` into `outDir` with one soffice run; `to` is soffice's `--convert-to` argument (a format, or
 * format:filter:options). Returns each input's output path (same stem, extension `ext`); throws when one is missing.
 */
export function sofficeConvert(files, { outDir, to = 'pdf', ext = '.pdf', timeout = 300_000, env = process.env }) {
  mkdirSync(outDir, { recursive: true });
  const profile = mkdtempSync(join(outDir, 'lo-profile-'));
  try {
    spawnSync(
      'soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=file://${profile}`,
        '--convert-to',
        to,
        '--outdir',
        outDir,
        ...files,
      ],
      { timeout, env },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return files.map((f) => {
    const out = join(outDir, basename(f, extname(f)) + ext);
    if (!existsSync(out)) throw new Error(`soffice produced no ${ext} for ${f}`);
    return out;
  });
}
