import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { DocumentSnapshot, FileResult } from '@gongwen/core';
import { oneLine } from './errors.js';
import { AtomicFile } from './write.js';

/** One file's result as the cache keeps it: no path (the same content may sit under several), no document. */
export interface CachedResult {
  format: FileResult['format'];
  error: FileResult['error'];
  diagnostics: FileResult['diagnostics'];
  snapshot?: DocumentSnapshot;
  fingerprints?: readonly string[];
}

/** How recent a change must be for a file's stat not to be trusted for its content (Git's "racy" entries). */
const RACY_MS = 2000;

/** What a file's stat said when its content was hashed: while all of it holds, the hash is taken as still true. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** SHA-1 of the content. */
  hash: string;
}

/** The stat fields a stamp compares (Node's Stats or BigIntStats-free subset). */
export interface StatLike {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/**
 * An entry as the file holds it: the result as JSON bytes, read and parsed only when asked for, and the text made of
 * it for a report (see LintOptions.reportText) as bytes, which a rerun copies to its report without decoding anything.
 */
export interface CacheEntry {
  format: FileResult['format'];
  /** The result has an error (read without parsing the rest). */
  failed: boolean;
  /** The result's JSON. */
  body(): Buffer;
  /** The report text kept with the result, and what it was made for. */
  text?: Uint8Array;
  textKey?: string;
}

/** The report text of an entry kept under `key`, as bytes. */
export function entryText(e: CacheEntry, key: string): Uint8Array | undefined {
  return e.textKey === key ? e.text : undefined;
}

/** Names written in record headers: no space, no line break. */
const WORD = /^[\w.:+-]+$/;
const MAGIC = 'gongwen-cache 2 ';
/** How the JSON caches of earlier versions begin: a cache of another version, started afresh without a warning. */
const OLDER = '{"gongwenCache":';

class CorruptCache extends Error {}

function need(ok: unknown, what: string): asserts ok {
  if (!ok) throw new CorruptCache(what);
}

/**
 * `--cache`: results by key (content hash, config, ignore list), read at the start and written atomically at the end
 * (also when the run is interrupted, so the next run goes on from there). A result added in a run is written at once
 * to the new file (a temporary file beside the cache until the end) and not kept in memory: a first run over 10,432
 * files held about 50 MB of entries to write at its end. A file that is not a cache of this version
 * and rule set starts an empty one; one that cannot be read as such is ignored with a warning. Entries of files not met
 * in a run are kept: a run over part of an archive does not forget the rest.
 *
 * The file is one record per result (a header line, then its JSON and report text by byte length) and one line per
 * file stamp, so that a rerun over an unchanged archive neither parses nor re-encodes what it only passes on: the
 * whole of a cache in one JSON document cost more to parse and rebuild than the rest of such a run.
 */
export class ResultCache {
  private changed = false;
  /** The new cache file, from the first result added: its header, then each new record as it comes. */
  private out: AtomicFile | undefined;
  /** Why the new file could not be written (said once, at save). */
  private failure: unknown;
  /** Entries added in this run: where their record sits in `out`. */
  private readonly fresh = new Map<string, FreshEntry>();
  /** An entry of `out` was dropped: the file is written anew at save without it. */
  private stale = false;

  /** The cache file as read: its entries are read from it when asked for (see OldFile). */
  private old: OldFile | undefined;
  /** The stamp lines of the cache file (its end), kept: a stamp's numbers are read from them when a file asks. */
  private stampBytes: Buffer = Buffer.alloc(0);
  /**
   * Entries read from the cache file, less those replaced or dropped since: each record's number in OldFile.
   * A number, not an object, for each: a rerun over 10,432 files spent more time in the young generation's
   * collections, copying such objects made at load, than in anything else it did.
   */
  private readonly entries = new Map<string, number>();
  /** Stamps read from the cache file, less those replaced since: where each line's first number begins. */
  private readonly files = new Map<string, number>();
  /** Stamps taken in this run. */
  private readonly stamps = new Map<string, FileStamp>();

  private constructor(
    readonly location: string,
    private readonly salt: string,
  ) {}

  static load(location: string, salt: string, warn?: (message: string) => void): ResultCache {
    let file: OldFile | undefined;
    try {
      file = OldFile.open(location);
      const cache = ResultCache.parse(location, salt, file);
      if (!cache.old) file.close();
      return cache;
    } catch (e) {
      file?.close();
      if (e instanceof CorruptCache) {
        warn?.(`缓存文件已损坏，已忽略并将重建：${location}（${oneLine(e)}） / corrupt cache ignored`);
        const c = new ResultCache(location, salt);
        c.changed = true;
        return c;
      }
      const code = (e as NodeJS.ErrnoException)?.code;
      if (code === undefined) throw e;
      if (code !== 'ENOENT') warn?.(`缓存文件无法读取，本次不使用：${location}（${code}） / cache not readable`);
      return new ResultCache(location, salt);
    }
  }

  /**
   * The cache file's records and stamps, checked. The records are read through OldFile's windows, not held: a rerun
   * that copies each entry's report text never needs the results' JSON, nearly half of the file, and a fresh buffer
   * of the whole file (22 MB for 10,432 files) cost a rerun more in the memory it touched than in the reading.
   */
  private static parse(location: string, salt: string, file: OldFile): ResultCache {
    const cache = new ResultCache(location, salt);
    if (file.size >= OLDER.length && file.copy(0, OLDER.length).toString('latin1') === OLDER) return cache;
    const headEnd = file.lineEnd(0);
    const head = file.copy(0, headEnd).toString('latin1');
    need(head.startsWith(MAGIC), 'not a gongwen cache');
    if (head.slice(MAGIC.length) !== salt) return cache;
    const stampsStart = file.readRecords(headEnd + 1, (key, i) => cache.entries.set(key, i));
    cache.old = file;
    // The stamps, one line each to the end: their numbers are read (and checked) when a file asks for its own, so
    // here only the line's shape is: `f `, then the path in quotes at its end. Matching each line whole by a regular
    // expression (on the line copied into a string) was a third of reading the cache in a rerun over 10,432 files;
    // a line spoilt elsewhere holds numbers or a hash no file matches, and that file is read and hashed again.
    const buf = file.copy(stampsStart, file.size);
    cache.stampBytes = buf;
    for (let pos = 0; pos < buf.length; ) {
      const end = lineEnd(buf, pos);
      // The first quote of the line opens the path (the numbers and the hash before it have none).
      const open = buf.indexOf(0x22, pos);
      need(
        buf[pos] === 0x66 &&
          buf[pos + 1] === 0x20 &&
          open > pos + 2 + 4 * 2 + 40 &&
          open < end - 1 &&
          buf[end - 1] === 0x22,
        'bad file record',
      );
      // Decoded on its own from the bytes between the quotes. A slice of a string of the line as the table's key kept
      // the whole line alive for the run: with the record keys below, 3 MB of a rerun's peak over 10,432 files.
      let path: unknown = buf.toString('utf8', open + 1, end - 1);
      // A backslash escapes in JSON: such a path is read as JSON (a byte of a character written in several bytes is
      // never a quote or a backslash).
      if ((path as string).includes('\\'))
        try {
          path = JSON.parse(buf.toString('utf8', open, end));
        } catch {
          need(false, 'bad file record');
        }
      need(typeof path === 'string', 'bad file record');
      cache.files.set(path, pos + 2);
      pos = end + 1;
    }
    return cache;
  }

  /**
   * A stamp of the cache file, its numbers read from the line at `at`; undefined if one is not a number. A stamp line
   * is f <size> <mtimeMs> <ctimeMs> <ino> <SHA-1> <path as JSON>, the numbers as JavaScript writes them (a time in
   * milliseconds has a fraction; a large one an exponent).
   */
  private stampAt(at: number): FileStamp | undefined {
    const buf = this.stampBytes;
    const n: number[] = [];
    for (let k = 0; k < 4; k++) {
      let end = at;
      while (end < buf.length && buf[end] !== 32 && buf[end] !== 10) end++;
      if (buf[end] !== 32 || end === at) return undefined;
      n.push(Number(buf.toString('latin1', at, end)));
      at = end + 1;
    }
    const [size, mtimeMs, ctimeMs, ino] = n as [number, number, number, number];
    if (!Number.isFinite(size + mtimeMs + ctimeMs + ino) || buf[at + 40] !== 0x20 || buf[at + 41] !== 0x22)
      return undefined;
    return { size, mtimeMs, ctimeMs, ino, hash: buf.toString('latin1', at, at + 40) };
  }

  private stampOf(path: string): FileStamp | undefined {
    const fresh = this.stamps.get(path);
    if (fresh) return fresh;
    const at = this.files.get(path);
    return at === undefined ? undefined : this.stampAt(at);
  }

  /**
   * The content hash recorded for `path` if its stat is what it was then (size, modification and change times to the
   * nanosecond as Node gives them, inode). The change time cannot be set back by tools that copy times (touch -r,
   * cp -p, rsync -t): a file written since always reads as changed. Git's index trusts the same fields.
   */
  hashOf(path: string, st: StatLike): string | undefined {
    const f = this.stamps.get(path);
    if (!f) {
      const at = this.files.get(path);
      return at === undefined ? undefined : this.hashAt(at, st);
    }
    return f.size === st.size && f.mtimeMs === st.mtimeMs && f.ctimeMs === st.ctimeMs && f.ino === st.ino
      ? f.hash
      : undefined;
  }

  /**
   * hashOf for a stamp of the cache file: its numbers compared as the text they were written as (a number's text in
   * JavaScript is one for each value), without a string cut out and parsed for each: 3.5 µs a file before, a rerun
   * over 10,432 files spent some 35 ms there.
   */
  private hashAt(at: number, st: StatLike): string | undefined {
    let i = this.numberIs(at, st.size);
    if (i >= 0) i = this.numberIs(i, st.mtimeMs);
    if (i >= 0) i = this.numberIs(i, st.ctimeMs);
    if (i >= 0) i = this.numberIs(i, st.ino);
    const buf = this.stampBytes;
    // The hash, then the path: a line spoilt there answers nothing.
    return i >= 0 && buf[i + 40] === 0x20 && buf[i + 41] === 0x22 ? buf.toString('latin1', i, i + 40) : undefined;
  }

  /** Where the next field begins if the field at `at` is `value` as written (followed by a space), else -1. */
  private numberIs(at: number, value: number): number {
    const text = String(value);
    const buf = this.stampBytes;
    for (let k = 0; k < text.length; k++) if (buf[at + k] !== text.charCodeAt(k)) return -1;
    return buf[at + text.length] === 32 ? at + text.length + 1 : -1;
  }

  stamp(path: string, st: StatLike, hash: string): void {
    // A file changed in the last moments may change again within the same clock tick, leaving its times as they
    // were (file systems stamp from a coarse clock): it is not vouched for by its stat, and is read next time.
    if (Date.now() - Math.max(st.mtimeMs, st.ctimeMs) < RACY_MS) return;
    const f = this.stampOf(path);
    if (
      f &&
      f.hash === hash &&
      f.size === st.size &&
      f.mtimeMs === st.mtimeMs &&
      f.ctimeMs === st.ctimeMs &&
      f.ino === st.ino
    )
      return;
    this.files.delete(path);
    this.stamps.set(path, { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, hash });
    this.changed = true;
  }

  /** Whether there is an entry for `key` (without reading it). */
  has(key: string): boolean {
    return this.fresh.has(key) || this.entries.has(key);
  }

  get(key: string): CacheEntry | undefined {
    // A rerun over an unchanged archive adds nothing: one lookup a file, not two.
    const f = this.fresh.size ? this.fresh.get(key) : undefined;
    if (!f) {
      const at = this.entries.get(key);
      if (at === undefined || !this.old) return undefined;
      try {
        return this.old.entry(at);
      } catch {
        // The file could not be read again (checked when it was read first): the entry is as good as gone.
        this.drop(key);
        return undefined;
      }
    }
    const bytes = this.out?.read(f.bodyStart, f.textEnd - f.bodyStart);
    if (!bytes) return undefined;
    const bodyLength = f.textStart - f.bodyStart;
    return {
      format: f.format,
      failed: f.failed,
      body: () => bytes.subarray(0, bodyLength),
      ...(f.textKey !== undefined ? { textKey: f.textKey, text: bytes.subarray(bodyLength) } : {}),
    };
  }

  /** The result of an entry, parsed from its bytes (not kept: the next call parses again). */
  static result(entry: CacheEntry): CachedResult {
    const r = JSON.parse(entry.body().toString('utf8'));
    if (!r || !Array.isArray(r.diagnostics) || typeof r.format !== 'string') throw new Error('not a result');
    return r as CachedResult;
  }

  set(key: string, r: CachedResult, text?: { key: string; text: Uint8Array }): void {
    const value = {
      format: r.format,
      error: r.error,
      diagnostics: r.diagnostics,
      ...(r.snapshot ? { snapshot: r.snapshot } : {}),
      ...(r.fingerprints ? { fingerprints: r.fingerprints } : {}),
    };
    if (!WORD.test(key) || !WORD.test(r.format) || (text && !WORD.test(text.key))) return;
    // The same content met again while its first check was still running: its result is the one written.
    if (this.fresh.has(key) && this.fresh.get(key)!.textKey === text?.key) return;
    this.append(key, r.format, Boolean(r.error), Buffer.from(JSON.stringify(value), 'utf8'), text);
  }

  drop(key: string): void {
    if (this.entries.delete(key)) this.changed = true;
    if (this.fresh.delete(key)) this.stale = true;
  }

  /** Adds the report text to an entry that has another or none (a rerun in another format). */
  setText(key: string, text: { key: string; text: Uint8Array }): void {
    const e = this.get(key);
    if (!e || !WORD.test(text.key)) return;
    this.append(key, e.format, e.failed, e.body(), text);
  }

  /** A record written to the new file; the entry is then read back from there if asked for again. */
  private append(
    key: string,
    format: CacheEntry['format'],
    failed: boolean,
    body: Uint8Array,
    text: { key: string; text: Uint8Array } | undefined,
  ): void {
    this.changed = true;
    // An entry read from the old file and made again is written with the new ones, not with the old.
    this.entries.delete(key);
    const out = this.open();
    if (!out) return;
    const textLength = text?.text.length ?? 0;
    try {
      out.write(record(key, format, failed, body.length, text?.key, textLength));
      const bodyStart = out.size;
      out.write(body);
      if (text) out.write(text.text);
      out.write(NL);
      // A key written twice (an entry given another report's text): the file's later record is the one read.
      this.fresh.set(key, {
        format,
        failed,
        bodyStart,
        textStart: bodyStart + body.length,
        textEnd: bodyStart + body.length + textLength,
        ...(text ? { textKey: text.key } : {}),
      });
    } catch (e) {
      this.fail(e);
    }
  }

  private open(): AtomicFile | undefined {
    if (this.out || this.failure !== undefined) return this.out;
    try {
      this.out = new AtomicFile(this.location);
      this.out.write(Buffer.from(`${MAGIC}${this.salt}\n`, 'latin1'));
    } catch (e) {
      this.fail(e);
    }
    return this.out;
  }

  /** The new file cannot be written: what it held is gone, and nothing more is added this run. */
  private fail(e: unknown): void {
    this.failure = e;
    this.out?.discard();
    this.out = undefined;
    this.fresh.clear();
  }

  /**
   * Writes the cache if anything was added: the entries of the old file that still hold and the file stamps after
   * the new records, then the file put in place. A failure to write is a warning (the results themselves are out).
   */
  save(warn?: (message: string) => void): void {
    if (!this.changed) return;
    this.changed = false;
    let out = this.open();
    if (out && this.stale) out = this.compact(out);
    if (!out) {
      warn?.(`缓存文件未能写入：${oneLine(this.failure)} / cache not written`);
      return;
    }
    try {
      // Records and stamps read from the old file are written as the bytes they were, not parsed and made again.
      const old = this.old;
      if (old) for (const i of this.entries.values()) old.copyRecord(out, i);
      const stamps = this.stampBytes;
      for (const at of this.files.values()) out.write(stamps.subarray(at - 2, lineEnd(stamps, at) + 1));
      for (const [k, f] of this.stamps)
        out.write(`f ${f.size} ${f.mtimeMs} ${f.ctimeMs} ${f.ino} ${f.hash} ${JSON.stringify(k)}\n`);
      out.commit();
    } catch (e) {
      out.discard();
      warn?.(`缓存文件未能写入：${oneLine(e)} / cache not written`);
    } finally {
      this.out = undefined;
      this.fresh.clear();
    }
  }

  /** A new file with the records of `from` that still hold (one was dropped after it was written). */
  private compact(from: AtomicFile): AtomicFile | undefined {
    const fresh = [...this.fresh];
    this.out = undefined;
    this.fresh.clear();
    this.stale = false;
    const out = this.open();
    if (out) {
      for (const [k, f] of fresh) {
        const bytes = from.read(f.bodyStart, f.textEnd - f.bodyStart);
        if (!bytes) continue;
        const textLength = f.textEnd - f.textStart;
        out.write(record(k, f.format, f.failed, f.textStart - f.bodyStart, f.textKey, textLength));
        out.write(bytes);
        out.write(NL);
      }
    }
    from.discard();
    return out;
  }
}

const NL = Buffer.from('\n');

/** A record's header line: r <key> <format> <e|-> <body bytes> <text key|-> <text bytes>. */
function record(
  key: string,
  format: string,
  failed: boolean,
  bodyLength: number,
  textKey: string | undefined,
  textLength: number,
): string {
  return `r ${key} ${format} ${failed ? 'e' : '-'} ${bodyLength} ${textKey ?? '-'} ${textLength}\n`;
}

/** Where an entry added in a run sits in the new file. */
interface FreshEntry {
  format: CacheEntry['format'];
  failed: boolean;
  bodyStart: number;
  textStart: number;
  textEnd: number;
  textKey?: string;
}

/** Where the line that goes on at `from` ends (a cache line always ends with a line break). */
function lineEnd(buf: Buffer, from: number): number {
  const at = buf.indexOf(10, from);
  need(at >= 0, 'truncated');
  return at;
}

/** A record's header line: r <key> <format> <e|-> <body bytes> <text key|-> <text bytes>. */
const RECORD_HEADER = /^r ([\w.:+-]+) ([\w.:+-]+) ([e-]) (\d{1,15}) ([\w.:+-]+) (\d{1,15})$/;

/** How much of the old cache file a window holds. */
const WINDOW = 256 * 1024;
/** The longest line a cache file may hold (a stamp's path is one; a record's header is some 150 bytes). */
const MAX_LINE = 64 * 1024;

interface Window {
  buf: Buffer;
  /** The file's bytes [from, to) are at buf[0, to - from). */
  from: number;
  to: number;
}

/**
 * An entry of the cache file as read: one object of one class for each (a rerun makes one for every file), its JSON
 * read from the file when asked for.
 */
class OldEntry implements CacheEntry {
  declare readonly textKey?: string;
  declare readonly text?: Uint8Array;

  constructor(
    private readonly file: OldFile,
    private readonly at: number,
    readonly format: CacheEntry['format'],
    readonly failed: boolean,
    textKey: string | undefined,
    text: Uint8Array | undefined,
  ) {
    if (textKey !== undefined) {
      const self = this as { textKey?: string; text?: Uint8Array };
      self.textKey = textKey;
      self.text = text;
    }
  }

  body(): Buffer {
    return this.file.bodyOf(this.at);
  }
}

/** Closes the descriptor of an old cache file once nothing can ask for its entries any more. */
const closeWhenUnreachable = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

/**
 * The cache file a run starts from, read through two windows of WINDOW bytes that are filled again and again (the
 * one used longer ago first) instead of in one buffer: a rerun reads each entry's header and report text in about the
 * order the file holds them, and only what it asks for. It is open while its entries may be asked for: a result
 * answered from the cache reads its JSON from here when a field of it is first read, which may be after the run
 * (the descriptor is closed once the cache and its results are gone, or when the process exits).
 */
class OldFile {
  private readonly windows: Window[] = [];
  /** The window used last. */
  private last = 0;

  private constructor(
    private fd: number | undefined,
    readonly size: number,
  ) {
    if (fd !== undefined) closeWhenUnreachable.register(this, fd, this);
  }

  static open(location: string): OldFile {
    const fd = openSync(location, 'r');
    try {
      return new OldFile(fd, fstatSync(fd).size);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    closeWhenUnreachable.unregister(this);
    try {
      closeSync(this.fd);
    } catch {
      // Closed already: nothing to do.
    }
    this.fd = undefined;
  }

  /** A window holding the file's bytes [start, end) (read into it if none does). */
  private at(start: number, end: number): Window {
    need(start <= end && end <= this.size, 'truncated');
    for (let k = 0; k < this.windows.length; k++) {
      const w = this.windows[k]!;
      if (start >= w.from && end <= w.to) {
        this.last = k;
        return w;
      }
    }
    const length = Math.max(end - start, Math.min(WINDOW, this.size - start));
    if (length > WINDOW) return { buf: this.read(Buffer.allocUnsafe(length), start), from: start, to: start + length };
    if (this.windows.length < 2)
      this.windows.push({ buf: Buffer.allocUnsafeSlow(Math.min(WINDOW, this.size)), from: 0, to: 0 });
    const k = this.windows.length === 1 ? 0 : 1 - this.last;
    const w = this.windows[k]!;
    this.read(w.buf.subarray(0, length), start);
    w.from = start;
    w.to = start + length;
    this.last = k;
    return w;
  }

  /** Fills `into` with the file's bytes from `position`. */
  private read(into: Buffer, position: number): Buffer {
    need(this.fd !== undefined, 'closed');
    for (let off = 0; off < into.length; ) {
      const n = readSync(this.fd!, into, off, into.length - off, position + off);
      // The file grew shorter since it was opened: what it held is no longer there.
      need(n > 0, 'truncated');
      off += n;
    }
    return into;
  }

  byte(at: number): number {
    const w = this.at(at, at + 1);
    return w.buf[at - w.from]!;
  }

  /** The file's bytes [start, end), in a buffer of their own. */
  copy(start: number, end: number): Buffer {
    const w = this.at(start, end);
    const bytes = w.buf.subarray(start - w.from, end - w.from);
    // More than a window holds is read into a buffer of its own already.
    return this.windows.includes(w) ? Buffer.from(bytes) : bytes;
  }

  /** Writes the file's bytes [start, end) to `out`, a window at a time. */
  copyTo(out: AtomicFile, start: number, end: number): void {
    for (let p = start; p < end; ) {
      const q = Math.min(end, p + WINDOW);
      const w = this.at(p, q);
      out.write(w.buf.subarray(p - w.from, q - w.from));
      p = q;
    }
  }

  /** Where the line that goes on at `start` ends. */
  lineEnd(start: number): number {
    const limit = Math.min(this.size, start + MAX_LINE);
    const w = this.at(start, limit);
    const i = w.buf.indexOf(10, start - w.from);
    need(i >= 0 && w.from + i < limit, limit === this.size ? 'truncated' : 'line too long');
    return w.from + i;
  }

  /** Per record read (see readRecords): where it begins, its body, its text and its end (the text's line break). */
  private starts = new Float64Array(1024);
  private bodies = new Float64Array(1024);
  private texts = new Float64Array(1024);
  private ends = new Float64Array(1024);
  /** Per record: its format and text key (numbers into `names`), and 1 if it has an error. */
  private formats = new Uint16Array(1024);
  private textKeys = new Uint16Array(1024);
  private failed = new Uint8Array(1024);
  /** The formats and text keys met (a few), each once. */
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  private count = 0;

  private nameId(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      need(this.names.length < 0xffff, 'too many names');
      this.nameIds.set(name, (id = this.names.length));
      this.names.push(name);
    }
    return id;
  }

  /**
   * Reads and checks the records from `pos` on, each given to `found` with its number:
   * r <key> <format> <e|-> <body bytes> <text key|-> <text bytes>\n<body><text>\n
   * Where they end (and the stamps begin). What a record holds is kept in typed arrays, not an object each, and its
   * header is matched whole by a regular expression: a rerun reads some 10,000 of them once, with its code still
   * cold, and looks at most again.
   */
  readRecords(pos: number, found: (key: string, i: number) => void): number {
    while (pos < this.size && this.byte(pos) === 0x72 /* r */) {
      const end = this.lineEnd(pos);
      const w = this.at(pos, end);
      const m = RECORD_HEADER.exec(w.buf.toString('latin1', pos - w.from, end - w.from));
      need(m, 'bad record');
      const bodyStart = end + 1;
      const textStart = bodyStart + Number(m[4]);
      const textEnd = textStart + Number(m[6]);
      need(textEnd < this.size && this.byte(textEnd) === 10, 'truncated record');
      need(this.byte(bodyStart) === 0x7b && this.byte(textStart - 1) === 0x7d, 'bad record');
      const i = this.count++;
      if (i === this.starts.length) this.grow();
      this.starts[i] = pos;
      this.bodies[i] = bodyStart;
      this.texts[i] = textStart;
      this.ends[i] = textEnd;
      this.formats[i] = this.nameId(m[2]!);
      this.textKeys[i] = this.nameId(m[5]!);
      this.failed[i] = m[3] === 'e' ? 1 : 0;
      // The key read from the bytes on its own: a slice of the header's string kept the whole header alive.
      found(w.buf.toString('latin1', pos - w.from + 2, pos - w.from + 2 + m[1]!.length), i);
      pos = textEnd + 1;
    }
    return pos;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const grown = <T extends Float64Array | Uint16Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.starts = grown(this.starts, (k) => new Float64Array(k));
    this.bodies = grown(this.bodies, (k) => new Float64Array(k));
    this.texts = grown(this.texts, (k) => new Float64Array(k));
    this.ends = grown(this.ends, (k) => new Float64Array(k));
    this.formats = grown(this.formats, (k) => new Uint16Array(k));
    this.textKeys = grown(this.textKeys, (k) => new Uint16Array(k));
    this.failed = grown(this.failed, (k) => new Uint8Array(k));
  }

  /** Record `i` as the file holds it, written to `out`. */
  copyRecord(out: AtomicFile, i: number): void {
    this.copyTo(out, this.starts[i]!, this.ends[i]! + 1);
  }

  /** Record `i`'s entry: its report text read now, its JSON when asked for. */
  entry(i: number): CacheEntry {
    const textKey = this.names[this.textKeys[i]!]!;
    return new OldEntry(
      this,
      i,
      this.names[this.formats[i]!]! as CacheEntry['format'],
      this.failed[i] === 1,
      textKey === '-' ? undefined : textKey,
      textKey === '-' ? undefined : this.copy(this.texts[i]!, this.ends[i]!),
    );
  }

  /** Record `i`'s JSON. */
  bodyOf(i: number): Buffer {
    return this.copy(this.bodies[i]!, this.texts[i]!);
  }
}
