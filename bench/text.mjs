// Text checking speed and memory over the 649 real documents of gov-texts: in process (engine only) and end to end
// (the CLI on the folder). Reports medians of several runs; machines are noisy.
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Checker, textDocument } from '@gongwen/core';
import { corpusDir, median, mb, repoRoot } from './_util.mjs';

const dir = corpusDir('gov-texts/ecspell-web-dev');
if (dir) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  // As the command line reads them: line breaks normalised to \n (the corpus files use CRLF).
  const texts = files.map((f) => readFileSync(join(dir, f), 'utf8').replace(/\r\n?/g, '\n'));
  const chars = texts.reduce((n, t) => n + t.length, 0);
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const t0 = performance.now();
  const checker = new Checker();
  // The first check loads what rules load on first use (the homophone index), as the engine's start-up did before.
  checker.check(textDocument(texts[0]));
  const startup = performance.now() - t0;
  const runs = [];
  let findings = 0;
  for (let r = 0; r < 5; r++) {
    findings = 0;
    const s = performance.now();
    for (const t of texts) findings += checker.check(textDocument(t)).diagnostics.length;
    runs.push(performance.now() - s);
  }
  const ms = median(runs);
  console.log(`corpus: ${files.length} documents, ${chars} characters, ${mb(bytes)} MB UTF-8`);
  console.log(`engine startup (rules loaded, first document checked): ${startup.toFixed(0)} ms`);
  console.log(
    `engine: median ${ms.toFixed(0)} ms over 5 runs → ${(((chars / ms) * 1000) / 1e6).toFixed(2)} M chars/s (target ≥ 2.5), ${(bytes / 1048576 / (ms / 1000)).toFixed(2)} MB/s on one core; ${findings} findings`,
  );
  console.log(`engine peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)} MB`);

  const cli = join(repoRoot, 'packages/cli/bin/gongwen.js');
  const wall = [];
  let rss = 0;
  for (let r = 0; r < 3; r++) {
    const s = performance.now();
    const p = spawnSync(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, cli, 'check', '--format', 'json', '--output', '/dev/null', dir],
      { encoding: 'utf8' },
    );
    wall.push(performance.now() - s);
    const kb = Number((p.stderr.trim().split('\n').pop() ?? '').trim());
    if (Number.isFinite(kb)) rss = Math.max(rss, kb);
    if (p.status === 2) console.log(`cli failed: ${p.stderr.split('\n')[0]}`);
  }
  const w = median(wall);
  console.log(
    `cli end to end (process start, read, check, JSON): median ${w.toFixed(0)} ms → ${(bytes / 1048576 / (w / 1000)).toFixed(2)} MB/s; peak RSS ${(rss / 1024).toFixed(0)} MB`,
  );
}
