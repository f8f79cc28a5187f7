// An archive run as issue-sized batch jobs meet it: N copies of the gov-texts corpus (BENCH_COPIES, default 16) in
// a temporary folder, each copy's files made distinct (a copy number appended) so that the pool, not the check of
// identical documents once, is what is measured; and the same N copies left identical, for that check. Measured,
// one process run each, in one go so the ratios share the machine's load:
//   - wall time and peak RSS of `check -f json -o` on one thread (--concurrency 1; or the CLI in BENCH_BASELINE_CLI,
//     e.g. an older build) and with the pool (default concurrency), at 1× and N×;
//   - in each round also two one-thread processes started together, each on half of the copies: what this machine
//     gives two processes that share nothing, the floor of any pool here (its cores do not make it 0.5×);
//   - time to the first `--format jsonl` line;
//   - `--cache`: the first run and a rerun over the unchanged archive, and the floor of any rerun (a plain node process
//     listing the folder, stat-ing each file, reading the cache file and writing the report's bytes);
//   - BENCH_DOCX (default 500) distinct .docx: the Word templates of the docx corpus (not its real/ documents) over and
//     over, a comment with the copy's number after each main part so none is a duplicate; documents per second on one
//     thread and with the pool, and the CPU time of each run (the machine is shared: a wall time alone misleads);
//     the same for BENCH_DOCX copies of the bundled one-page sample 通知; each set also against its floor (one thread
//     unzipping and parsing every XML part with xmldom, as bench/docx.mjs takes it), a ratio the machine's phases keep.
// BENCH_ONLY=docx runs the .docx part alone (BENCH_ONLY=text: all but it).
// BENCH_ROUNDS (default 3): the N× one-thread and pool runs are alternated this many times, and the target is judged
// on the median of the rounds' ratios (this machine's speed moves by a fifth between runs a minute apart). Each
// round's figures are printed. The pool's peak RSS is also taken at 4×: the 1× run ends while the workers' heaps are
// still growing to the size they keep, so 4× → N× shows whether memory grows with the number of files; the target
// itself is still judged from 1×.
// Peak RSS is the process's (worker threads live in it), from /usr/bin/time or, without it, not given.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { corpusDir, repoRoot } from './_util.mjs';

const COPIES = Number(process.env.BENCH_COPIES ?? 16);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ONLY = process.env.BENCH_ONLY;
const DOCX = ONLY === 'text' ? 0 : Number(process.env.BENCH_DOCX ?? 500);
const cli = join(repoRoot, 'packages/cli/bin/gongwen.js');
const baselineCli = process.env.BENCH_BASELINE_CLI;
const src = corpusDir('gov-texts');
if (!src) process.exit(0);
const hasTime = spawnSync('sh', ['-c', 'command -v /usr/bin/time']).status === 0;

function files(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const root = mkdtempSync(join(tmpdir(), 'gongwen-bench-archive-'));
const corpus = files(src);
/** copies × the corpus; `distinct`: a line with the copy number appended to each text file. */
function build(name, copies, distinct) {
  const dir = join(root, name);
  for (let k = 0; k < copies; k++) {
    for (const f of corpus) {
      const to = join(dir, `copy-${String(k).padStart(2, '0')}`, relative(src, f));
      mkdirSync(join(to, '..'), { recursive: true });
      if (distinct && /\.(txt|md)$/i.test(f))
        writeFileSync(to, Buffer.concat([readFileSync(f), Buffer.from(`\n（${k}）\n`)]));
      else {
        try {
          linkSync(f, to);
        } catch {
          copyFileSync(f, to);
        }
      }
    }
  }
  return dir;
}

/** One run: wall seconds, peak RSS in MB (when /usr/bin/time is there), exit status. */
function run(cliPath, args, cwd) {
  const cmd = hasTime ? '/usr/bin/time' : process.execPath;
  const argv = hasTime ? ['-f', '%U %S %M', process.execPath, cliPath, ...args] : [cliPath, ...args];
  const t = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' }, maxBuffer: 1 << 30 });
  const s = (performance.now() - t) / 1000;
  if (![0, 1].includes(r.status)) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-400)}`);
  const [user, sys, kb] = hasTime ? r.stderr.trim().split('\n').pop().split(' ').map(Number) : [];
  return { s, mb: hasTime ? kb / 1024 : Number.NaN, cpu: hasTime ? user + sys : Number.NaN };
}

/**
 * Wall seconds of two one-thread runs started together, each over its own half of `dirs` (folders under `cwd`): what
 * this machine gives two independent processes on its cores, the pool's floor (no scheduling, no messages).
 */
function runTogether(dirs, cwd) {
  const half = Math.ceil(dirs.length / 2);
  const t = performance.now();
  const one = (part, k) =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [cli, 'check', '-f', 'json', '--concurrency', '1', '-o', `${out}.${k}`, ...part],
        {
          cwd,
          env: { ...process.env, CI: '1' },
          stdio: 'ignore',
        },
      );
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 || code === 1 ? resolve() : reject(new Error(`half ${k} exited ${code}`)),
      );
    });
  return Promise.all([one(dirs.slice(0, half), 0), one(dirs.slice(half), 1)]).then(
    () => (performance.now() - t) / 1000,
  );
}

/** Seconds from spawn to the first jsonl line on stdout; the child is then left to finish. */
function firstLine(cwd) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, [cli, 'check', '-f', 'jsonl', '.'], {
      cwd,
      env: { ...process.env, CI: '1' },
    });
    let got;
    child.stdout.on('data', (c) => {
      if (got === undefined && c.includes(10)) {
        got = (performance.now() - t) / 1000;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve(got));
  });
}

const fmt = (r) =>
  `${r.s.toFixed(1)} s${Number.isNaN(r.mb) ? '' : ` (CPU ${r.cpu.toFixed(1)} s), peak RSS ${r.mb.toFixed(0)} MB`}`;

/** `count` distinct .docx made of the templates in `dir` (its real/ documents left out). */
function buildDocx(dir, count) {
  const templates = files(dir)
    .filter((f) => f.endsWith('.docx') && !relative(dir, f).startsWith('real'))
    .sort();
  const out = join(root, 'docx');
  mkdirSync(out, { recursive: true });
  for (let i = 0; i < count && templates.length; i++) {
    const from = templates[i % templates.length];
    const parts = unzipSync(readFileSync(from));
    parts['word/document.xml'] = strToU8(`${strFromU8(parts['word/document.xml'])}<!-- ${i} -->`);
    writeFileSync(join(out, `${String(i).padStart(3, '0')}-${basename(from)}`), zipSync(parts));
  }
  return templates.length ? out : undefined;
}
/** `count` distinct copies of the bundled sample .docx (a comment with the copy's number after its main part). */
function buildSmallDocx(count) {
  const parts = unzipSync(readFileSync(join(repoRoot, 'corpora/samples/某某市人民政府关于做好防汛工作的通知.docx')));
  const body = strFromU8(parts['word/document.xml']);
  const out = join(root, 'docx-small');
  mkdirSync(out, { recursive: true });
  for (let i = 0; i < count; i++) {
    parts['word/document.xml'] = strToU8(`${body}<!-- ${i} -->`);
    writeFileSync(join(out, `${String(i).padStart(3, '0')}.docx`), zipSync(parts));
  }
  return out;
}
/** One thread, the pool and the floor over the .docx of `dir`, as documents per second and as ratios of the floor. */
function docxPart(what, dir) {
  const d1 = run(single, ['check', '-f', 'json', ...singleArgs, '-o', out, '.'], dir);
  const dN = run(cli, ['check', '-f', 'json', '-o', out, '.'], dir);
  const floor = docxFloor(dir);
  const rate = (r) => (DOCX / r.s).toFixed(0);
  console.log(
    `archive ${DOCX} ${what}: ${label} ${fmt(d1)} = ${rate(d1)} documents/s; pool ${fmt(dN)} = ${rate(dN)} documents/s (target ≥ 150/s, ${DOCX / dN.s >= 150 ? 'met' : 'MISSED'})`,
  );
  // The issue's 150/s was set against a floor of 176/s on one core: 0.85× of it, a ratio this machine's phases keep.
  console.log(
    `archive .docx floor (one thread: unzip + xmldom parse of every XML part, no check) ${floor.toFixed(1)} s = ${(DOCX / floor).toFixed(0)} documents/s; pool = ${(floor / dN.s).toFixed(2)}× the floor, one thread ${(floor / d1.s).toFixed(2)}× (150/176 = 0.85×)`,
  );
}
/** The floor of the .docx part, as bench/docx.mjs takes it: one process on one thread reading every file of `dir`,
 * unzipping it and parsing each XML part with xmldom; no checking. Run like the CLI runs (/usr/bin/time). */
function docxFloor(dir) {
  const script = `const {readdirSync,readFileSync}=require('node:fs');const {join}=require('node:path');
const {unzipSync,strFromU8}=require('fflate');const {DOMParser}=require('@xmldom/xmldom');
for (const f of readdirSync(process.argv[1]).sort()) { const parts=unzipSync(readFileSync(join(process.argv[1],f)));
for (const [n,d] of Object.entries(parts)) if (/\\.(xml|rels)$/.test(n)) new DOMParser().parseFromString(strFromU8(d),'text/xml'); }`;
  const cmd = hasTime ? '/usr/bin/time' : process.execPath;
  const argv = [...(hasTime ? ['-f', '%U %S %M', process.execPath] : []), '-e', script, dir];
  const t = performance.now();
  const r = spawnSync(cmd, argv, { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`docx floor exited ${r.status}: ${r.stderr.slice(-400)}`);
  return (performance.now() - t) / 1000;
}
/** The runs over copies of gov-texts (all but the .docx part). */
async function textParts() {
  const one = build('one', 1, false);
  const many = build('distinct', COPIES, true);
  const same = build('identical', COPIES, false);
  console.log(`archive: ${corpus.length} files × ${COPIES} = ${files(many).length} files`);
  const s1 = run(single, ['check', '-f', 'json', ...singleArgs, '-o', out, '.'], one);
  const p1 = run(cli, ['check', '-f', 'json', '-o', out, '.'], one);
  console.log(`archive 1×: ${label} ${fmt(s1)}; pool ${fmt(p1)}`);
  const ratios = [];
  const floors = [];
  const peaks = [];
  const halves = readdirSync(many).sort();
  for (let k = 1; k <= ROUNDS; k++) {
    const sN = run(single, ['check', '-f', 'json', ...singleArgs, '-o', out, '.'], many);
    const pN = run(cli, ['check', '-f', 'json', '-o', out, '.'], many);
    // The machine's own floor, beside them: two independent one-thread processes, each on half of the copies.
    const both = baselineCli ? Number.NaN : await runTogether(halves, many);
    ratios.push(pN.s / sN.s);
    floors.push(both / sN.s);
    peaks.push(pN.mb);
    console.log(
      `archive ${COPIES}× distinct, round ${k}/${ROUNDS}: ${label} ${fmt(sN)}; pool ${fmt(pN)} = ${(pN.s / sN.s).toFixed(2)}×${baselineCli ? '' : `; two one-thread processes on the halves, together, ${both.toFixed(1)} s = ${(both / sN.s).toFixed(2)}×`}`,
    );
  }
  const ratio = median(ratios);
  console.log(
    `archive ${COPIES}× distinct: pool / one thread, median of ${ROUNDS} alternated rounds = ${ratio.toFixed(2)}× (target ≤ 0.6×, ${ratio <= 0.6 ? 'met' : 'MISSED'})`,
  );
  if (!baselineCli) {
    // Two cores never make it 0.5×: what two processes that share nothing reach on this machine is the pool's floor.
    const floor = median(floors);
    console.log(
      `archive ${COPIES}× distinct: the machine's floor (two one-thread processes on the halves, together / one thread) = ${floor.toFixed(2)}×, median of ${ROUNDS}; pool / floor = ${(ratio / floor).toFixed(2)}`,
    );
  }
  if (!Number.isNaN(p1.mb)) {
    const four = COPIES > 4 ? run(cli, ['check', '-f', 'json', '-o', out, '.'], build('four', 4, true)) : undefined;
    const peak = median(peaks);
    console.log(
      `archive peak RSS pool 1× ${p1.mb.toFixed(0)} MB${four ? ` → 4× ${four.mb.toFixed(0)} MB` : ''} → ${COPIES}× ${peak.toFixed(0)} MB (median; target ≤ 250 MB and flat, ${peak <= 250 && peak <= p1.mb * 1.25 ? 'met' : 'MISSED'}: ${COPIES}× / 1× = ${(peak / p1.mb).toFixed(2)}${four ? `, ${COPIES}× / 4× = ${(peak / four.mb).toFixed(2)}` : ''})`,
    );
  }
  const first = await firstLine(many);
  console.log(`archive first jsonl line after ${first?.toFixed(2)} s (target ≤ 1 s, ${first <= 1 ? 'met' : 'MISSED'})`);
  const dup = run(cli, ['check', '-f', 'json', '-o', out, '.'], same);
  console.log(`archive ${COPIES}× identical copies (each content checked once): pool ${fmt(dup)}`);
  const cache = join(root, 'cache');
  const c1 = run(cli, ['check', '-f', 'json', '--cache', '--cache-location', cache, '-o', out, '.'], many);
  // Reruns are short: three, and their median (the first run is the one of the rounds above in cost).
  const reruns = [0, 1, 2].map(() =>
    run(cli, ['check', '-f', 'json', '--cache', '--cache-location', cache, '-o', out, '.'], many),
  );
  const c2 = reruns.find((r) => r.s === median(reruns.map((x) => x.s)));
  // What any rerun must do, in a plain node process: list the folder, stat every file, read the cache file and write a
  // report of the same bytes. No checking, no module of ours loaded.
  const floorScript = `const fs=require('node:fs'),path=require('node:path');const files=[];
(function w(d){for(const e of fs.readdirSync(d,{withFileTypes:true})){const p=path.join(d,e.name);
if(e.isDirectory())w(p);else files.push(p);}})('.');files.sort();for(const f of files)fs.statSync(f,{throwIfNoEntry:false});
fs.readFileSync(process.argv[1]);fs.writeFileSync(process.argv[2]+'.floor',fs.readFileSync(process.argv[2]));`;
  const rerunFloors = [0, 1, 2].map(() => {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['-e', floorScript, cache, out], { cwd: many });
    if (r.status !== 0) throw new Error(`rerun floor exited ${r.status}`);
    return (performance.now() - t) / 1000;
  });
  const rerunFloor = median(rerunFloors);
  console.log(
    `archive --cache ${COPIES}× distinct: the rerun's floor (node listing, stat-ing every file, reading the cache file, writing the report's bytes; median of 3) ${rerunFloor.toFixed(2)} s = ${(c1.s / rerunFloor).toFixed(1)}× faster than the first run at best`,
  );
  console.log(
    `archive --cache ${COPIES}× distinct: first run ${fmt(c1)}; rerun (median of 3: ${reruns.map((r) => r.s.toFixed(2)).join(', ')} s) ${fmt(c2)} = ${(c1.s / c2.s).toFixed(1)}× faster (target ≥ 20×, ${c1.s / c2.s >= 20 ? 'met' : 'MISSED'}); rerun / floor ${(c2.s / rerunFloor).toFixed(2)}; cache file ${(statSync(cache).size / 1048576).toFixed(1)} MB`,
  );
}
const out = join(root, 'out.json');
const single = baselineCli ?? cli;
const singleArgs = baselineCli ? [] : ['--concurrency', '1'];
const label = baselineCli ? `baseline CLI ${baselineCli}` : 'one thread (--concurrency 1)';
try {
  console.log(
    `archive: ${availableParallelism()} cores, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} at start`,
  );
  if (ONLY !== 'docx') await textParts();
  const docxSrc = corpusDir('docx');
  const templates = docxSrc && DOCX > 0 ? buildDocx(docxSrc, DOCX) : undefined;
  if (templates) docxPart('distinct .docx (the Word templates: ~190 KB of XML each, mostly styles)', templates);
  // A one-page 通知 (~11 KB of XML) as most documents sent are: the floor here is near the issue's 176/s.
  if (DOCX > 0) docxPart('distinct copies of the sample 通知 .docx (~11 KB of XML)', buildSmallDocx(DOCX));
  console.log(
    `archive: load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} at end`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
