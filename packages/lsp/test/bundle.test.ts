import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './client.js';

const dist = `${REPO}packages/lsp/dist/`;

/** Runs `script` in a fresh Node process (the server is loaded as gongwen-lsp loads it) and returns its stdout. */
function node(script: string, cwd = dist): string {
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('bundled server', () => {
  it('loads with the code cache written at build, and V8 accepts it (a new V8 flag at start-up would void it)', () => {
    const out = node(
      "const s = require('./server.cjs'); console.log(JSON.stringify([typeof s.startServer, s.codeCacheRejected]))",
    );
    expect(JSON.parse(out)).toEqual(['function', false]);
  });

  it('a cache that is not of this bundle is not used (a rebuilt bundle with a stale cache compiles as usual)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongwen-lsp-cache-'));
    try {
      for (const f of ['server.cjs', 'server-code.cjs', 'homophone-index.bin'])
        copyFileSync(`${dist}${f}`, join(dir, f));
      const cache = readFileSync(`${dist}server-code.cjs.cache`);
      writeFileSync(join(dir, 'server-code.cjs.cache'), Buffer.concat([Buffer.alloc(20), cache.subarray(20)]));
      const out = node(
        "const s = require('./server.cjs'); console.log(JSON.stringify([typeof s.startServer, s.codeCacheRejected ?? null]))",
        dir,
      );
      expect(JSON.parse(out)).toEqual(['function', null]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dependencies only some requests need are left out of the code every start compiles', () => {
    const code = readFileSync(`${dist}server-code.cjs`, 'utf8');
    for (const id of ['iconv-lite', 'pinyin-pro', 'docx', 'openai', 'yaml'])
      expect(code).toContain(`require("./vendor/${id}.cjs")`);
    // A one-page draft checked without them: the start compiles under a megabyte (it was 2.5 MB as one file).
    expect(code.length).toBeLessThan(1_200_000);
  });
});
