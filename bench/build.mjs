// Times `gongwen build` per document: the writer alone (draft already parsed and checked) and the whole command,
// for every 文种 draft from `gongwen new`. Prints plain lines.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DRAFT_TEMPLATES, buildDocx, readMarkdown, resolveProfile } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'packages/cli/bin/gongwen.js');
const dir = mkdtempSync(join(tmpdir(), 'gongwen-bench-build-'));
const profile = resolveProfile(undefined);
const RUNS = 5;

try {
  const writer = [];
  for (const t of DRAFT_TEMPLATES) {
    const doc = readMarkdown(Buffer.from(t.text));
    await buildDocx(doc, profile); // warm-up
    const start = performance.now();
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) bytes = (await buildDocx(readMarkdown(Buffer.from(t.text)), profile)).bytes.length;
    const ms = (performance.now() - start) / RUNS;
    writer.push(ms);
    console.log(`build writer ${t.genre} ${t.format}: ${ms.toFixed(1)} ms, ${(bytes / 1024).toFixed(1)} KiB`);
  }
  writer.sort((a, b) => a - b);
  console.log(`build writer median: ${writer[Math.floor(writer.length / 2)].toFixed(1)} ms per document`);

  const cli = [];
  for (const t of DRAFT_TEMPLATES) {
    const md = join(dir, `${t.genre}.md`);
    writeFileSync(md, t.text);
    const start = performance.now();
    const r = spawnSync(process.execPath, [bin, 'build', md], { encoding: 'utf8' });
    const ms = performance.now() - start;
    if (r.status !== 0) console.log(`build cli ${t.genre}: failed (${r.status}) ${r.stderr.split('\n')[0]}`);
    else cli.push(ms);
    console.log(`build cli ${t.genre}: ${ms.toFixed(0)} ms (process start, draft check, write)`);
  }
  cli.sort((a, b) => a - b);
  if (cli.length) console.log(`build cli median: ${cli[Math.floor(cli.length / 2)].toFixed(0)} ms per document`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
