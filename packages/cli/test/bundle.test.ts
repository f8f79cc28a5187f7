import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

describe('bundled command line', () => {
  it('a bundle that cannot be loaded (a broken install) is an internal error in one line, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongwen-broken-'));
    try {
      for (const sub of ['bin', 'dist']) mkdirSync(join(dir, sub));
      for (const f of ['gongwen.js', 'package.json'])
        copyFileSync(join(repoRoot, 'packages/cli/bin', f), join(dir, 'bin', f));
      writeFileSync(join(dir, 'dist/cli.cjs'), "throw new Error('damaged file\\nat line 2');\n");
      const r = spawnSync(process.execPath, [join(dir, 'bin/gongwen.js'), 'check', '.'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('gongwen: 内部错误 / internal error: damaged file\n');
      expect(r.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

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
  result: (await w.default({ tasks: [{ file, bytes: require('fs').readFileSync(file) }] })).answers[0] });`,
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

  it("keeps the workers' code cache in a real run over a folder: no flag is set while they compile their bundle", () => {
    // V8 takes a code cache only under the flags it was made with, and flags are the process's: a run that set its
    // heap flags while the workers were compiling their bundle, or again as the first worker answered,
    // voided the cache of one worker or both in about half the runs. --profile-deserialization (left out of V8's flag
    // hash) prints each cache taken, on standard output.
    const dist = join(repoRoot, 'packages/cli/dist');
    const workerCache = statSync(join(dist, 'pool-worker-code.cjs.cache')).size - 20;
    const dir = mkdtempSync(join(tmpdir(), 'gongwen-cache-run-'));
    try {
      const samples = join(repoRoot, 'corpora/samples');
      for (let i = 0; i < 12; i++)
        for (const f of readdirSync(samples).filter((n) => n.endsWith('.txt')))
          copyFileSync(join(samples, f), join(dir, `${i}-${f}`));
      for (let run = 0; run < 3; run++) {
        const r = spawnSync(
          process.execPath,
          [
            '--profile-deserialization',
            join(repoRoot, 'packages/cli/bin/gongwen.js'),
            'check',
            '--concurrency',
            '2',
            '-f',
            'json',
            '-o',
            join(dir, 'out.json'),
            dir,
          ],
          { encoding: 'utf8', env: { ...process.env, CI: '1' } },
        );
        expect(r.status, r.stderr).toBe(1);
        const taken = [...r.stdout.matchAll(/Deserializing from (\d+) bytes/g)].filter(
          (m) => Math.abs(Number(m[1]) - workerCache) < workerCache / 50,
        );
        expect(taken.length, `run ${run}: workers that took their code cache`).toBe(2);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
