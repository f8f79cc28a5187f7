#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json says so): an ES module as the entry point cost every command about 10 ms of Node's
// module loader before the bundle was even read.
const first = process.argv[2];
if (first === '--version' || first === '-v') {
  // Answered before anything of the engine or the command line is loaded: the version is all it needs.
  const { readFileSync } = require('node:fs');
  const { join } = require('node:path');
  process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else {
  start().catch((err) => {
    // The bundle could not be loaded (a broken install), or the command failed where it should not: one line, exit 2.
    process.stderr.write(
      `gongwen: 内部错误 / internal error: ${err && err.message ? err.message.split('\n')[0] : err}\n`,
    );
    process.exitCode = 2;
  });
}

async function start() {
  // The bundle with its code cache (npm run build writes it; see scripts/bundle.mjs), else the modules it is made of.
  let cli;
  try {
    cli = require('../dist/cli.cjs');
  } catch (e) {
    if (e?.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes('cli.cjs')) throw e;
    cli = await import('../dist/main.js');
  }
  const { main, limitHeapGrowth } = cli;
  // Before the command line's first allocations: V8 grows the young generation early and does not give it back.
  // After loading, not before: the code cache is accepted only under the flags it was made with.
  if (first === 'check') limitHeapGrowth();
  process.exitCode = await main(process.argv);
}
