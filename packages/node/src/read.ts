import { spawn } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  type Stats,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DocumentError,
  formatForPath,
  parseDocx,
  readDocument,
  readPdf,
  type GovDocument,
  type SourceFormat,
} from '@gongwen/core';

export type Env = Record<string, string | undefined>;

/** Largest input read into memory (a clear error beyond it, never an out-of-memory crash). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** `.doc`/`.wps` → `.docx` bytes. */
export type LegacyConverter = (path: string) => Promise<Uint8Array>;

/** soffice on PATH (or GONGWEN_SOFFICE), so .doc and .wps can be converted; undefined when LibreOffice is absent. */
export function findSoffice(env: Env = process.env): string | undefined {
  const explicit = env.GONGWEN_SOFFICE;
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const name of ['soffice', 'libreoffice']) {
      const p = join(dir, name);
      if (dir && existsSync(p)) return p;
    }
  }
  return undefined;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 4000) stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stderr });
    });
  });
}

/**
 * Converts a file with LibreOffice headless into another format in a private temporary directory (own user profile,
 * so parallel runs do not lock each other) and returns the bytes of the result. soffice's exit status says nothing
 * about success, so the caller checks the content.
 */
export async function sofficeConvert(
  soffice: string,
  input: string,
  target: string,
  outExt: string,
  timeoutMs = 120_000,
): Promise<Uint8Array> {
  const tmp = mkdtempSync(join(tmpdir(), 'gongwen-soffice-'));
  try {
    const out = join(tmp, 'out');
    const profile = `-env:UserInstallation=${pathToFileURL(join(tmp, 'profile')).href}`;
    const args = [
      '--headless',
      '--norestore',
      '--nologo',
      profile,
      '--convert-to',
      target,
      '--outdir',
      out,
      resolve(input),
    ];
    const { stderr } = await run(soffice, args, timeoutMs);
    const produced = existsSync(out) ? readdirSync(out).filter((f) => f.toLowerCase().endsWith(outExt)) : [];
    if (!produced.length) {
      const why = stderr.trim() ? `：${stderr.trim().split('\n').pop()}` : '';
      throw new DocumentError(
        'legacy-convert-failed',
        `LibreOffice 未能转换该文件${why} / LibreOffice could not convert the file`,
      );
    }
    return new Uint8Array(readFileSync(join(out, produced[0]!)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** .doc / .wps → .docx through this LibreOffice, then read back by our own reader to prove it is a real document. */
export function libreOfficeConverter(soffice: string): LegacyConverter {
  return async (path) => {
    const bytes = await sofficeConvert(soffice, path, 'docx', '.docx');
    try {
      const parsed = parseDocx(bytes);
      if (!parsed.doc.text.trim()) throw new Error('empty');
    } catch {
      throw new DocumentError(
        'legacy-convert-failed',
        `LibreOffice 转换 ${basename(path)} 的结果不是有效的 Word 文档（原文件可能已损坏或不是 ${extname(path)} 格式） / the conversion produced no usable document`,
      );
    }
    return bytes;
  };
}

/** The converter LibreOffice offers on this machine (per `env`), or undefined without it. */
export function defaultLegacyConverter(env: Env = process.env): LegacyConverter | undefined {
  const soffice = findSoffice(env);
  return soffice ? libreOfficeConverter(soffice) : undefined;
}

export function isLegacyPath(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '.doc' || ext === '.wps';
}

function legacyMissing(ext: string): DocumentError {
  return new DocumentError(
    'legacy-format',
    `旧版 ${ext} 格式需要先转换：安装 LibreOffice 后重试，或用 Word/WPS 另存为 .docx / legacy ${ext} needs LibreOffice (soffice) to convert`,
  );
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new DocumentError(
      'unreadable',
      `无法读取文件：${(e as NodeJS.ErrnoException).code ?? (e as Error).message} / cannot read file`,
    );
  }
}

export interface InputDocument {
  doc: GovDocument;
  format: SourceFormat;
  /** The decoded text of a text or Markdown file (what a fix rewrites); absent for .docx. */
  source?: string;
}

/** A file's size and kind, checked before it is read: a DocumentError for a folder, a device or a file too large. */
export function assertCheckable(file: string): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch (e) {
    throw unreadable(e);
  }
  if (!st.isFile()) throw new DocumentError('not-a-file', '不是普通文件 / not a regular file');
  if (st.size > MAX_INPUT_BYTES) throw tooLarge(st.size);
}

/**
 * The bytes of a file to check, with assertCheckable's checks made on the open file: one open, fstat, read and close,
 * in this thread. An archive run reads every file even when the cache answers; through fs.promises each of those
 * steps is a round trip to libuv's thread pool, which cost more than the reading itself (measured over 10,432 small
 * files). Opened non-blocking so that a FIFO among the files is refused instead of waited on.
 */
export function readCheckable(file: string): { bytes: Buffer; stat: Stats } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw unreadable(e);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new DocumentError('not-a-file', '不是普通文件 / not a regular file');
    if (stat.size > MAX_INPUT_BYTES) throw tooLarge(stat.size);
    // One byte more than the size, so that the read which finds the end needs no larger buffer; a file that grows
    // while read is read to its end, under the same limit. Each file has a buffer of its own, not a slice of Node's
    // shared pool: a slice crosses to a worker thread with the whole pool, and a larger buffer kept for a small file
    // (this was 64 KB for every file) made this thread's memory grow with the files in flight.
    let buf = Buffer.allocUnsafeSlow(stat.size + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > MAX_INPUT_BYTES) throw tooLarge(n);
        const more = Buffer.allocUnsafeSlow(Math.min(MAX_INPUT_BYTES + 1, Math.max(64 * 1024, n * 2)));
        buf.copy(more, 0, 0, n);
        buf = more;
      }
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    if (n > MAX_INPUT_BYTES) throw tooLarge(n);
    return { bytes: n === buf.length ? buf : buf.subarray(0, n), stat };
  } catch (e) {
    throw e instanceof DocumentError ? e : unreadable(e);
  } finally {
    closeSync(fd);
  }
}

function unreadable(e: unknown): DocumentError {
  return new DocumentError(
    'unreadable',
    `无法读取文件：${(e as NodeJS.ErrnoException).code ?? (e as Error).message} / cannot read file`,
  );
}

function tooLarge(size: number): DocumentError {
  return new DocumentError(
    'too-large',
    `文件过大（${(size / 1048576).toFixed(0)} MB，上限 ${MAX_INPUT_BYTES / 1048576} MB） / file too large`,
  );
}

/** The bytes of a file to check (after assertCheckable), a DocumentError `unreadable` when they cannot be read. */
export function readFileBytes(file: string): Buffer {
  return readBytes(file);
}

/**
 * One file to check: size-limited, decoded by its format (text encodings detected), .doc/.wps converted first.
 * `bytes`: the file's content already read (a batch reads and hashes it before it is checked).
 */
export async function readInput(
  file: string,
  convertLegacy: LegacyConverter | undefined,
  bytes?: Uint8Array,
): Promise<InputDocument> {
  if (!bytes) assertCheckable(file);
  const ext = extname(file).toLowerCase();
  if (isLegacyPath(file)) {
    if (!convertLegacy) throw legacyMissing(ext);
    const docx = await convertLegacy(file);
    return { doc: readDocument(docx, 'docx'), format: 'docx' };
  }
  const format = formatForPath(file) ?? 'text';
  // pdf.js is asynchronous and loaded only when a PDF is read.
  const doc =
    format === 'pdf' ? await readPdf(bytes ?? readBytes(file)) : readDocument(bytes ?? readBytes(file), format);
  return { doc, format, ...(doc.source !== undefined ? { source: doc.source } : {}) };
}

/** The .docx LibreOffice made of a .doc/.wps, read; a DocumentError `legacy-convert-failed` when it is no document. */
export function readConverted(file: string, docx: Uint8Array): InputDocument {
  try {
    const doc = readDocument(docx, 'docx');
    if (!doc.text.trim()) throw new Error('empty');
    return { doc, format: 'docx' };
  } catch {
    throw new DocumentError(
      'legacy-convert-failed',
      `LibreOffice 转换 ${basename(file)} 的结果不是有效的 Word 文档（原文件可能已损坏或不是 ${extname(file)} 格式） / the conversion produced no usable document`,
    );
  }
}

/** A .docx (or .doc/.wps) named to review or convert exists, is a file and is not too large. */
export function assertDocxInput(file: string): void {
  const st = statSync(file, { throwIfNoEntry: false });
  if (st?.isDirectory())
    throw new DocumentError(
      'not-a-file',
      '这是文件夹，请给出其中的 Word 文件（.docx） / a folder: give the Word files in it',
    );
  if (!st || !st.isFile()) throw new DocumentError('not-a-file', '文件不存在或不是普通文件 / no such file');
  // A text or Markdown file is not a broken Word file: say what the command takes and what to use instead.
  const format = formatForPath(file);
  if (format === 'text' || format === 'markdown') {
    throw new DocumentError(
      'not-word',
      `只能处理 Word 文件（.docx，或经 LibreOffice 转换的 .doc、.wps）；${extname(file)} 文件请用 gongwen check 检查 / takes Word files (.docx, .doc, .wps); check ${extname(file)} files with gongwen check`,
    );
  }
  if (format === 'pdf' || format === 'ofd') {
    throw new DocumentError(
      'not-word',
      `审阅只能处理 Word 文件（.docx，或经 LibreOffice 转换的 .doc、.wps）：${extname(file)} 是版式文件，不能写入修订和批注；请用 gongwen check 检查，或用 gongwen convert 转为 Markdown 草稿 / review takes Word files only; check ${extname(file)} files with gongwen check or convert them to a Markdown draft`,
    );
  }
  if (st.size > MAX_INPUT_BYTES) throw new DocumentError('too-large', '文件过大 / file too large');
}

/** The bytes of a .docx to work on: read directly, or converted from .doc/.wps (clear error without LibreOffice). */
export async function readDocxInput(file: string, convertLegacy: LegacyConverter | undefined): Promise<Uint8Array> {
  assertDocxInput(file);
  if (isLegacyPath(file)) {
    if (!convertLegacy) throw legacyMissing(extname(file));
    return convertLegacy(file);
  }
  return new Uint8Array(readBytes(file));
}
