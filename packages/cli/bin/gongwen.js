#!/usr/bin/env node
import { main } from '../dist/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`gongwen: 内部错误 / internal error: ${err && err.message ? err.message.split('\n')[0] : err}\n`);
    process.exitCode = 2;
  },
);
