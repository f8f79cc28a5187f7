import {
  closeSync,
  constants,
  accessSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DocumentError, printable } from '@gongwen/core';

const REASONS: Record<string, string> = {
  EACCES: '权限不足',
  EPERM: '权限不足',
  ENOSPC: '磁盘空间不足',
  EDQUOT: '超出磁盘配额',
  EROFS: '文件系统只读',
  EISDIR: '目标是文件夹',
  ENOTDIR: '路径中有一段不是文件夹',
  ENAMETOOLONG: '路径过长',
  ENOENT: '路径不存在',
  EIO: '读写出错',
  EBUSY: '文件被占用',
  ETXTBSY: '文件被占用',
};

/** A write that failed, as a per-file error: the reason in words, the original untouched. */
export function writeFailed(path: string, e: unknown): DocumentError {
  if (e instanceof DocumentError) return e;
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  const reason = REASONS[code] ?? '写入出错';
  return new DocumentError(
    'write-failed',
    `无法写入 ${printable(path)}：${reason}${code ? `（${code}）` : ''}，原文件未改动 / cannot write ${printable(path)}: ${code || (e as Error)?.message}`,
  );
}

function writeAll(fd: number, buf: Uint8Array): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

/** Where a write to `path` must land: the file a symbolic link points to (the link itself stays a link). */
function targetOf(path: string): string {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return path;
  }
  if (!st.isSymbolicLink()) return path;
  try {
    return realpathSync(path);
  } catch (e) {
    throw new DocumentError(
      'write-failed',
      `无法写入 ${printable(path)}：符号链接指向的文件不存在，未写入 / ${printable(path)}: dangling symbolic link; nothing written (${(e as NodeJS.ErrnoException).code ?? ''})`,
    );
  }
}

/**
 * Whether `path` names something other than a regular file or a folder: a character device (/dev/null, a terminal),
 * a FIFO or socket, or /dev/stdout (a link into /proc to a pipe). Such a target is written straight through: a
 * temporary file renamed over it would replace the device or pipe with a regular file (as root, /dev/null itself), and
 * beside it may be no folder one can write to. It has no content to keep, so there is nothing to be atomic about.
 */
function isStream(path: string): boolean {
  const st = statSync(path, { throwIfNoEntry: false });
  return st !== undefined && !st.isFile() && !st.isDirectory();
}

/**
 * A temporary file's name beside `target`, unique within the process too: a cache compacted at its end opens a second
 * writer for the same target, possibly within the same millisecond as the first.
 */
let tmpCount = 0;
const tmpName = (target: string) =>
  join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.${++tmpCount}.tmp`);

function refuseReadOnly(path: string, st: Stats): void {
  if (st.isDirectory()) throw writeFailed(path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  let writable = (st.mode & 0o222) !== 0;
  try {
    accessSync(path, constants.W_OK);
  } catch {
    writable = false;
  }
  // Replacing the file by rename would go around its read-only mode (a rename needs only the folder's permission).
  if (!writable)
    throw new DocumentError(
      'write-failed',
      `无法写入 ${printable(path)}：文件是只读的，未修改 / ${printable(path)} is read-only; not changed`,
    );
}

/**
 * Writes a file atomically: a temporary file beside it, flushed, then renamed over the target, so a reader (or a
 * crash) never sees half a document. What the file was is kept: a symbolic link stays a link and its target is
 * written; a read-only file is refused, not replaced; mode and (where allowed) owner and group carry over; a file
 * with several hard links is rewritten in place after the new content was written in full beside it, so every link
 * sees it. Any failure (permission, full disk) is a DocumentError `write-failed`, the original is intact and no
 * temporary file is left.
 */
export function writeAtomic(path: string, data: Uint8Array | string): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (isStream(path)) {
    const f = new AtomicFile(path);
    f.write(buf);
    f.commit();
    return;
  }
  const target = targetOf(path);
  const st = statSync(target, { throwIfNoEntry: false });
  if (st) refuseReadOnly(target, st);
  const tmp = tmpName(target);
  let made = false;
  try {
    mkdirSync(dirname(target), { recursive: true });
    const fd = openSync(tmp, 'wx', st ? st.mode & 0o7777 : 0o666);
    made = true;
    try {
      writeAll(fd, buf);
      if (st) {
        fchmodSync(fd, st.mode & 0o7777);
        try {
          fchownSync(fd, st.uid, st.gid);
        } catch {
          // Only the owner's own group or root may change ownership; the file then belongs to whoever fixed it.
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (st && st.nlink > 1) {
      // The full content fitted on disk beside the file; now write it through the shared inode.
      const out = openSync(target, 'r+');
      try {
        writeAll(out, buf);
        ftruncateSync(out, buf.length);
        fsyncSync(out);
      } finally {
        closeSync(out);
      }
      rmSync(tmp, { force: true });
    } else renameSync(tmp, target);
  } catch (e) {
    if (made) rmSync(tmp, { force: true });
    throw writeFailed(path, e);
  }
}

/** Temporary files of AtomicFiles not yet committed or discarded: removed if the process exits first. */
const pending = new Set<string>();
let exitHook = false;
function removePending(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
}

/** How many bytes AtomicFile gathers before it writes. */
const FLUSH_AT = 1 << 18;

/**
 * A file written in pieces and put in place atomically (as writeAtomic): `write` appends to a temporary file beside
 * the target, `commit` flushes and renames it over the target, `discard` removes it. A report of any size is written
 * without being held in memory, and a reader never sees half of it.
 */
export class AtomicFile {
  private fd: number | undefined;
  private readonly tmp: string;
  private readonly target: string;
  private readonly mode: number;
  /** A device, FIFO or socket written straight through (see isStream). */
  private readonly stream: boolean = false;

  constructor(readonly path: string) {
    if (isStream(path)) {
      // Written straight through (see isStream): nothing to rename, and nothing to read back.
      this.target = this.tmp = path;
      this.mode = 0;
      this.stream = true;
      try {
        this.fd = openSync(path, 'w');
      } catch (e) {
        throw writeFailed(path, e);
      }
      return;
    }
    this.target = targetOf(path);
    const st = statSync(this.target, { throwIfNoEntry: false });
    if (st) refuseReadOnly(this.target, st);
    this.mode = st ? st.mode & 0o7777 : 0o666;
    this.tmp = tmpName(this.target);
    try {
      mkdirSync(dirname(this.target), { recursive: true });
      // Opened for reading too: a writer may read back what it wrote (see read).
      this.fd = openSync(this.tmp, 'wx+', this.mode);
      // A second Ctrl-C exits at once, in the middle of a report or a cache file: no temporary file is left.
      pending.add(this.tmp);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', removePending);
      }
    } catch (e) {
      throw writeFailed(path, e);
    }
  }

  /** How many bytes were written so far (the offset the next write starts at). */
  get size(): number {
    return this.written + this.used;
  }

  /** Bytes written earlier, from `position` (undefined once committed or discarded). */
  read(position: number, length: number): Buffer | undefined {
    if (this.fd === undefined || this.stream) return undefined;
    this.flush();
    if (this.fd === undefined) return undefined;
    const out = Buffer.allocUnsafe(length);
    let off = 0;
    try {
      while (off < length) {
        const n = readSync(this.fd, out, off, length - off, position + off);
        if (!n) return undefined;
        off += n;
      }
    } catch {
      return undefined;
    }
    return out;
  }

  write(data: string | Uint8Array): void {
    if (this.fd === undefined) return;
    // Copied into one buffer and written a few hundred kilobytes at a time: a report is written in many small pieces
    // (three for each file of a rerun from the cache), and one system call each cost more than the copy. The pieces
    // are not kept: held until a flush, they outlived the young generation and filled the old one with garbage.
    const buf = (this.buf ??= Buffer.allocUnsafeSlow(FLUSH_AT));
    if (typeof data === 'string') {
      // At most three bytes of UTF-8 for each UTF-16 unit (a surrogate pair: four for two).
      if (this.used + data.length * 3 > buf.length) {
        this.flush();
        if (data.length * 3 > buf.length) {
          this.writeOut(Buffer.from(data, 'utf8'));
          return;
        }
      }
      this.used += buf.write(data, this.used, 'utf8');
      return;
    }
    if (this.used + data.length > buf.length) {
      this.flush();
      if (data.length > buf.length) {
        this.writeOut(data);
        return;
      }
    }
    buf.set(data, this.used);
    this.used += data.length;
  }

  private buf: Buffer | undefined;
  private used = 0;
  private written = 0;

  private flush(): void {
    if (!this.used) return;
    const n = this.used;
    this.used = 0;
    this.writeOut(this.buf!.subarray(0, n));
  }

  private writeOut(data: Uint8Array): void {
    if (this.fd === undefined) return;
    try {
      writeAll(this.fd, data);
      this.written += data.length;
    } catch (e) {
      this.discard();
      throw writeFailed(this.path, e);
    }
  }

  commit(): void {
    this.flush();
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    if (this.stream) {
      try {
        closeSync(fd);
      } catch (e) {
        throw writeFailed(this.path, e);
      }
      return;
    }
    try {
      fsyncSync(fd);
      closeSync(fd);
      renameSync(this.tmp, this.target);
    } catch (e) {
      rmSync(this.tmp, { force: true });
      throw writeFailed(this.path, e);
    } finally {
      pending.delete(this.tmp);
    }
  }

  discard(): void {
    this.used = 0;
    this.buf = undefined;
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed by a failed write; the temporary file goes all the same.
    }
    this.fd = undefined;
    // A device or pipe is the target itself: what was written to it stays written, and it is never removed.
    if (this.stream) return;
    rmSync(this.tmp, { force: true });
    pending.delete(this.tmp);
  }
}
