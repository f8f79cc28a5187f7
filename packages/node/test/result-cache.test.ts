// lintFiles with a cache file, through the public API: results are written to the new cache file as they come (not
// held to the end), read back from it for a later file with the same content, and put in place whole at the end or
// when the run is stopped.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Gongwen, displayPath, type BatchFileResult, type LintOptions } from '@gongwen/node';
// Internal to the package: the built module the command line runs.
import { ResultCache } from '../dist/result-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'gongwen-result-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (i: number) => `第${i}段：各单位要认真落实防汛责任,确保人民群众生命财产安全。`;

/** `count` distinct files (0.txt …), each with findings, and copies of the first two after them. */
function archive(name: string, count: number): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(d, `${String(i).padStart(3, '0')}.txt`), `${line(i)}\n`);
  writeFileSync(join(d, 'z-copy-0.txt'), `${line(0)}\n`);
  writeFileSync(join(d, 'z-copy-1.txt'), `${line(1)}\n`);
  return d;
}

/** Every result of lintFiles over the folder `d`, in the order given. */
async function lintAll(d: string, options: LintOptions): Promise<BatchFileResult[]> {
  const out: BatchFileResult[] = [];
  for await (const r of new Gongwen({ cwd: d }).lintFiles(['.'], options)) out.push(r);
  return out;
}

/** The temporary files beside the cache file (the new cache while a run goes on). */
const temporary = (d: string) => readdirSync(d).filter((f) => f.startsWith('.cache.') && f.endsWith('.tmp'));

const plain = (r: BatchFileResult) => ({
  format: r.format,
  error: r.error,
  diagnostics: JSON.parse(JSON.stringify(r.diagnostics)),
});

describe('lintFiles with cacheLocation', () => {
  it('writes each result to the new cache file as it comes; a later copy is answered from it; a rerun from the file', async () => {
    const d = archive('streamed', 40);
    const location = join(d, 'cache');
    const g = new Gongwen({ cwd: d });
    const sizes: number[] = [];
    const first: BatchFileResult[] = [];
    for await (const r of g.lintFiles(['.'], { cacheLocation: location, concurrency: 1 })) {
      first.push(r);
      const tmp = temporary(d);
      expect(existsSync(location)).toBe(false);
      expect(tmp).toHaveLength(1);
      sizes.push(statSync(join(d, tmp[0]!)).size);
    }
    expect(first).toHaveLength(42);
    // Written as the run goes: by the last file, the file holds far more than the first records.
    expect(sizes.at(-1)!).toBeGreaterThan(sizes[5]! * 4);
    expect(temporary(d)).toEqual([]);
    const byName = new Map(first.map((r) => [displayPath(r.path, d), r]));
    for (const [copy, of] of [
      ['z-copy-0.txt', '000.txt'],
      ['z-copy-1.txt', '001.txt'],
    ] as const) {
      const r = byName.get(copy)!;
      expect(r.cached).toBe(true);
      expect(displayPath(r.sameAs!, d)).toBe(of);
      expect(plain(r)).toEqual(plain(byName.get(of)!));
      expect(r.diagnostics.length).toBeGreaterThan(0);
    }
    const again = await lintAll(d, { cacheLocation: location, concurrency: 1 });
    expect(again.every((r) => r.cached)).toBe(true);
    expect(again.map(plain)).toEqual(first.map(plain));
    expect(again.map((r) => r.sameAs)).toEqual(first.map((r) => r.sameAs));
  });

  it('keys every entry by the tool version it is given (the command line gives its version and build): another takes none', async () => {
    const d = archive('versioned', 6);
    const location = join(d, 'cache');
    const run = async (toolVersion: string) =>
      (await lintAll(d, { cacheLocation: location, concurrency: 1, toolVersion })).filter(
        (r) => !displayPath(r.path, d).startsWith('z-copy'),
      );
    expect((await run('1.0.0+aaa')).some((r) => r.cached)).toBe(false);
    expect((await run('1.0.0+aaa')).every((r) => r.cached)).toBe(true);
    expect((await run('1.0.0+bbb')).some((r) => r.cached)).toBe(false);
  });

  it('a stopped run puts what it checked in place, and leaves no temporary file', async () => {
    const d = archive('stopped', 30);
    const location = join(d, 'cache');
    const stop = new AbortController();
    let seen = 0;
    for await (const _ of new Gongwen({ cwd: d }).lintFiles(['.'], {
      cacheLocation: location,
      concurrency: 1,
      signal: stop.signal,
    })) {
      if (++seen === 10) stop.abort();
    }
    expect(temporary(d)).toEqual([]);
    const records = readFileSync(location, 'latin1').match(/^r [0-9a-f]{40}:/gm) ?? [];
    expect(records.length).toBeGreaterThanOrEqual(10);
    expect(records.length).toBeLessThan(30);
    const rest = await lintAll(d, { cacheLocation: location, concurrency: 1 });
    expect(rest).toHaveLength(32);
    expect(rest.slice(0, 10).every((r) => r.cached)).toBe(true);
    expect(rest.slice(12, 30).some((r) => r.cached)).toBe(false);
  });

  it('a cache that cannot be written is a warning at the end, and the run is complete', async () => {
    const d = archive('unwritable', 5);
    // A folder where the cache file would go: neither the temporary file beside it nor the rename can happen.
    const location = join(d, 'no-such-folder', 'sub');
    writeFileSync(join(d, 'no-such-folder'), 'a file, not a folder');
    const warnings: string[] = [];
    const results = [];
    for await (const r of new Gongwen({ cwd: d }).lintFiles(['.'], {
      cacheLocation: location,
      concurrency: 1,
      onWarning: (m) => warnings.push(m),
    }))
      results.push(r);
    expect(results).toHaveLength(7);
    expect(results.every((r) => !r.error)).toBe(true);
    expect(warnings.filter((w) => w.includes('缓存文件未能写入'))).toHaveLength(1);
  });

  it('a rerun that changes one file writes the other records and stamps as the bytes they were', async () => {
    const d = archive('kept-bytes', 30);
    const location = join(d, 'cache');
    const run = () => lintAll(d, { cacheLocation: location, concurrency: 1 });
    // Stamps are only taken for files changed longer ago than the racy window (2 s, by their change time).
    const settle = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
    settle();
    await run();
    const before = readFileSync(location, 'latin1');
    const stampLines = (text: string) => text.split('\n').filter((l) => l.startsWith('f '));
    expect(stampLines(before)).toHaveLength(32);
    writeFileSync(join(d, '005.txt'), `${line(500)}\n`);
    settle();
    const third = await run();
    expect(third.filter((r) => !r.cached).map((r) => displayPath(r.path, d))).toEqual(['005.txt']);
    const after = readFileSync(location, 'latin1');
    // Every record and stamp of the other files is in the new file as it was.
    const records = (text: string) => text.split(/(?=^r )/m).filter((r) => r.startsWith('r '));
    const unchanged = (l: string) => !l.endsWith('"005.txt"') && !l.includes(`/005.txt"`);
    for (const l of stampLines(before).filter(unchanged)) expect(stampLines(after)).toContain(l);
    expect(records(after).length).toBe(records(before).length + 1);
  });

  it('reads a cache file larger than its windows in any order, a record larger than one, and a result after the run', async () => {
    // 300 files with findings (the file is larger than its two windows of 256 KB together), and
    // one file whose report text alone is larger than a window.
    const d = archive('windows', 300);
    writeFileSync(join(d, 'big.txt'), `${Array.from({ length: 400 }, (_, i) => line(i)).join('\n')}\n`);
    const location = join(d, 'cache');
    // A text of some 130 KB for big.txt's findings, four times.
    const made = (diagnostics: unknown) => JSON.stringify(diagnostics, null, 2).repeat(4);
    const reportText = { key: 'test', make: (r: BatchFileResult) => made(r.diagnostics) };
    const run = (ordered: boolean) => lintAll(d, { cacheLocation: location, concurrency: 1, ordered, reportText });
    const text = (r: BatchFileResult) => new TextDecoder().decode(r.reportText);
    const first = await run(true);
    const size = statSync(location).size;
    expect(size).toBeGreaterThan(2 * 256 * 1024);
    expect(text(first.find((r) => r.path.endsWith('big.txt'))!).length).toBeGreaterThan(256 * 1024);
    const bytes = readFileSync(location);
    // Asked for in the order of the file, and the other way round (the windows are filled again for each entry).
    const keys = [...bytes.toString('latin1').matchAll(/^r (\S+) /gm)].map((m) => m[1]!);
    expect(keys).toHaveLength(301);
    for (const order of [keys, [...keys].reverse()]) {
      const cache = ResultCache.load(location, bytes.toString('latin1', 16, bytes.indexOf(10)));
      for (const key of order) {
        const e = cache.get(key)!;
        const body = JSON.parse(e.body().toString('utf8'));
        expect(made(body.diagnostics)).toBe(new TextDecoder().decode(e.text));
      }
    }
    // A rerun, in order and as completed: every result and text as the first run's; the JSON of a result is still
    // read after the run (after the cache file was put in place again).
    for (const ordered of [true, false]) {
      const again = await run(ordered);
      const byPath = (xs: BatchFileResult[]) => [...xs].sort((a, b) => (a.path < b.path ? -1 : 1));
      expect(again.every((r) => r.cached)).toBe(true);
      expect(byPath(again).map(text)).toEqual(byPath(first).map(text));
      expect(byPath(again).map(plain)).toEqual(byPath(first).map(plain));
      // Its fields read from the JSON are own and enumerable: a copy made by spreading it has them.
      const hit = again.find((r) => r.path.endsWith('000.txt'))!;
      const copy = { ...hit };
      expect(Object.keys(copy)).toEqual(expect.arrayContaining(['diagnostics', 'fingerprints', 'document']));
      expect(copy.diagnostics).toEqual(first.find((r) => r.path.endsWith('000.txt'))!.diagnostics);
    }
    expect(readFileSync(location).equals(bytes)).toBe(true);
    // Cut short in the middle of a record: not a cache any more, and said so.
    writeFileSync(location, bytes.subarray(0, Math.floor(size / 2)));
    const warnings: string[] = [];
    const cache = ResultCache.load(location, bytes.toString('latin1', 16, bytes.indexOf(10)), (w) => warnings.push(w));
    expect(warnings).toEqual([expect.stringContaining('缓存文件已损坏')]);
    expect(cache.has(bytes.toString('latin1').match(/^r (\S+) /m)![1]!)).toBe(false);
  });

  it("answers a file's hash from its stamp only while size, both times and inode are as recorded", async () => {
    const d = archive('stamps', 3);
    const location = join(d, 'cache');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
    for await (const _ of new Gongwen({ cwd: d }).lintFiles(['.'], { cacheLocation: location, concurrency: 1 }));
    const text = readFileSync(location, 'latin1');
    const salt = text.slice('gongwen-cache 2 '.length, text.indexOf('\n'));
    const cache = ResultCache.load(location, salt);
    const stamps = text.split('\n').filter((l) => l.startsWith('f '));
    expect(stamps).toHaveLength(5);
    for (const l of stamps) {
      const [, , , , , hash, json] = l.split(' ');
      const file = JSON.parse(json!) as string;
      const st = statSync(file);
      const now = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
      expect(cache.hashOf(file, now)).toBe(hash);
      for (const field of ['size', 'mtimeMs', 'ctimeMs', 'ino'] as const)
        expect(cache.hashOf(file, { ...now, [field]: now[field] + 1 }), field).toBeUndefined();
      expect(cache.hashOf(file, { ...now, mtimeMs: now.mtimeMs + 0.5 })).toBeUndefined();
      expect(cache.hashOf(`${file}.other`, now)).toBeUndefined();
    }
  });

  it('reads back the stamps of file names with spaces, quotes, backslashes and Chinese, and answers a rerun from them', async () => {
    const d = join(dir, 'names');
    mkdirSync(d, { recursive: true });
    const names = ['关于 防汛的通知.txt', 'a"b.txt', 'c\\d.txt', 'e.txt'];
    names.forEach((n, i) => writeFileSync(join(d, n), `${line(i)}\n`));
    const location = join(dir, 'names.cache');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
    const first = await lintAll(d, { cacheLocation: location, concurrency: 1 });
    expect(first.map((r) => r.cached ?? false)).toEqual([false, false, false, false]);
    const text = readFileSync(location, 'utf8');
    const cache = ResultCache.load(location, text.slice('gongwen-cache 2 '.length, text.indexOf('\n')));
    for (const n of names) {
      const st = statSync(join(d, n));
      const hash = cache.hashOf(join(d, n), { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino });
      expect(hash, n).toMatch(/^[0-9a-f]{40}$/);
    }
    const again = await lintAll(d, { cacheLocation: location, concurrency: 1 });
    expect(again.map((r) => r.cached)).toEqual([true, true, true, true]);
    expect(again.map(plain)).toEqual(first.map(plain));
  });

  it('a stamp spoilt in its numbers or hash answers nothing, its file is read again; a line of another shape is a corrupt cache', async () => {
    const d = archive('spoilt', 3);
    const location = join(d, 'cache');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
    const first = await lintAll(d, { cacheLocation: location, concurrency: 1 });
    const good = readFileSync(location, 'utf8');
    const salt = good.slice('gongwen-cache 2 '.length, good.indexOf('\n'));
    const target = join(d, '000.txt');
    const stampOf = (text: string) =>
      text.split('\n').find((l) => l.startsWith('f ') && l.endsWith(JSON.stringify(target)))!;
    const stamp = stampOf(good);
    const quoted = JSON.stringify(target);
    const hash = stamp.split(' ')[5]!;
    for (const spoilt of [
      `f ${'9'.repeat(60)} ${quoted}`, // numbers run together, no space before the hash
      `f x y z w ${hash} ${quoted}`, // not numbers
      stamp.replace(hash, hash.slice(0, 12)), // the hash cut short
      stamp.replace(hash, 'z'.repeat(40)), // not a hash
    ]) {
      // Last in the file: nothing after it for a search to run on into.
      writeFileSync(location, `${good.replace(`${stamp}\n`, '')}${spoilt}\n`);
      const warnings: string[] = [];
      const st = statSync(target);
      const cache = ResultCache.load(location, salt, (w) => warnings.push(w));
      expect(warnings, spoilt).toEqual([]);
      const now = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
      const answer = cache.hashOf(target, now);
      if (answer !== undefined) expect(answer, spoilt).not.toBe(hash);
      const again = await lintAll(d, { cacheLocation: location, concurrency: 1 });
      expect(again.map(plain), spoilt).toEqual(first.map(plain));
      // The file is read, hashed and stamped again; the others are answered by their stamps.
      expect(stampOf(readFileSync(location, 'utf8'))).toBe(stamp);
      const other = statSync(join(d, '001.txt'));
      const stat = { size: other.size, mtimeMs: other.mtimeMs, ctimeMs: other.ctimeMs, ino: other.ino };
      expect(cache.hashOf(join(d, '001.txt'), stat)).toMatch(/^[0-9a-f]{40}$/);
    }
    for (const broken of [stamp.slice(0, -1), `g${stamp.slice(1)}`, stamp.replace(quoted, 'path')]) {
      writeFileSync(location, good.replace(stamp, broken));
      const warnings: string[] = [];
      ResultCache.load(location, salt, (w) => warnings.push(w));
      expect(warnings, broken).toEqual([expect.stringContaining('缓存文件已损坏')]);
    }
  });

  it('lintFileGroups gives what lintFiles gives, in groups: a rerun from the cache hands on many files at a time', async () => {
    const d = archive('groups', 60);
    const location = join(d, 'cache');
    const g = new Gongwen({ cwd: d });
    const options = { cacheLocation: location, concurrency: 2 };
    const names = (rs: BatchFileResult[]) => rs.map((r) => `${r.path} ${r.sameAs ?? ''} ${r.diagnostics.length}`);
    // A first run, then a rerun each way; both ways in path order and as completed.
    for (const ordered of [true, false]) {
      const single: BatchFileResult[] = [];
      for await (const r of g.lintFiles(['.'], { ...options, ordered })) single.push(r);
      const groups: BatchFileResult[][] = [];
      for await (const group of g.lintFileGroups(['.'], { ...options, ordered })) groups.push(group);
      expect(groups.every((group) => group.length > 0)).toBe(true);
      const all = groups.flat();
      expect(all.every((r) => r.cached)).toBe(true);
      if (ordered) expect(names(all)).toEqual(names(single));
      else expect(names(all).sort()).toEqual(names(single).sort());
      expect(all).toHaveLength(62);
      // Answered without a wait, the files of a rerun come many to a group.
      expect(groups.length).toBeLessThan(all.length / 4);
    }
  });
});
