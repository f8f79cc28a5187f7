import { readFileSync } from 'node:fs';
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
 * An entry as the file holds it: the result as JSON bytes, parsed only when asked for, and the text made of it for a
 * report (see LintOptions.reportText) as bytes, which a rerun copies to its report without decoding anything.
 */
export interface CacheEntry {
  format: FileResult['format'];
  /** The result has an error (read without parsing the rest). */
  failed: boolean;
  /** Bytes holding the result's JSON at [bodyStart, textStart) and the text at [textStart, textEnd). */
  bytes: Uint8Array;
  bodyStart: number;
  textStart: number;
  textEnd: number;
  textKey?: string;
}

/** The report text of an entry kept under `key`, as bytes. */
export function entryText(e: CacheEntry, key: string): Uint8Array | undefined {
  return e.textKey === key ? e.bytes.subarray(e.textStart, e.textEnd) : undefined;
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

  /** The cache file as read: entries and stamps of it are read from these bytes when asked for. */
  private buf: Buffer = Buffer.alloc(0);
  /**
   * Entries read from the cache file, less those replaced or dropped since: where each record's header line begins.
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
    let buf: Buffer;
    try {
      buf = readFileSync(location);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        warn?.(
          `缓存文件无法读取，本次不使用：${location}（${(e as NodeJS.ErrnoException).code}） / cache not readable`,
        );
      return new ResultCache(location, salt);
    }
    try {
      return ResultCache.parse(location, salt, buf);
    } catch (e) {
      if (!(e instanceof CorruptCache)) throw e;
      warn?.(`缓存文件已损坏，已忽略并将重建：${location}（${oneLine(e)}） / corrupt cache ignored`);
      const c = new ResultCache(location, salt);
      c.changed = true;
      return c;
    }
  }

  private static parse(location: string, salt: string, buf: Buffer): ResultCache {
    if (buf.subarray(0, OLDER.length).toString('latin1') === OLDER) return new ResultCache(location, salt);
    const headEnd = lineEnd(buf, 0);
    const head = buf.toString('latin1', 0, headEnd);
    need(head.startsWith(MAGIC), 'not a gongwen cache');
    const cache = new ResultCache(location, salt);
    if (head.slice(MAGIC.length) !== salt) return cache;
    cache.buf = buf;
    let pos = headEnd + 1;
    while (pos < buf.length && buf[pos] === 0x72 /* r */) {
      const r = readRecord(buf, pos);
      cache.entries.set(buf.toString('latin1', pos + 2, r.keyEnd), pos);
      pos = r.textEnd + 1;
    }
    // The stamps, one line each to the end: checked here, their numbers read when a file asks for its own.
    while (pos < buf.length) {
      // f <size> <mtimeMs> <ctimeMs> <ino> <hash> <path as JSON>
      need(buf[pos] === 0x66 /* f */ && buf[pos + 1] === 32, 'bad file record');
      let at = pos + 2;
      for (let k = 0; k < 4; k++) {
        const from = at;
        while (at < buf.length && NUMBER_BYTE[buf[at]!]) at++;
        need(at > from && buf[at] === 32, 'bad file record');
        at++;
      }
      for (let k = 0; k < 40; k++, at++) need(HEX_BYTE[buf[at]!], 'bad file record');
      need(buf[at] === 32, 'bad file record');
      const jsonStart = at + 1;
      const end = lineEnd(buf, jsonStart);
      let path: unknown;
      let plain = end - jsonStart > 1 && buf[jsonStart] === 0x22 && buf[end - 1] === 0x22;
      for (let i = jsonStart + 1; plain && i < end - 1; i++) if (buf[i] === 0x5c || buf[i] === 0x22) plain = false;
      if (plain) path = buf.toString('utf8', jsonStart + 1, end - 1);
      else
        try {
          path = JSON.parse(buf.toString('utf8', jsonStart, end));
        } catch {
          need(false, 'bad file record');
        }
      need(typeof path === 'string', 'bad file record');
      cache.files.set(path, pos + 2);
      pos = end + 1;
    }
    return cache;
  }

  /** A stamp of the cache file, its numbers read from the line at `at`; undefined if one is not a number. */
  private stampAt(at: number): FileStamp | undefined {
    const buf = this.buf;
    const n: number[] = [];
    for (let k = 0; k < 4; k++) {
      let end = at;
      while (buf[end] !== 32) end++;
      n.push(Number(buf.toString('latin1', at, end)));
      at = end + 1;
    }
    const [size, mtimeMs, ctimeMs, ino] = n as [number, number, number, number];
    if (!Number.isFinite(size + mtimeMs + ctimeMs + ino)) return undefined;
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
    return i >= 0 ? this.buf.toString('latin1', i, i + 40) : undefined;
  }

  /** Where the next field begins if the field at `at` is `value` as written (followed by a space), else -1. */
  private numberIs(at: number, value: number): number {
    const text = String(value);
    const buf = this.buf;
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
    const f = this.fresh.get(key);
    if (!f) {
      const at = this.entries.get(key);
      return at === undefined ? undefined : entryOf(readRecord(this.buf, at), this.buf);
    }
    const bytes = this.out?.read(f.bodyStart, f.textEnd - f.bodyStart);
    if (!bytes) return undefined;
    return {
      format: f.format,
      failed: f.failed,
      bytes,
      bodyStart: 0,
      textStart: f.textStart - f.bodyStart,
      textEnd: f.textEnd - f.bodyStart,
      ...(f.textKey !== undefined ? { textKey: f.textKey } : {}),
    };
  }

  /** The result of an entry, parsed from its bytes (not kept: the next call parses again). */
  static result(entry: CacheEntry): CachedResult {
    const b = entry.bytes;
    const r = JSON.parse(
      Buffer.from(b.buffer, b.byteOffset + entry.bodyStart, entry.textStart - entry.bodyStart).toString('utf8'),
    );
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
    this.append(key, e.format, e.failed, e.bytes.subarray(e.bodyStart, e.textStart), text);
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
      const buf = this.buf;
      for (const at of this.entries.values()) out.write(buf.subarray(at, readRecord(buf, at).textEnd + 1));
      for (const at of this.files.values()) out.write(buf.subarray(at - 2, lineEnd(buf, at) + 1));
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
function lineEnd(buf: Uint8Array, from: number): number {
  // Record lines are short: a loop here costs less than a call to indexOf for each.
  let at = from;
  while (at < buf.length && buf[at] !== 10) at++;
  need(at < buf.length, 'truncated');
  return at;
}

const byteSet = (chars: string) => {
  const set = new Uint8Array(256);
  for (const c of chars) set[c.charCodeAt(0)] = 1;
  return set;
};
/** Bytes of a number as JavaScript writes one (a time in milliseconds has a fraction; a large one an exponent). */
const NUMBER_BYTE = byteSet('0123456789.-+eE');
const HEX_BYTE = byteSet('0123456789abcdef');
/** Bytes of a name in a record header (see WORD). */
const WORD_BYTE = byteSet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:+-');

interface RecordAt {
  /** The key is at [its start + 2, keyEnd). */
  keyEnd: number;
  /** Where the format, the text key and the body begin. */
  formatStart: number;
  formatEnd: number;
  failed: boolean;
  textKeyStart: number;
  textKeyEnd: number;
  bodyStart: number;
  textStart: number;
  textEnd: number;
}

/**
 * The record whose header line begins at `pos`, checked:
 * r <key> <format> <e|-> <body bytes> <text key|-> <text bytes>\n<body><text>\n
 */
function readRecord(buf: Buffer, pos: number): RecordAt {
  need(buf[pos] === 0x72 && buf[pos + 1] === 32, 'bad record');
  const word = (at: number) => {
    let i = at;
    while (i < buf.length && WORD_BYTE[buf[i]!]) i++;
    need(i > at && (buf[i] === 32 || buf[i] === 10), 'bad record');
    return i;
  };
  const number = (at: number) => {
    let n = 0;
    let i = at;
    for (; i < buf.length && buf[i]! >= 48 && buf[i]! <= 57; i++) n = n * 10 + buf[i]! - 48;
    need(i > at && i - at < 16, 'bad length');
    return [n, i] as const;
  };
  const keyEnd = word(pos + 2);
  const formatStart = keyEnd + 1;
  const formatEnd = word(formatStart);
  const flag = buf[formatEnd + 1];
  need((flag === 0x65 || flag === 0x2d) && buf[formatEnd + 2] === 32, 'bad record');
  const [bodyLength, bodyLengthEnd] = number(formatEnd + 3);
  need(buf[bodyLengthEnd] === 32, 'bad record');
  const textKeyStart = bodyLengthEnd + 1;
  const textKeyEnd = word(textKeyStart);
  need(buf[textKeyEnd] === 32, 'bad record');
  const [textLength, headerEnd] = number(textKeyEnd + 1);
  need(buf[headerEnd] === 10, 'bad record');
  const bodyStart = headerEnd + 1;
  const textStart = bodyStart + bodyLength;
  const textEnd = textStart + textLength;
  need(textEnd < buf.length && buf[textEnd] === 10, 'truncated record');
  need(buf[bodyStart] === 0x7b && buf[textStart - 1] === 0x7d, 'bad record');
  return {
    keyEnd,
    formatStart,
    formatEnd,
    failed: flag === 0x65,
    textKeyStart,
    textKeyEnd,
    bodyStart,
    textStart,
    textEnd,
  };
}

function entryOf(r: RecordAt, buf: Buffer): CacheEntry {
  const textKey =
    r.textKeyEnd - r.textKeyStart === 1 && buf[r.textKeyStart] === 0x2d
      ? undefined
      : buf.toString('latin1', r.textKeyStart, r.textKeyEnd);
  return {
    format: buf.toString('latin1', r.formatStart, r.formatEnd) as CacheEntry['format'],
    failed: r.failed,
    bytes: buf,
    bodyStart: r.bodyStart,
    textStart: r.textStart,
    textEnd: r.textEnd,
    ...(textKey !== undefined ? { textKey } : {}),
  };
}
