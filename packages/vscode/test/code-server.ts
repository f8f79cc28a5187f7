import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

// VS Code itself (code-server in Chromium) with the packaged extension installed, for the e2e tests. The client is
// installed outside the project by packages/vscode/test/e2e/install.sh (.ci/run does it).
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const E2E = process.env.GONGWEN_E2E_DIR ?? join(homedir(), '.cache', 'gongwen-e2e');
const CODE_SERVER = join(E2E, 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.GONGWEN_CHROMIUM ?? '/usr/bin/chromium';
export const installed =
  existsSync(CODE_SERVER) && existsSync(join(E2E, 'node_modules', 'playwright-core')) && existsSync(CHROMIUM);
export const ARTIFACTS = join(REPO, 'test-artifacts');

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

let packed: string | undefined;
/** Packages the extension once per test file (npm run package -w gongwen-vscode) and returns the .vsix. */
export function packageVsix(): string {
  if (packed) return packed;
  const pack = spawnSync('npm', ['run', 'package', '-w', 'gongwen-vscode'], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (pack.status !== 0) throw new Error(`npm run package failed: ${pack.stderr}`);
  packed = join(REPO, 'packages', 'vscode', 'dist', 'gongwen.vsix');
  return packed;
}

export interface Session {
  page: Page;
  /** The workspace folder opened. */
  ws: string;
  /** code-server's output so far (for failure messages). */
  log: () => string;
}

/**
 * Installs the .vsix into a fresh code-server, opens a workspace holding `files`, runs `fn` with the page, and tears
 * everything down. `env` reaches the extension host and the language server it starts.
 */
export async function withCodeServer(
  files: Record<string, string>,
  env: Record<string, string>,
  fn: (s: Session) => Promise<void>,
  failureShot: string,
): Promise<void> {
  const vsix = packageVsix();
  const R = mkdtempSync(join(tmpdir(), 'gongwen-vscode-e2e-'));
  const ws = join(R, 'ws');
  mkdirSync(join(R, 'ud', 'User'), { recursive: true });
  mkdirSync(ws);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(ws, name)), { recursive: true });
    writeFileSync(join(ws, name), text);
  }
  writeFileSync(
    join(R, 'ud', 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'workbench.tips.enabled': false,
      'gongwen.debounceMs': 0,
    }),
  );
  const fullEnv = {
    ...process.env,
    XDG_CONFIG_HOME: join(R, 'config'),
    XDG_DATA_HOME: join(R, 'data'),
    XDG_CACHE_HOME: join(R, 'cache'),
    HOME: R,
    ...env,
  };
  const base = ['--user-data-dir', join(R, 'ud'), '--extensions-dir', join(R, 'ext')];
  const inst = spawnSync(CODE_SERVER, [...base, '--install-extension', vsix], { env: fullEnv, encoding: 'utf8' });
  if (inst.status !== 0) throw new Error(`install failed: ${inst.stderr}`);
  const port = await freePort();
  const server = spawn(
    CODE_SERVER,
    [
      ...base,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ws,
    ],
    { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  server.stdout!.on('data', (d) => (log += String(d)));
  server.stderr!.on('data', (d) => (log += String(d)));
  const { chromium } = createRequire(join(E2E, 'package.json'))('playwright-core') as typeof import('playwright-core');
  const udd = mkdtempSync(join(tmpdir(), 'gongwen-chromium-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  try {
    for (let i = 0; i < 200; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const ctx = await chromium.launchPersistentContext(udd, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 850 },
      env: { ...process.env, HOME: R },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = ctx.pages()[0]!;
    try {
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
      await fn({ page, ws, log: () => log });
    } catch (e) {
      await page.screenshot({ path: join(ARTIFACTS, failureShot) }).catch(() => {});
      throw new Error(`${(e as Error).message}\ncode-server log:\n${log.slice(-3000)}`);
    } finally {
      await ctx.close();
    }
  } finally {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      /* gone */
    }
    await new Promise((r) => setTimeout(r, 1000));
    rmSync(udd, { recursive: true, force: true });
    rmSync(R, { recursive: true, force: true });
  }
}
