#!/usr/bin/env node
import { readFileSync } from 'node:fs';

const first = process.argv[2];
if (first === '--version' || first === '-v') {
  // Answered before anything of the engine or the command line is loaded: the version is all it needs.
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { main } = await import('../dist/main.js');
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(
        `gongwen: 内部错误 / internal error: ${err && err.message ? err.message.split('\n')[0] : err}\n`,
      );
      process.exitCode = 2;
    },
  );
}
