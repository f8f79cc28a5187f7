import { readFileSync } from 'node:fs';
import type { DocumentSnapshot, FileResult } from '@gongwen/core';
import { oneLine } from './errors.js';
import { writeAtomic } from './write.js';

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

interface CacheFile {
  gongwenCache: 1;
  salt: string;
  entries: Record<string, CachedResult>;
  /** By absolute path (the `metadata` strategy); absent in caches written before it. */
  files?: Record<string, FileStamp>;
}

/** The stat fields a stamp compares (Node's Stats or BigIntStats-free subset). */
export interface StatLike {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/**
 * `--cache`: results by key (content hash, config, ignore list) in one JSON file, read whole at the start and
 * written atomically at the end (also when the run is interrupted, so the next run goes on from there). A file that
 * is not a cache of this version and rule set starts an empty one; one that cannot be parsed is ignored with a
 * warning. Entries of files not met in a run are kept: a run over part of an archive does not forget the rest.
 */
export class ResultCache {
  private changed = false;

  private constructor(
    readonly location: string,
    private readonly salt: string,
    private readonly entries: Map<string, CachedResult>,
    private readonly files: Map<string, FileStamp> = new Map(),
  ) {}

  static load(location: string, salt: string, warn?: (message: string) => void): ResultCache {
    let text: string;
    try {
      text = readFileSync(location, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        warn?.(
          `缓存文件无法读取，本次不使用：${location}（${(e as NodeJS.ErrnoException).code}） / cache not readable`,
        );
      return new ResultCache(location, salt, new Map());
    }
    try {
      const data = JSON.parse(text) as CacheFile;
      if (data?.gongwenCache !== 1 || typeof data.entries !== 'object' || data.entries === null)
        throw new Error('not a gongwen cache');
      if (data.salt !== salt) return new ResultCache(location, salt, new Map());
      const entries = new Map<string, CachedResult>();
      for (const [k, v] of Object.entries(data.entries)) {
        if (v && Array.isArray(v.diagnostics) && typeof v.format === 'string') entries.set(k, v);
      }
      const files = new Map<string, FileStamp>();
      if (data.files && typeof data.files === 'object')
        for (const [k, v] of Object.entries(data.files)) if (v && typeof v.hash === 'string') files.set(k, v);
      return new ResultCache(location, salt, entries, files);
    } catch (e) {
      warn?.(`缓存文件已损坏，已忽略并将重建：${location}（${oneLine(e)}） / corrupt cache ignored`);
      const c = new ResultCache(location, salt, new Map());
      c.changed = true;
      return c;
    }
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

  get(key: string): CachedResult | undefined {
    return this.entries.get(key);
  }

  set(key: string, r: CachedResult): void {
    this.entries.set(key, {
      format: r.format,
      error: r.error,
      diagnostics: r.diagnostics,
      ...(r.snapshot ? { snapshot: r.snapshot } : {}),
      ...(r.fingerprints ? { fingerprints: r.fingerprints } : {}),
    });
    this.changed = true;
  }

  /** Writes the cache if anything was added; a failure to write is a warning (the results themselves are out). */
  save(warn?: (message: string) => void): void {
    if (!this.changed) return;
    // Written entry by entry: one JSON.stringify of the whole map would hold it twice over in memory.
    const parts: string[] = [`{"gongwenCache":1,"salt":${JSON.stringify(this.salt)},"entries":{`];
    let first = true;
    for (const [k, v] of this.entries) {
      parts.push(`${first ? '' : ','}${JSON.stringify(k)}:${JSON.stringify(v)}`);
      first = false;
    }
    parts.push('},"files":{');
    first = true;
    for (const [k, v] of this.files) {
      parts.push(`${first ? '' : ','}${JSON.stringify(k)}:${JSON.stringify(v)}`);
      first = false;
    }
    parts.push('}}\n');
    try {
      writeAtomic(this.location, parts.join(''));
      this.changed = false;
    } catch (e) {
      warn?.(`缓存文件未能写入：${oneLine(e)} / cache not written`);
    }
  }
}
