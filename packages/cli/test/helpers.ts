import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const bin = join(repoRoot, 'packages/cli/bin/gongwen.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process. */
export function gongwen(
  args: string[],
  opts: { cwd?: string; input?: string | Buffer; env?: Record<string, string>; uid?: number } = {},
): Run {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    timeout: 120_000,
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'gongwen-test-'): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The CLI as a child process run asynchronously (a fake model server in this process must answer it meanwhile), with
 * any model settings of the caller's environment left out.
 */
export function gongwenAsync(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  onSpawn?: (pid: number) => void,
): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GONGWEN_LLM_|OPENAI_)/.test(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...base, NO_COLOR: '1', ...env } });
    if (child.pid) onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The environment pointing the CLI at a fake model server on loopback, its caches inside `dir`. */
export function fakeModelEnv(url: string, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    XDG_CACHE_HOME: join(dir, 'cache'),
    HOME: dir,
    GONGWEN_LLM_BASE_URL: url,
    GONGWEN_LLM_MODEL: 'fake-qwen',
    GONGWEN_LLM_RETRY_BASE_MS: '5',
    ...extra,
  };
}
