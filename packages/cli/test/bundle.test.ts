import { spawnSync } from 'node:child_process';
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
});
