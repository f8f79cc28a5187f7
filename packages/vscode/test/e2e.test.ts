import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

// VS Code itself (code-server in Chromium): install the packaged .vsix, open a draft, see the squiggle and the
// Problems entry, apply the quick fix, save, and check the file. The client is installed outside the project by
// packages/vscode/test/e2e/install.sh (.ci/run does it).
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const E2E = process.env.GONGWEN_E2E_DIR ?? join(homedir(), '.cache', 'gongwen-e2e');
const CODE_SERVER = join(E2E, 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.GONGWEN_CHROMIUM ?? '/usr/bin/chromium';
const installed =
  existsSync(CODE_SERVER) && existsSync(join(E2E, 'node_modules', 'playwright-core')) && existsSync(CHROMIUM);
const ARTIFACTS = join(REPO, 'test-artifacts');

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

describe('VS Code (code-server) with the packaged extension', () => {
  if (!installed && process.env.CI)
    throw new Error(
      `code-server/playwright-core/chromium missing under ${E2E}: run packages/vscode/test/e2e/install.sh`,
    );

  it.runIf(installed)(
    'shows the squiggle and the Problems entry, and the quick fix changes the text',
    async () => {
      const pack = spawnSync('npm', ['run', 'package', '-w', 'gongwen-vscode'], {
        cwd: REPO,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(pack.status, pack.stderr).toBe(0);
      const vsix = join(REPO, 'packages', 'vscode', 'dist', 'gongwen.vsix');
      // Diagnostics and hovers link to the rule docs beside the bundled server: the package carries the generated ones.
      const shipped = unzipSync(readFileSync(vsix), { filter: (f) => f.name === 'extension/docs/rules.md' })[
        'extension/docs/rules.md'
      ];
      expect(shipped && Buffer.from(shipped).toString('utf8')).toBe(
        readFileSync(join(REPO, 'rules', 'README.md'), 'utf8'),
      );

      const R = mkdtempSync(join(tmpdir(), 'gongwen-vscode-e2e-'));
      const ws = join(R, 'ws');
      mkdirSync(join(R, 'ud', 'User'), { recursive: true });
      mkdirSync(ws);
      const draft = join(ws, '通知.txt');
      writeFileSync(draft, '关于做好防汛工作的通知\n\n各区人民政府:\n　　现将有关事项通知如下。\n');
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
      const env = {
        ...process.env,
        XDG_CONFIG_HOME: join(R, 'config'),
        XDG_DATA_HOME: join(R, 'data'),
        XDG_CACHE_HOME: join(R, 'cache'),
        HOME: R,
      };
      const base = ['--user-data-dir', join(R, 'ud'), '--extensions-dir', join(R, 'ext')];
      const inst = spawnSync(CODE_SERVER, [...base, '--install-extension', vsix], { env, encoding: 'utf8' });
      expect(inst.status, inst.stderr).toBe(0);
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
        { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
      );
      let log = '';
      server.stdout!.on('data', (d) => (log += String(d)));
      server.stderr!.on('data', (d) => (log += String(d)));
      const { chromium } = createRequire(join(E2E, 'package.json'))(
        'playwright-core',
      ) as typeof import('playwright-core');
      const udd = mkdtempSync(join(tmpdir(), 'gongwen-chromium-'));
      mkdirSync(ARTIFACTS, { recursive: true });
      const png = join(ARTIFACTS, 'vscode-e2e.png');
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
          await page.keyboard.press('Control+P');
          await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
          await page.keyboard.type('通知.txt');
          await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="通知.txt"]');
          await page.keyboard.press('Enter');
          await page.waitForSelector('.tab[data-resource-name="通知.txt"]');
          await page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning', {
            timeout: 60000,
          });
          await page.keyboard.press('Control+Shift+M');
          const row = page.locator('.markers-panel .monaco-list-row', { hasText: '中文语境中应使用全角标点' }).first();
          await row.waitFor({ timeout: 30000 });
          const rowText = await row.innerText();
          expect(rowText).toContain('gongwen');
          expect(rowText).toContain('punct/half-width');
          await page.screenshot({ path: png });
          // Back to the editor, jump to the problem, apply the preferred quick fix, save.
          await page.locator('.monaco-editor .view-lines').first().click();
          await page.keyboard.press('Control+Home');
          await page.keyboard.press('F8');
          await page.keyboard.press('Escape');
          await page.keyboard.press('Shift+Alt+Period');
          await page.waitForFunction(
            () => document.querySelector('.monaco-editor .view-lines')?.textContent?.includes('各区人民政府：'),
            null,
            { timeout: 20000 },
          );
          await page.keyboard.press('Control+S');
          for (let i = 0; i < 100 && !readFileSync(draft, 'utf8').includes('各区人民政府：'); i++)
            await new Promise((r) => setTimeout(r, 100));
          expect(readFileSync(draft, 'utf8')).toBe(
            '关于做好防汛工作的通知\n\n各区人民政府：\n　　现将有关事项通知如下。\n',
          );
          await page.waitForSelector('.monaco-editor .squiggly-error', { state: 'detached', timeout: 20000 });
          await page.screenshot({ path: join(ARTIFACTS, 'vscode-e2e-fixed.png') });
        } catch (e) {
          await page.screenshot({ path: join(ARTIFACTS, 'vscode-e2e-failure.png') }).catch(() => {});
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
    },
    240000,
  );
});
