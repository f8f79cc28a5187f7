import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

describe('bundled command line', () => {
  it('loads with the code cache written at build, and V8 accepts it (a V8 flag set while warming up would void it)', () => {
    const dist = join(repoRoot, 'packages/cli/dist');
    const r = spawnSync(
      process.execPath,
      ['-e', "const c = require('./cli.cjs'); console.log(JSON.stringify([typeof c.main, c.codeCacheRejected]))"],
      { cwd: dist, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(['function', false]);
  });

  it("gives the pool's workers a bundled entry whose code cache V8 accepts in a thread piscina starts", async () => {
    // A check over files sets this flag before it starts a pool; the cache is made under it.
    const { CHECK_HEAP_FLAG } = await import('../dist/commands/check.js');
    const dist = join(repoRoot, 'packages/cli/dist');
    const dir = mkdtempSync(join(tmpdir(), 'gongwen-bundle-'));
    try {
      const probe = join(dir, 'probe.cjs');
      writeFileSync(
        probe,
        `const w = require(${JSON.stringify(join(dist, 'pool-worker.cjs'))});
module.exports = async (file) => ({ handler: typeof w.default, rejected: w.codeCacheRejected,
  result: (await w.default({ tasks: [{ file, bytes: require('fs').readFileSync(file) }] }))[0] });`,
      );
      const piscina = createRequire(createRequire(join(repoRoot, 'packages/node/package.json')).resolve('piscina'));
      const sample = join(repoRoot, 'corpora/samples/关于新建第二实验小学的请示.txt');
      const r = spawnSync(
        process.execPath,
        [
          '-e',
          `require('v8').setFlagsFromString(${JSON.stringify(CHECK_HEAP_FLAG)});
const { Piscina } = require(${JSON.stringify(piscina.resolve('piscina'))});
const pool = new Piscina({ filename: ${JSON.stringify(probe)}, maxThreads: 1,
  workerData: { options: { cwd: ${JSON.stringify(repoRoot)} }, shared: {} } });
pool.run(${JSON.stringify(sample)}).then((r) => { console.log(JSON.stringify(r)); return pool.destroy(); });`,
        ],
        { encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout);
      expect([out.handler, out.rejected]).toEqual(['function', false]);
      expect(out.result.path).toBe(sample);
      expect(out.result.error).toBeNull();
      expect(out.result.diagnostics.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
