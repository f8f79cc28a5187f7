// An archive run as an operator meets it, through real child processes of the built CLI: a folder mixing good,
// broken, unreadable and duplicate files; the worker pool against one thread; jsonl streamed line by line; the cache
// (its reuse, a corrupt cache file, a run interrupted and continued); SIGINT mid-run; `| head`; colours; the progress
// line on a real pseudo-terminal (util-linux `script`); .doc files converted by one LibreOffice run.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, gongwen, repoRoot, tempDir } from './helpers.js';

const t = tempDir('gongwen-archive-');
afterAll(() => t.done());

const BAD = '各单位要认真落实防汛责任,确保人民群众生命财产安全。\n';
const GOOD = '各单位要认真落实防汛责任，确保人民群众生命财产安全。\n';

interface JsonFile {
  path: string;
  format: string;
  error: null | { code: string };
  diagnostics: Array<{ ruleId: string; message: string; line: number }>;
  sameAs?: string;
}
interface JsonReport {
  files: JsonFile[];
  summary: { files: number; failedFiles: number; failedByCode?: Record<string, number>; errors: number };
  interrupted?: boolean;
}

/** The stat stamps of a cache file, by path (its `f` lines: size, times, inode, hash, the path as JSON). */
function cacheStamps(cacheFile: string): Record<string, { hash: string }> {
  const out: Record<string, { hash: string }> = {};
  for (const line of readFileSync(cacheFile, 'utf8').split('\n')) {
    const m = /^f \S+ \S+ \S+ \S+ ([0-9a-f]{40}) (".*")$/.exec(line);
    if (m) out[JSON.parse(m[2]!) as string] = { hash: m[1]! };
  }
  return out;
}

/** good, bad, a duplicate of bad, an empty file (clean), binary data, a broken .docx, a .docx that is HTML. */
function mixedFolder(name: string): string {
  const d = join(t.dir, name);
  mkdirSync(join(d, 'sub'), { recursive: true });
  writeFileSync(join(d, 'a-good.txt'), GOOD);
  writeFileSync(join(d, 'b-bad.txt'), BAD.repeat(3));
  writeFileSync(join(d, 'sub', 'copy-of-bad.txt'), BAD.repeat(3));
  writeFileSync(join(d, 'c-empty.txt'), '');
  writeFileSync(join(d, 'd-binary.txt'), Buffer.from([0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0, 7]));
  writeFileSync(join(d, 'e-broken.docx'), Buffer.from('PK\x03\x04 truncated'));
  writeFileSync(join(d, 'f-html.docx'), '<html><body>不是 Word 文件</body></html>');
  return d;
}

describe('an archive folder with good, broken and duplicate files', () => {
  const d = mixedFolder('mixed');

  it('never stops at an unreadable file; json is sorted by path, counts them by reason and is the same on 1 and 2 threads', () => {
    const one = gongwen(['check', '-f', 'json', '--concurrency', '1', '.'], { cwd: d });
    const two = gongwen(['check', '-f', 'json', '--concurrency', '2', '.'], { cwd: d });
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    // The HTML report, written as the files come, is the same on one thread and with the pool.
    const html = ['-f', 'html', '.'];
    expect(gongwen(['check', '--concurrency', '2', ...html], { cwd: d }).stdout).toBe(
      gongwen(['check', '--concurrency', '1', ...html], { cwd: d }).stdout,
    );
    const j = JSON.parse(two.stdout) as JsonReport;
    const paths = j.files.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toHaveLength(7);
    expect(j.summary.failedFiles).toBe(3);
    const codes = Object.fromEntries(j.files.filter((f) => f.error).map((f) => [f.path, f.error!.code]));
    expect(codes).toEqual({ 'd-binary.txt': 'binary-file', 'e-broken.docx': 'corrupt-zip', 'f-html.docx': 'html' });
    const byCode: Record<string, number> = {};
    for (const c of Object.values(codes)) byCode[c] = (byCode[c] ?? 0) + 1;
    expect(j.summary.failedByCode).toEqual(byCode);
    // Each unreadable file is also named on stderr, and the run went on past them.
    for (const p of Object.keys(codes)) expect(two.stderr).toContain(`gongwen: ${p}:`);
    expect(j.files.find((f) => f.path === 'b-bad.txt')!.diagnostics.length).toBeGreaterThan(0);
  });

  it('identical documents are checked once and reported together, the later one naming the first', () => {
    const r = gongwen(['check', '-f', 'json', '.'], { cwd: d });
    const j = JSON.parse(r.stdout) as JsonReport;
    const bad = j.files.find((f) => f.path === 'b-bad.txt')!;
    const copy = j.files.find((f) => f.path === 'sub/copy-of-bad.txt')!;
    expect(bad.sameAs).toBeUndefined();
    expect(copy.sameAs).toBe('b-bad.txt');
    expect(copy.diagnostics).toEqual(bad.diagnostics);
    expect(j.files.filter((f) => f.sameAs)).toHaveLength(1);
  });

  it('stylish lists the unreadable files by reason after the summary', () => {
    const r = gongwen(['check', '.'], { cwd: d });
    expect(r.code).toBe(1);
    const tail = r.stdout.slice(r.stdout.indexOf('检查了 7 个文件'));
    expect(tail).toContain('3 个文件无法检查');
    expect(tail).toMatch(/无法检查的文件（按原因：binary-file 1，corrupt-zip 1，html 1）/);
    for (const p of ['d-binary.txt', 'e-broken.docx', 'f-html.docx']) expect(tail).toContain(p);
    expect(tail).not.toContain('c-empty.txt');
  });

  it('jsonl: one object per file, then a summary line; the same files and findings as json', () => {
    const r = gongwen(['check', '-f', 'jsonl', '.'], { cwd: d });
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(8);
    expect(lines.slice(0, 7).every((l) => l.type === 'file')).toBe(true);
    const last = lines[7];
    expect(last.type).toBe('summary');
    expect(last.summary.files).toBe(7);
    expect(last.summary.failedFiles).toBe(3);
    const json = JSON.parse(gongwen(['check', '-f', 'json', '.'], { cwd: d }).stdout) as JsonReport;
    const byPath = (xs: JsonFile[]) => [...xs].sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(byPath(lines.slice(0, 7).map(({ type: _, ...f }) => f))).toEqual(byPath(json.files));
  });

  it('jsonl of standard input: the same two kinds of line', () => {
    const r = gongwen(['check', '--stdin', '-f', 'jsonl'], { input: BAD });
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['file', 'summary']);
    expect(lines[0].path).toBe('<stdin>');
    expect(lines[0].diagnostics[0].fingerprint).toMatch(/^[0-9a-f]{16}:0$/);
    expect(lines[1].summary.files).toBe(1);
  });

  it('a named FIFO is not a file: reported, and the other named files are checked (in the order named)', () => {
    const fifo = join(d, 'pipe.txt');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    try {
      const r = gongwen(['check', '-f', 'json', 'pipe.txt', 'b-bad.txt'], { cwd: d });
      const j = JSON.parse(r.stdout) as JsonReport;
      expect(j.files.map((f) => [f.path, f.error?.code ?? null])).toEqual([
        ['pipe.txt', 'not-a-file'],
        ['b-bad.txt', null],
      ]);
    } finally {
      spawnSync('rm', ['-f', fifo]);
    }
  });

  it('a named symbolic link that loops is a usage error naming it (with or without the pool, with or without --cache)', () => {
    const dir = join(t.dir, 'loop');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.txt'), GOOD);
    symlinkSync('loop.txt', join(dir, 'loop.txt'));
    for (const extra of [[], ['--concurrency', '1'], ['--cache']]) {
      const r = gongwen(['check', ...extra, 'loop.txt', 'a.txt'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('找不到路径：loop.txt');
      expect(r.stderr).not.toContain('内部错误');
    }
  });
});

describe('--cache', () => {
  it('a rerun takes unchanged files from the cache, checks a changed one again, and a corrupt cache is a warning', () => {
    const d = mixedFolder('cached');
    const first = gongwen(['check', '-f', 'json', '--cache', '.'], { cwd: d });
    const cacheFile = join(d, '.gongwencache');
    expect(existsSync(cacheFile)).toBe(true);
    // Proof that a rerun reads the cache and does not check again: a message changed in the cache comes out. The
    // file frames each record by byte length: the change keeps the length (latin1 reads the bytes one for one).
    const raw = readFileSync(cacheFile, 'latin1');
    const message = /"message": ?"([^"\\]{14,})"/.exec(raw)![1]!;
    writeFileSync(cacheFile, raw.replaceAll(message, 'FROM-THE-CACHE'.padEnd(message.length, '.')), 'latin1');
    const second = gongwen(['check', '-f', 'json', '--cache', '.'], { cwd: d });
    expect(second.code).toBe(first.code);
    expect(second.stdout).toContain('FROM-THE-CACHE');
    expect(second.stdout.replace(/FROM-THE-CACHE\.*/g, '')).not.toBe(first.stdout);
    // A changed file is checked again; its copy is no longer the same content.
    writeFileSync(join(d, 'b-bad.txt'), BAD.repeat(4));
    const third = JSON.parse(gongwen(['check', '-f', 'json', '--cache', '.'], { cwd: d }).stdout) as JsonReport;
    const bad = third.files.find((f) => f.path === 'b-bad.txt')!;
    expect(bad.diagnostics.map((x) => x.message)).not.toContain('FROM-THE-CACHE');
    expect(bad.diagnostics.length).toBeGreaterThan(0);
    // Without --cache nothing of it is used.
    expect(gongwen(['check', '-f', 'json', '.'], { cwd: d }).stdout).not.toContain('FROM-THE-CACHE');
    // Corrupt (cut short, or not a cache at all): ignored with a warning, the run as without a cache, and the cache
    // rebuilt.
    for (const broken of [readFileSync(cacheFile).subarray(0, 300), Buffer.from('{"entries":')]) {
      writeFileSync(cacheFile, broken);
      const fourth = gongwen(['check', '-f', 'json', '--cache', '.'], { cwd: d });
      expect(fourth.stderr).toContain('缓存文件已损坏');
      expect(fourth.stdout).not.toContain('FROM-THE-CACHE');
      expect(fourth.stdout).toBe(gongwen(['check', '-f', 'json', '.'], { cwd: d }).stdout);
      expect(readFileSync(cacheFile, 'latin1')).toMatch(/^gongwen-cache 2 [0-9a-f]{40}\n/);
    }
    // The JSON cache of an earlier version is another version's: started afresh without a word.
    writeFileSync(cacheFile, '{"gongwenCache":1,"salt":"x","entries":{}}');
    expect(gongwen(['check', '-f', 'json', '--cache', '.'], { cwd: d }).stderr).not.toContain('缓存');
  });

  it('a rerun from the cache writes every format byte for byte as a run without it, whichever format filled it', () => {
    const d = mixedFolder('cached-formats');
    const cacheFile = join(d, '.gongwencache');
    const formats = ['json', 'jsonl', 'sarif', 'stylish', 'html'];
    const plain = Object.fromEntries(
      formats.map((f) => [f, gongwen(['check', '-f', f, '--concurrency', '1', '.'], { cwd: d })]),
    );
    // Filled by json: its own part is kept, the others are made from the parsed entry; filled by stylish: none kept.
    for (const filler of ['json', 'stylish']) {
      writeFileSync(cacheFile, '');
      gongwen(['check', '-f', filler, '--cache', '.'], { cwd: d });
      for (const f of [...formats, 'json']) {
        const r = gongwen(['check', '-f', f, '--concurrency', '1', '--cache', '.'], { cwd: d });
        expect(r.code, `${filler} then ${f}`).toBe(plain[f]!.code);
        expect(r.stdout, `${filler} then ${f}`).toBe(plain[f]!.stdout);
        expect(r.stderr, `${filler} then ${f}`).toBe(plain[f]!.stderr);
      }
    }
    // --quiet (errors only) is made from the findings, not from a kept part.
    expect(gongwen(['check', '-f', 'json', '--quiet', '--cache', '.'], { cwd: d }).stdout).toBe(
      gongwen(['check', '-f', 'json', '--quiet', '.'], { cwd: d }).stdout,
    );
  });

  it('an entry whose JSON is damaged is dropped with a warning and its file checked again', () => {
    const d = mixedFolder('cache-damaged');
    const cacheFile = join(d, '.gongwencache');
    gongwen(['check', '-f', 'sarif', '--cache', '.'], { cwd: d });
    const raw = readFileSync(cacheFile, 'latin1');
    expect(raw).toContain('"diagnostics":[{');
    writeFileSync(cacheFile, raw.replace('"diagnostics":[{', '"diagnostics":[['), 'latin1');
    const r = gongwen(['check', '-f', 'sarif', '--concurrency', '1', '--cache', '.'], { cwd: d });
    expect(r.stderr).toContain('缓存文件已损坏');
    expect(r.stdout).toBe(gongwen(['check', '-f', 'sarif', '--concurrency', '1', '.'], { cwd: d }).stdout);
    expect(readFileSync(cacheFile, 'latin1')).not.toContain('"diagnostics":[[');
  });

  it('--cache-strategy: metadata (default) knows a file by its stat, which a rewrite changes even with the old size and times; content rehashes', () => {
    const d = mixedFolder('cache-strategy');
    const cacheFile = join(d, '.gongwencache');
    const rel = (stamps: Record<string, unknown>) => Object.keys(stamps).map((k) => k.slice(d.length + 1));
    // Files changed in the last two seconds are not vouched for by their stat (they may change again within the
    // file system's clock tick): none is recorded yet.
    gongwen(['check', '-f', 'json', '--cache', '.'], { cwd: d });
    expect(rel(cacheStamps(cacheFile))).toEqual([]);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
    gongwen(['check', '-f', 'json', '--cache', '.'], { cwd: d });
    const stamps = cacheStamps(cacheFile);
    expect(rel(stamps)).toContain('b-bad.txt');
    // Every file now known by its stat: the rerun answers each from the cache, duplicates included, as a run without it.
    const plain = gongwen(['check', '-f', 'json', '.'], { cwd: d }).stdout;
    expect(plain).toContain('"sameAs"');
    expect(gongwen(['check', '-f', 'json', '--cache', '.'], { cwd: d }).stdout).toBe(plain);
    // Same length, other content, the modification time put back as it was (as touch -r or cp -p would): the change
    // time still moves, so the file is read and checked again.
    const file = join(d, 'b-bad.txt');
    const { atime, mtime, size } = statSync(file);
    writeFileSync(file, GOOD + '\n'.repeat(size - Buffer.byteLength(GOOD)));
    expect(statSync(file).size).toBe(size);
    utimesSync(file, atime, mtime);
    const rerun = JSON.parse(gongwen(['check', '-f', 'json', '--cache', '.'], { cwd: d }).stdout) as JsonReport;
    expect(rerun.files.find((f) => f.path === 'b-bad.txt')!.diagnostics.map((x) => x.ruleId)).not.toContain(
      'punct/half-width',
    );
    const content = gongwen(['check', '-f', 'json', '--cache', '--cache-strategy', 'content', '.'], { cwd: d });
    expect(JSON.parse(content.stdout)).toEqual(rerun);
    const bad = gongwen(['check', '--cache', '--cache-strategy', 'mtime', '.'], { cwd: d });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--cache-strategy');
  });

  it('--cache keys its entries by the build as well as the version (dist/build-id: the bundles and data files)', async () => {
    const id = readFileSync(join(repoRoot, 'packages/cli/dist/build-id'), 'utf8').trim();
    expect(id).toMatch(/^[0-9a-f]{40}$/);
    const { buildId } = (await import(join(repoRoot, 'packages/cli/dist/version.js'))) as { buildId: () => string };
    expect(buildId()).toBe(id);
    // Reports name the version alone, with the cache or without.
    const version = (
      JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8')) as { version: string }
    ).version;
    const d = mixedFolder('cache-build');
    for (const extra of [[], ['--cache']]) {
      const sarif = JSON.parse(gongwen(['check', '-f', 'sarif', ...extra, '.'], { cwd: d }).stdout) as {
        runs: Array<{ tool: { driver: { version: string } } }>;
      };
      expect(sarif.runs[0]!.tool.driver.version).toBe(version);
    }
  });

  it('--cache-location puts it elsewhere (a folder holds .gongwencache); a rule override is another key', () => {
    const d = mixedFolder('cache-location');
    const loc = join(t.dir, 'cache-dir');
    mkdirSync(loc);
    const a = gongwen(['check', '-f', 'json', '--cache', '--cache-location', loc, '.'], { cwd: d });
    expect(existsSync(join(loc, '.gongwencache'))).toBe(true);
    expect(existsSync(join(d, '.gongwencache'))).toBe(false);
    const off = gongwen(
      ['check', '-f', 'json', '--cache', '--cache-location', loc, '--rule', 'punct/half-width=off', '.'],
      { cwd: d },
    );
    const rules = (s: string) => (JSON.parse(s) as JsonReport).files.flatMap((f) => f.diagnostics.map((x) => x.ruleId));
    expect(rules(a.stdout)).toContain('punct/half-width');
    expect(rules(off.stdout)).not.toContain('punct/half-width');
  });
});

/**
 * Many distinct files, long enough that a run takes seconds on one thread: a signal sent after the first result must
 * still find the run going (with 60 lines a file, a run of 100 could finish before a loaded test process sent it).
 */
function bigFolder(name: string, files: number): string {
  const d = join(t.dir, name);
  mkdirSync(d, { recursive: true });
  // Sorted first: its error on stderr tells the test the run has started.
  writeFileSync(join(d, '000-broken.docx'), 'PK\x03\x04');
  for (let i = 1; i <= files; i++) {
    const lines: string[] = [];
    for (let k = 0; k < 200; k++)
      lines.push(`第${i}号文件第${k}段：各单位要认真落实防汛责任,确保人民群众生命财产安全。`);
    writeFileSync(join(d, `${String(i).padStart(3, '0')}.txt`), `${lines.join('\n')}\n`);
  }
  return d;
}

function waitFor(stream: NodeJS.ReadableStream, text: string): Promise<string> {
  return new Promise((resolve) => {
    let seen = '';
    const on = (c: Buffer) => {
      seen += c.toString();
      if (seen.includes(text)) {
        stream.removeListener('data', on);
        resolve(seen);
      }
    };
    stream.on('data', on);
  });
}

function exited(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('Ctrl-C (a real SIGINT to the child) mid-run', () => {
  const d = bigFolder('big', 100);

  it('-o json: the file is written, valid, marked interrupted, with the files done; exit 130; --cache goes on from there', async () => {
    const out = join(t.dir, 'interrupted.json');
    const child = spawn(
      process.execPath,
      [bin, 'check', '-f', 'json', '--concurrency', '1', '--cache', '-o', out, '.'],
      { cwd: d, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const stderr = waitFor(child.stderr!, '000-broken.docx');
    const code = exited(child);
    await stderr;
    child.kill('SIGINT');
    expect(await code).toBe(130);
    const j = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
    expect(j.interrupted).toBe(true);
    expect(j.files.length).toBeGreaterThan(0);
    expect(j.files.length).toBeLessThan(101);
    expect(j.summary.files).toBe(j.files.length);
    // No temporary file of the report is left beside it.
    expect(readdirSync(t.dir).filter((f) => f.startsWith('.interrupted.json'))).toEqual([]);
    const cached = readFileSync(join(d, '.gongwencache'), 'latin1').match(/^r [0-9a-f]{40}:/gm)?.length ?? 0;
    expect(cached).toBeGreaterThanOrEqual(j.files.length - 1);
    const full = join(t.dir, 'continued.json');
    const rest = gongwen(['check', '-f', 'json', '--cache', '-o', full, '.'], { cwd: d });
    expect(rest.code).toBe(1);
    const all = JSON.parse(readFileSync(full, 'utf8')) as JsonReport;
    expect(all.files).toHaveLength(101);
    expect(all.interrupted).toBeUndefined();
  });

  it('-o html: the page is written, complete, marked interrupted, with a section for each file done; no spool file left', async () => {
    const out = join(t.dir, 'interrupted.html');
    const child = spawn(process.execPath, [bin, 'check', '-f', 'html', '--concurrency', '1', '-o', out, '.'], {
      cwd: d,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr = waitFor(child.stderr!, '000-broken.docx');
    const code = exited(child);
    await stderr;
    child.kill('SIGINT');
    expect(await code).toBe(130);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('<p class="warn-box">检查被中断');
    expect(page.trimEnd().endsWith('</script></body></html>')).toBe(true);
    const done = Number(/检查了 (\d+) 个文件/.exec(page)![1]);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(101);
    // Every file done has findings here (the broken one its error): one section each, in path order.
    const ids = [...page.matchAll(/<details class="doc[^"]*" id="f(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids).toEqual([...Array(done).keys()]);
    expect(page).toContain('<section id="failed">');
    // Its sections and failed rows waited in temporary files named by its process: gone.
    expect(
      readdirSync(tmpdir()).filter((f) => /^gongwen-html(-failed)?-(\d+)-/.exec(f)?.[2] === String(child.pid)),
    ).toEqual([]);
  });

  it('jsonl to a pipe: the lines so far, then a summary marked interrupted; SIGTERM does the same', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = spawn(process.execPath, [bin, 'check', '-f', 'jsonl', '--concurrency', '2', '.'], {
        cwd: d,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout!.on('data', (c: Buffer) => {
        stdout += c.toString();
      });
      const code = exited(child);
      await waitFor(child.stdout!, '\n');
      child.kill(signal);
      expect(await code).toBe(130);
      const lines = stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      const last = lines.at(-1);
      expect(last.type).toBe('summary');
      expect(last.interrupted).toBe(true);
      expect(last.summary.files).toBe(lines.length - 1);
      expect(lines.length - 1).toBeLessThan(101);
    }
  });
});

describe('output hygiene', () => {
  const d = mixedFolder('hygiene');

  it('| head: standard output closed early ends the run quietly with the usual status', () => {
    const r = spawnSync(
      'bash',
      ['-c', `node ${JSON.stringify(bin)} check . | head -n 1; echo "status=\${PIPESTATUS[0]}" >&2`],
      {
        cwd: bigFolder('piped', 60),
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toContain('status=1');
    expect(r.stderr).not.toMatch(/EPIPE|Error:|at .*\.js/);
  });

  it('-o never writes colours, even with --color; FORCE_COLOR and NO_COLOR decide for a pipe; the flags win', () => {
    const out = join(t.dir, 'report.txt');
    gongwen(['check', '--color', '-o', out, '.'], { cwd: d, env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    const report = readFileSync(out, 'utf8');
    expect(report).toContain('b-bad.txt');
    expect(report).not.toContain('\x1b[');
    const forced = gongwen(['check', '.'], { cwd: d, env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(forced.stdout).toContain('\x1b[');
    const none = gongwen(['check', '.'], { cwd: d, env: { NO_COLOR: '1' } });
    expect(none.stdout).not.toContain('\x1b[');
    const flag = gongwen(['check', '--no-color', '.'], { cwd: d, env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(flag.stdout).not.toContain('\x1b[');
    const on = gongwen(['check', '--color', '.'], { cwd: d, env: { NO_COLOR: '1' } });
    expect(on.stdout).toContain('\x1b[');
  });
});

const hasScript = spawnSync('sh', ['-c', 'command -v script']).status === 0;
if (!hasScript && process.env.CI) throw new Error('util-linux script must be installed in CI (progress test)');

// Each case runs whole checks on a terminal: slow on a busy machine.
describe.skipIf(!hasScript)('progress on a real pseudo-terminal (util-linux script)', { timeout: 240_000 }, () => {
  const d = bigFolder('progress', 20);
  /** Runs the CLI with its stdout and stderr on a pseudo-terminal; returns what the terminal received. */
  function onTerminal(args: string[], env: Record<string, string | undefined>): string {
    const cmd = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) childEnv[k] = v;
    // script copies what the terminal receives to its own standard output (no typescript file: /dev/null).
    const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], {
      cwd: d,
      env: childEnv,
      timeout: 120_000,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.error) throw r.error;
    return r.stdout;
  }
  const out = join(t.dir, 'progress.json');

  it('shows done/total, rate, time left and unreadable files so far on stderr, then clears it', () => {
    const screen = onTerminal(['check', '-f', 'json', '-o', out, '.'], { CI: undefined, NO_COLOR: '1' });
    expect(screen).toMatch(/21\/21 个文件 \| [\d.]+ 个\/秒 \| 剩余 [\d:]+ \| 无法检查 1/);
    expect(screen).toMatch(/\d+\/21 个文件/);
    expect(screen).toContain('\x1b[2K');
    expect(JSON.parse(readFileSync(out, 'utf8')).files).toHaveLength(21);
  });

  it('is silent with CI set or --no-progress', () => {
    expect(onTerminal(['check', '-f', 'json', '-o', out, '.'], { CI: '1' })).not.toContain('个文件 |');
    expect(onTerminal(['check', '--no-progress', '-f', 'json', '-o', out, '.'], { CI: undefined })).not.toContain(
      '个文件 |',
    );
  });
});

const docs = ['simonxinw_07.doc', 'simonxinw_11.doc'].map((f) => join(repoRoot, '..', 'shared/corpora/docx/real', f));
const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;
const hasDocs = docs.every((f) => existsSync(f));
if ((!hasSoffice || !hasDocs) && process.env.CI)
  throw new Error('LibreOffice and the shared .doc corpus are needed in CI');
if (!hasDocs) console.warn('legacy batch test skipped: ../shared/corpora/docx/real not found');

describe.skipIf(!hasSoffice || !hasDocs)('.doc files in a folder', () => {
  it('are converted by one LibreOffice run, same-named files in different folders kept apart', () => {
    const d = join(t.dir, 'legacy');
    mkdirSync(join(d, 'a'), { recursive: true });
    mkdirSync(join(d, 'b'), { recursive: true });
    copyFileSync(docs[0]!, join(d, 'a', 'same.doc'));
    copyFileSync(docs[1]!, join(d, 'b', 'same.doc'));
    // The real soffice, behind a script that notes each start.
    const log = join(t.dir, 'soffice.log');
    const wrapper = join(t.dir, 'soffice-counting');
    writeFileSync(wrapper, `#!/bin/sh\necho "$@" >> '${log}'\nexec soffice "$@"\n`);
    chmodSync(wrapper, 0o755);
    const r = gongwen(['check', '-f', 'json', '.'], { cwd: d, env: { GONGWEN_SOFFICE: wrapper } });
    const j = JSON.parse(r.stdout) as JsonReport;
    expect(j.files.map((f) => [f.path, f.format, f.error])).toEqual([
      ['a/same.doc', 'docx', null],
      ['b/same.doc', 'docx', null],
    ]);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
    // Each file's findings are its own: the same as checking it alone.
    for (const f of j.files) {
      const alone = JSON.parse(gongwen(['check', '-f', 'json', f.path], { cwd: d }).stdout) as JsonReport;
      expect(f.diagnostics).toEqual(alone.files[0]!.diagnostics);
    }
  });
});
