// Per-document time on a typical 3-page 公文 (.docx): reading, checking and reviewing, against the floor of merely
// unzipping the package and parsing its XML parts. Prints plain lines.
// The measure is taken in BENCH_PROCESSES (default 7) processes one after the other, and the targets are judged on the
// median of their ratios: within one process the ratios hold steady, but they differ from one process to the next
// (review against the floor from 1.1x to 1.9x in processes a minute apart on this machine, mostly because the floor
// itself, xmldom's parse, takes 6-7 ms in some processes and 9-10 ms in others), so one process's figure is a draw.
// Each process's figures are printed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import { Checker, readDocument, reviewDocx } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const base = readFileSync(join(root, 'corpora/fixtures/docx/review-text-fixes.docx'));

/** The fixture notice grown to about three pages: its body paragraphs repeated, the 版头 and 版记 kept. */
function threePages() {
  const parts = unzipSync(base);
  const xml = strFromU8(parts['word/document.xml']);
  const paras = xml.match(/<w:p>[\s\S]*?<\/w:p>/g);
  const body = paras.filter((p) => /w:firstLineChars="200"/.test(p)).join('');
  const anchor = paras.find((p) => p.includes('特此通知'));
  parts['word/document.xml'] = strToU8(xml.replace(anchor, body.repeat(13) + anchor));
  return zipSync(parts);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Times several tasks round-robin, so a machine busy with other work slows them all alike: the median time of each
 * in ms, and the median over the rounds of each one's time against the first task's in the same round. This machine's
 * speed moves by half between minutes, and a round takes some 30 ms: a ratio taken within a round is what the load
 * of that moment leaves alone, where a ratio of two medians mixes rounds taken at different speeds.
 */
function timeAll(tasks, runs) {
  const samples = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let i = 0; i < 5; i++) for (const fn of Object.values(tasks)) fn();
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of Object.entries(tasks)) {
      const t = process.hrtime.bigint();
      fn();
      samples[k].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  const first = Object.values(samples)[0];
  const ms = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const ratio = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v.map((x, i) => x / first[i]))]));
  return { ms, ratio };
}

const PROCESSES = Math.max(1, Number(process.env.BENCH_PROCESSES ?? 7));
if (!process.env.BENCH_DOCX_CHILD) {
  const runs = [];
  for (let i = 0; i < PROCESSES; i++) {
    const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_DOCX_CHILD: '1' },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`docx bench process exited ${r.status}: ${r.stderr}`);
    runs.push(JSON.parse(r.stdout));
  }
  report(runs);
  process.exit(0);
}

const bytes = threePages();
const checker = new Checker();
const doc = readDocument(bytes, 'docx');
const chars = doc.text.replace(/\s/g, '').length;
const RUNS = Number(process.env.BENCH_RUNS ?? 60);

const layoutOnly = new Checker({
  config: {
    rules: Object.fromEntries(
      checker.registry
        .all()
        .filter((r) => !r.meta.id.startsWith('layout/'))
        .map((r) => [r.meta.id, { level: 'off' }]),
    ),
    terms: [],
    ignore: [],
  },
});
const { ms, ratio } = timeAll(
  {
    floor: () => {
      const parts = unzipSync(bytes);
      for (const [name, data] of Object.entries(parts))
        if (/\.(xml|rels)$/.test(name)) new DOMParser().parseFromString(strFromU8(data), 'text/xml');
    },
    read: () => readDocument(bytes, 'docx'),
    readLayout: () => layoutOnly.check(readDocument(bytes, 'docx')),
    readCheck: () => checker.check(readDocument(bytes, 'docx')),
    review: () => reviewDocx(bytes, { checker }),
  },
  RUNS,
);

process.stdout.write(JSON.stringify({ ms, ratio, chars, blocks: doc.blocks.length, bytes: bytes.length, runs: RUNS }));

/** The figures of each process, and the median of them that the targets are judged on. */
function report(runs) {
  const f = (x) => x.toFixed(2);
  const { chars, blocks, bytes, runs: n } = runs[0];
  const mid = (get) => median(runs.map(get));
  console.log(
    `docx bench: 3-page notice, ${chars} characters, ${blocks} blocks, ${bytes} bytes; ${runs.length} processes of ${n} rounds each (a process's figure: medians over its rounds, "x floor" the median of the rounds' own ratios; the line's: the median of the processes')`,
  );
  console.log(
    `docx floor (unzip + parse every XML part): ${f(mid((r) => r.ms.floor))} ms; processes ${runs.map((r) => f(r.ms.floor)).join(', ')} ms`,
  );
  const line = (what, k, target) => {
    const x = mid((r) => r.ratio[k]);
    const each = runs.map((r) => f(r.ratio[k])).join(', ');
    const ms = runs.map((r) => f(r.ms[k])).join(', ');
    return `${what}: ${f(mid((r) => r.ms[k]))} ms = ${f(x)}x floor${target === undefined ? '' : ` (target ≤ ${target}x, ${x <= target ? 'met' : 'MISSED'})`}; processes ${each} (${ms} ms)`;
  };
  console.log(line('docx read (GovDocument with resolved formats)', 'read'));
  console.log(line('docx read + layout rules', 'readLayout'));
  console.log(line('docx read + all rules (check)', 'readCheck', 1.2));
  console.log(line('docx review copy (read, check, comments, tracked changes, zip)', 'review', 1.6));
  console.log(
    `docx: load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}
