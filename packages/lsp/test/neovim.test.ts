import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, REPO } from './client.js';

const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

describe('Neovim headless as a real client', () => {
  it.runIf(hasNvim || process.env.CI)(
    'shows gongwen diagnostics, hovers, applies the preferred fix, re-checks on typing',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'gongwen-nvim-'));
      try {
        const file = join(dir, '通知.txt');
        writeFileSync(
          file,
          '关于做好防汛工作的通知\n\n各区人民政府:\n　　根据国办发[2024]5号文件精神，现将有关事项通知如下。\n',
        );
        const env = {
          ...process.env,
          GONGWEN_CLI: CLI_BIN,
          XDG_CONFIG_HOME: join(dir, 'c'),
          XDG_DATA_HOME: join(dir, 'd'),
          XDG_CACHE_HOME: join(dir, 'k'),
          XDG_STATE_HOME: join(dir, 's'),
        };
        const r = spawnSync(
          'nvim',
          [
            '--headless',
            '--clean',
            '-n',
            '-i',
            'NONE',
            '-c',
            `luafile ${join(REPO, 'packages/lsp/test/nvim/client.lua')}`,
            file,
          ],
          { cwd: dir, env, encoding: 'utf8', timeout: 60000, input: '' },
        );
        const events = r.stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
        const diags = events.filter((e) => e.event === 'diagnostics') as Array<{
          items: Array<{ code: string; line: number; character: number; source: string }>;
        }>;
        expect(diags.length).toBeGreaterThanOrEqual(3);
        const first = diags[0]!.items.map((i) => `${i.code}@${i.line}:${i.character}`);
        expect(first).toEqual(['punct/half-width@2:6', 'element/doc-number@3:7']);
        expect(diags[0]!.items.every((i) => i.source === 'gongwen')).toBe(true);
        expect(events.find((e) => e.event === 'vim.diagnostic')).toMatchObject({ count: 2 });
        expect(String((events.find((e) => e.event === 'hover') as { value?: string }).value)).toContain(
          'GB/T 15834-2011',
        );
        expect(events.find((e) => e.event === 'applied')).toMatchObject({ line: '各区人民政府：' });
        expect(diags[1]!.items.map((i) => i.code)).toEqual(['element/doc-number']);
        expect(diags[2]!.items.map((i) => `${i.code}@${i.line}`)).toEqual([
          'element/doc-number@3',
          'punct/half-width@4',
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
