#!/usr/bin/env node
// Runs every benchmark in bench/ (each in its own Node process, one after the other, so they do not disturb each other).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
let failed = 0;
for (const name of readdirSync(here).sort()) {
  if (!name.endsWith('.mjs') || name === 'run.mjs' || name.startsWith('_')) continue;
  if (only.length && !only.some((o) => name.includes(o))) continue;
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, name)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
