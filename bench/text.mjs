// Text checking speed and memory over the 649 real documents of gov-texts: in process (engine only: every rule, and
// every rule but the typo model) and end to end (the CLI on the folder). Reports medians of several runs; machines are noisy.
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
  // Every rule, and every rule but typo/lm (the statistical typo model, allowed to bring the engine down to 1 M chars/s),
  // alternately, so that both share the machine's load; CPU time beside the wall time (on a shared machine the wall
  // clock mostly measures the others).
  const withoutModel = new Checker({ config: { rules: { 'typo/lm': { level: 'off' } }, terms: [], ignore: [] } });
  withoutModel.check(textDocument(texts[0]));
  const RUNS = Number(process.env.BENCH_RUNS ?? 7);
  const times = { all: { wall: [], cpu: [] }, off: { wall: [], cpu: [] } };
  let findings = 0;
  for (let r = 0; r < RUNS; r++) {
    for (const [k, c] of [
      ['all', checker],
      ['off', withoutModel],
    ]) {
      let n = 0;
      const cpu = process.cpuUsage();
      const s = performance.now();
      for (const t of texts) n += c.check(textDocument(t)).diagnostics.length;
      times[k].wall.push(performance.now() - s);
      const used = process.cpuUsage(cpu);
      times[k].cpu.push((used.user + used.system) / 1000);
      if (k === 'all') findings = n;
    }
  }
  const rate = (ms) => ((chars / ms) * 1000) / 1e6;
  console.log(`corpus: ${files.length} documents, ${chars} characters, ${mb(bytes)} MB UTF-8`);
  console.log(`engine startup (rules loaded, first document checked): ${startup.toFixed(0)} ms`);
  for (const [k, label, target] of [
    ['all', 'engine, every rule', 1],
    ['off', 'engine without typo/lm', 2.5],
  ]) {
    const cpu = median(times[k].cpu);
    const wall = median(times[k].wall);
    console.log(
      `${label}: median CPU ${cpu.toFixed(0)} ms (wall ${wall.toFixed(0)} ms) over ${RUNS} runs → ${rate(cpu).toFixed(2)} M chars/s (target ≥ ${target}, ${rate(cpu) >= target ? 'met' : 'MISSED'}; fastest run ${rate(Math.min(...times[k].cpu)).toFixed(2)}), ${(bytes / 1048576 / (cpu / 1000)).toFixed(2)} MB/s on one core${k === 'all' ? `; ${findings} findings` : ''}`,
    );
  }
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

// Bad input: text that is nothing but opening or closing marks, in one line (a paired-marks rule that kept an object for
// each mark needed 47 bytes of memory a byte of it, and 255 s and 4.2 GB for 96 MB). Time and peak RSS of the CLI at
// 2 MB and 8 MB of each: neither should grow by more than the input's 4×.
{
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const cli = join(repoRoot, 'packages/cli/bin/gongwen.js');
  const tmp = mkdtempSync(join(tmpdir(), 'gongwen-bench-marks-'));
  try {
    for (const [name, unit] of [
      ['opening marks', '“（《【'],
      ['closing marks', '”）》】'],
    ]) {
      const runs = [2, 8].map((size) => {
        const file = join(tmp, `${size}.txt`);
        writeFileSync(file, unit.repeat(Math.floor((size * 1048576) / Buffer.byteLength(unit))));
        const s = performance.now();
        const p = spawnSync(
          '/usr/bin/time',
          ['-f', '%M', process.execPath, cli, 'check', '-f', 'json', '-o', '/dev/null', file],
          {
            encoding: 'utf8',
          },
        );
        const kb = Number((p.stderr.trim().split('\n').pop() ?? '').trim());
        return { size, s: (performance.now() - s) / 1000, mb: kb / 1024 };
      });
      const [a, b] = runs;
      console.log(
        `${name} only, one line: ${runs.map((r) => `${r.size} MB ${r.s.toFixed(2)} s, peak RSS ${r.mb.toFixed(0)} MB`).join('; ')} (8 MB against 2 MB: time ${(b.s / a.s).toFixed(1)}×, peak RSS ${(b.mb / a.mb).toFixed(1)}×)`,
      );
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
