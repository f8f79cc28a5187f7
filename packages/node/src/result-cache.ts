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
/** A SHA-1 as a stamp holds it (a run reads it as five 32-bit numbers). */
const HASH = /^[0-9a-f]{40}$/;
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

  private constructor(
    readonly location: string,
    private readonly salt: string,
    /** Entries read from the cache file (their bytes are its buffer), less those replaced or dropped since. */
    private readonly entries: Map<string, CacheEntry> = new Map(),
    private readonly files: Map<string, FileStamp> = new Map(),
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
    // Record lines are short: a loop here costs less than a call to indexOf for each.
    const lineEnd = (from: number) => {
      let at = from;
      while (at < buf.length && buf[at] !== 10) at++;
      need(at < buf.length, 'truncated');
      return at;
    };
    if (buf.subarray(0, OLDER.length).toString('latin1') === OLDER) return new ResultCache(location, salt);
    const headEnd = lineEnd(0);
    const head = buf.toString('latin1', 0, headEnd);
    need(head.startsWith(MAGIC), 'not a gongwen cache');
    const cache = new ResultCache(location, salt);
    if (head.slice(MAGIC.length) !== salt) return cache;
    let pos = headEnd + 1;
    /** A whole number written in decimal at `at`, up to the next space or line break. */
    let numberEnd = 0;
    const number = (at: number) => {
      let n = 0;
      let i = at;
      for (; i < buf.length && buf[i]! >= 48 && buf[i]! <= 57; i++) n = n * 10 + buf[i]! - 48;
      need(i > at && i - at < 16, 'bad length');
      numberEnd = i;
      return n;
    };
    const word = (at: number) => {
      let i = at;
      while (i < buf.length && buf[i] !== 32 && buf[i] !== 10) i++;
      const w = buf.toString('latin1', at, i);
      need(WORD.test(w), 'bad record');
      numberEnd = i;
      return w;
    };
    while (pos < buf.length && buf[pos] === 0x72 /* r */) {
      // r <key> <format> <e|-> <body bytes> <text key|-> <text bytes>\n<body><text>\n
      need(buf[pos + 1] === 32, 'bad record');
      const key = word(pos + 2);
      const format = word(numberEnd + 1) as CacheEntry['format'];
      const flag = buf[numberEnd + 1];
      need((flag === 0x65 || flag === 0x2d) && buf[numberEnd + 2] === 32, 'bad record');
      const bodyLength = number(numberEnd + 3);
      const textKey = word(numberEnd + 1);
      const textLength = number(numberEnd + 1);
      need(buf[numberEnd] === 10, 'bad record');
      const bodyStart = numberEnd + 1;
      const textStart = bodyStart + bodyLength;
      const textEnd = textStart + textLength;
      need(textEnd < buf.length && buf[textEnd] === 10, 'truncated record');
      need(buf[bodyStart] === 0x7b && buf[textStart - 1] === 0x7d, 'bad record');
      cache.entries.set(key, {
        format,
        failed: flag === 0x65,
        bytes: buf,
        bodyStart,
        textStart,
        textEnd,
        ...(textKey !== '-' ? { textKey } : {}),
      });
      pos = textEnd + 1;
    }
    // The stamps, one line each to the end, decoded in one piece.
    const lines = buf.toString('utf8', pos).split('\n');
    need(lines.pop() === '', 'truncated');
    for (const line of lines) {
      // f <size> <mtimeMs> <ctimeMs> <ino> <hash> <path as JSON>
      const f = line.split(' ', 6);
      need(f.length === 6 && f[0] === 'f', 'bad record');
      const json = line.slice(f.join(' ').length + 1);
      let path: unknown;
      if (json.length > 1 && json[0] === '"' && !json.includes('\\') && json.indexOf('"', 1) === json.length - 1)
        path = json.slice(1, -1);
      else
        try {
          path = JSON.parse(json);
        } catch {
          need(false, 'bad file record');
        }
      const size = Number(f[1]);
      const mtimeMs = Number(f[2]);
      const ctimeMs = Number(f[3]);
      const ino = Number(f[4]);
      need(typeof path === 'string' && HASH.test(f[5]!), 'bad file record');
      need(Number.isFinite(size + mtimeMs + ctimeMs + ino), 'bad file record');
      cache.files.set(path, { size, mtimeMs, ctimeMs, ino, hash: f[5]! });
    }
    return cache;
  }

  /**
   * The content hash recorded for `path` if its stat is what it was then (size, modification and change times to the
   * nanosecond as Node gives them, inode). The change time cannot be set back by tools that copy times (touch -r,
   * cp -p, rsync -t): a file written since always reads as changed. Git's index trusts the same fields.
   */
  hashOf(path: string, st: StatLike): string | undefined {
    const f = this.files.get(path);
    return f && f.size === st.size && f.mtimeMs === st.mtimeMs && f.ctimeMs === st.ctimeMs && f.ino === st.ino
      ? f.hash
      : undefined;
  }

  stamp(path: string, st: StatLike, hash: string): void {
    // A file changed in the last moments may change again within the same clock tick, leaving its times as they
    // were (file systems stamp from a coarse clock): it is not vouched for by its stat, and is read next time.
    if (Date.now() - Math.max(st.mtimeMs, st.ctimeMs) < RACY_MS) return;
    const f = this.files.get(path);
    if (
      f &&
      f.hash === hash &&
      f.size === st.size &&
      f.mtimeMs === st.mtimeMs &&
      f.ctimeMs === st.ctimeMs &&
      f.ino === st.ino
    )
      return;
    this.files.set(path, { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, hash });
    this.changed = true;
  }

  /** Whether there is an entry for `key` (without reading it). */
  has(key: string): boolean {
    return this.fresh.has(key) || this.entries.has(key);
  }

  get(key: string): CacheEntry | undefined {
    const f = this.fresh.get(key);
    if (!f) return this.entries.get(key);
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
      // Entries read from the old file are written as the bytes they were, not parsed and made again.
      for (const [k, e] of this.entries) {
        const textLength = e.textKey !== undefined ? e.textEnd - e.textStart : 0;
        out.write(record(k, e.format, e.failed, e.textStart - e.bodyStart, e.textKey, textLength));
        out.write(e.bytes.subarray(e.bodyStart, e.textStart + textLength));
        out.write(NL);
      }
      for (const [k, f] of this.files)
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
