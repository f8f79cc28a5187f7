import { crc32 as zlibCrc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Unzipped } from 'fflate';
import { DocumentError, printable } from '../errors.js';

/** Limits that keep a hostile package from exhausting memory (zip bombs, giant parts). */
export interface ZipLimits {
  /** Largest uncompressed part. */
  maxPartBytes: number;
  /** Largest sum of uncompressed parts. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of one part above 1 MB. */
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxPartBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 5000,
};

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

/** "EncryptedPackage" as UTF-16LE: the stream name an encrypted OOXML file keeps inside its OLE container. */
function hasUtf16(bytes: Uint8Array, word: string): boolean {
  const pat = new Uint8Array(word.length * 2);
  for (let i = 0; i < word.length; i++) pat[i * 2] = word.charCodeAt(i);
  outer: for (let i = 0; i + pat.length <= bytes.length; i++) {
    if (bytes[i] !== pat[0]) continue;
    for (let j = 1; j < pat.length; j++) if (bytes[i + j] !== pat[j]) continue outer;
    return true;
  }
  return false;
}

/** Names what a non-zip file really is, so the error tells the user what to do. */
function sniffNonZip(bytes: Uint8Array): DocumentError {
  if (bytes.length === 0) return new DocumentError('empty', '文件为空 / empty file');
  if (startsWith(bytes, OLE_MAGIC)) {
    if (hasUtf16(bytes, 'EncryptedPackage')) {
      return new DocumentError(
        'encrypted',
        '文档已加密（设有打开密码），请在 Word/WPS 中取消密码后再检查 / the document is encrypted; remove the password first',
      );
    }
    return new DocumentError(
      'legacy-format',
      '这是旧版 Word/WPS 二进制文件（.doc/.wps），请安装 LibreOffice 或用 Word/WPS 另存为 .docx / legacy binary Word file; convert it to .docx',
    );
  }
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (
    i < bytes.length &&
    i < 4096 &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  const head = new TextDecoder('latin1').decode(bytes.subarray(i, i + 512)).toLowerCase();
  if (head.startsWith('{\\rtf'))
    return new DocumentError('rtf', '这是 RTF 文件而不是 .docx，请用 Word/WPS 另存为 .docx / this is RTF, not .docx');
  if (
    head.startsWith('<!doctype html') ||
    head.startsWith('<html') ||
    (head.startsWith('<') && head.includes('<html'))
  ) {
    return new DocumentError(
      'html',
      '这是网页（HTML）文件而不是 .docx，请用 Word/WPS 另存为 .docx / this is HTML, not .docx',
    );
  }
  if (head.startsWith('mime-version') || head.includes('xmlns:w="urn:schemas-microsoft-com:office:word"')) {
    return new DocumentError(
      'html',
      '这是 Word 网页/单文件格式而不是 .docx，请另存为 .docx / this is a Word web (MHT/XML) file, not .docx',
    );
  }
  return new DocumentError(
    'not-a-zip',
    '不是有效的 .docx 文件（不是 zip 压缩包） / not a .docx file (not a zip archive)',
  );
}

/** CRC-32 as zip stores it (Node's zlib: checking every part of a package in JavaScript cost a tenth of reading it). */
export function crc32(data: Uint8Array, crc = 0): number {
  return zlibCrc32(data, crc) >>> 0;
}

/**
 * An entry name that a package may not hold: absolute, with a drive letter or backslash, climbing out with `..`,
 * or with control characters. No OOXML part is named so; such entries are dropped when a package is read, so that
 * nothing that writes the package again (a reviewed copy) can carry them on.
 */
export function unsafeEntryName(name: string): boolean {
  return (
    name.startsWith('/') ||
    name.includes('\\') ||
    /^[A-Za-z]:/.test(name) ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
    /[\u0000-\u001f\u007f]/.test(name) ||
    name.split('/').some((seg) => seg === '..')
  );
}

/**
 * Inflates one entry, stopping as soon as more comes out than the entry declares: a lying size header (a small
 * declared size over a huge stream) costs at most one chunk of work, never the stream. Node's zlib does the work
 * (native, several times faster than inflating in JavaScript); its maxOutputLength is the stop.
 */
function inflateCounted(data: Uint8Array, declared: number, name: string): Uint8Array {
  let out: Buffer;
  try {
    // maxOutputLength must be at least 1; an empty part that inflates to one byte is caught by the length test below.
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, declared) });
  } catch (e) {
    if ((e as { code?: string })?.code === 'ERR_BUFFER_TOO_LARGE') throw sizeMismatch(name, true);
    throw new DocumentError(
      'corrupt-zip',
      `部件 ${printable(name)} 的压缩数据已损坏（${printable((e as Error).message, 80)}） / corrupt compressed data in ${printable(name)}`,
    );
  }
  if (out.length !== declared) throw sizeMismatch(name, out.length > declared);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function sizeMismatch(name: string, over: boolean): DocumentError {
  if (!over)
    return new DocumentError(
      'corrupt-zip',
      `部件 ${printable(name)} 解压后比声明的短，文件已损坏或不完整 / ${printable(name)}: shorter than declared, corrupt or truncated`,
    );
  return new DocumentError(
    'zip-bomb',
    `部件 ${printable(name)} 解压后比声明的大，疑似压缩炸弹 / ${printable(name)}: inflates to more than its declared size (zip bomb?)`,
  );
}

/**
 * Reads a zip package with real limits: sizes are counted while inflating (per part and in total), entries may not
 * overlap, every part must inflate to exactly its declared size and match its CRC-32. Every part is returned
 * uncompressed, in central-directory order.
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Unzipped {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05))) throw sniffNonZip(bytes);
  const corrupt = (why: string) =>
    new DocumentError('corrupt-zip', `.docx 文件已损坏或不完整（${why}） / corrupt or truncated .docx (${why})`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  const stop = Math.max(0, bytes.length - 22 - 65535);
  while (eocd >= stop && v.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < stop) throw corrupt('no end of central directory');
  const count = v.getUint16(eocd + 10, true);
  const cdOffset = v.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    throw new DocumentError(
      'unsupported-zip',
      '不支持 ZIP64 格式的压缩包（.docx 文件过大或不是 Word 生成的） / ZIP64 packages are not supported',
    );
  }
  if (count > limits.maxEntries)
    throw new DocumentError(
      'too-many-parts',
      `压缩包内文件过多（超过 ${limits.maxEntries} 个） / too many parts in the package`,
    );
  interface Entry {
    name: string;
    flags: number;
    method: number;
    crc: number;
    size: number;
    originalSize: number;
    start: number;
    from: number;
  }
  const entries: Entry[] = [];
  const utf8 = new TextDecoder();
  let p = cdOffset;
  let declaredTotal = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || v.getUint32(p, true) !== 0x02014b50) throw corrupt('bad central directory');
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const crc = v.getUint32(p + 16, true);
    const size = v.getUint32(p + 20, true);
    const originalSize = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true);
    const offset = v.getUint32(p + 42, true);
    if (p + 46 + nameLen > bytes.length) throw corrupt('bad central directory');
    const raw = bytes.subarray(p + 46, p + 46 + nameLen);
    // Names are decoded as fflate decodes them, so that writeZip finds the same keys again.
    const name = flags & 0x800 ? utf8.decode(raw) : String.fromCharCode(...raw);
    p += 46 + nameLen + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
    if (size === 0xffffffff || originalSize === 0xffffffff || offset === 0xffffffff) {
      throw new DocumentError('unsupported-zip', '不支持 ZIP64 格式的压缩包 / ZIP64 packages are not supported');
    }
    if (flags & 1)
      throw new DocumentError(
        'encrypted',
        `部件 ${printable(name)} 已加密，无法读取 / ${printable(name)} is encrypted`,
      );
    if (offset + 30 > bytes.length || v.getUint32(offset, true) !== 0x04034b50)
      throw corrupt(`bad local header for ${printable(name)}`);
    const start = offset + 30 + v.getUint16(offset + 26, true) + v.getUint16(offset + 28, true);
    if (start + size > bytes.length) throw corrupt(`${printable(name)} is cut off`);
    if (originalSize > limits.maxPartBytes) {
      throw new DocumentError(
        'part-too-large',
        `部件 ${printable(name)} 解压后过大（${Math.round(originalSize / 1048576)} MB） / part too large`,
      );
    }
    declaredTotal += originalSize;
    if (declaredTotal > limits.maxTotalBytes)
      throw new DocumentError(
        'zip-bomb',
        '解压后总量超过上限，疑似压缩炸弹 / uncompressed size over the limit (zip bomb?)',
      );
    if (originalSize > 1024 * 1024 && size > 0 && originalSize / size > limits.maxRatio) {
      throw new DocumentError(
        'zip-bomb',
        `部件 ${printable(name)} 压缩比异常（${Math.round(originalSize / size)}:1），疑似压缩炸弹 / suspicious compression ratio (zip bomb?)`,
      );
    }
    if (method !== 0 && method !== 8) {
      throw new DocumentError(
        'unsupported-zip',
        `部件 ${printable(name)} 使用了不支持的压缩方式（${method}） / unsupported compression method`,
      );
    }
    entries.push({ name, flags, method, crc, size, originalSize, start, from: offset });
  }
  // Entries that share bytes are how one small file holds many copies of one huge stream.
  const byPlace = [...entries].sort((a, b) => a.from - b.from);
  for (let i = 1; i < byPlace.length; i++) {
    const prev = byPlace[i - 1]!;
    if (byPlace[i]!.from < prev.start + prev.size) {
      throw new DocumentError(
        'zip-bomb',
        '压缩包内的条目相互重叠，疑似压缩炸弹 / overlapping entries in the package (zip bomb?)',
      );
    }
  }
  const out: Unzipped = {};
  let total = 0;
  for (const e of entries) {
    if (unsafeEntryName(e.name)) continue;
    const data = bytes.subarray(e.start, e.start + e.size);
    let part: Uint8Array;
    if (e.method === 0) {
      if (e.size !== e.originalSize) throw sizeMismatch(e.name, e.size > e.originalSize);
      part = data.slice();
    } else part = inflateCounted(data, e.originalSize, e.name);
    total += part.length;
    if (total > limits.maxTotalBytes)
      throw new DocumentError(
        'zip-bomb',
        '解压后总量超过上限，疑似压缩炸弹 / uncompressed size over the limit (zip bomb?)',
      );
    if (crc32(part) !== e.crc) {
      throw new DocumentError(
        'corrupt-zip',
        `部件 ${printable(e.name)} 校验失败（CRC-32 不符），文件已损坏 / ${printable(e.name)}: CRC-32 mismatch, the file is corrupt`,
      );
    }
    out[e.name] = part as Unzipped[string];
  }
  return out;
}

const STORED = /\.(png|jpe?g|gif|emf|wmf|tiff?|bmp|wdp|mp4|zip|bin)$/i;

/** One entry of a zip file as stored: its compressed bytes and the header fields needed to write it again. */
interface RawEntry {
  name: Uint8Array;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  size: number;
  originalSize: number;
  data: Uint8Array;
}

/** The entries of a zip by name, from its central directory; undefined for anything unusual (zip64, encryption). */
function rawEntries(zip: Uint8Array): Map<string, RawEntry> | undefined {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (eocd >= 0 && v.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < 0) return undefined;
  const count = v.getUint16(eocd + 10, true);
  let p = v.getUint32(eocd + 16, true);
  const out = new Map<string, RawEntry>();
  const utf8 = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (p + 46 > zip.length || v.getUint32(p, true) !== 0x02014b50) return undefined;
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const size = v.getUint32(p + 20, true);
    const originalSize = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true);
    const offset = v.getUint32(p + 42, true);
    if (
      flags & 1 ||
      (method !== 0 && method !== 8) ||
      size === 0xffffffff ||
      originalSize === 0xffffffff ||
      offset + 30 > zip.length
    )
      return undefined;
    const name = zip.subarray(p + 46, p + 46 + nameLen);
    if (v.getUint32(offset, true) !== 0x04034b50) return undefined;
    const start = offset + 30 + v.getUint16(offset + 26, true) + v.getUint16(offset + 28, true);
    if (start + size > zip.length) return undefined;
    // Names are decoded as fflate's reader decodes them, so they match the keys the package was read with.
    const key = flags & 0x800 ? utf8.decode(name) : String.fromCharCode(...name);
    out.set(key, {
      name,
      flags: flags & 0x800,
      method,
      time: v.getUint16(p + 12, true),
      date: v.getUint16(p + 14, true),
      crc: v.getUint32(p + 16, true),
      size,
      originalSize,
      data: zip.subarray(start, start + size),
    });
    p += 46 + nameLen + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
  return out;
}

/** Writes entries one after the other, then the central directory. */
function assemble(entries: RawEntry[]): Uint8Array {
  let total = 22;
  for (const e of entries) total += 30 + 46 + 2 * e.name.length + e.size;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  const offsets: number[] = [];
  let p = 0;
  const fields = (at: number, e: RawEntry) => {
    v.setUint16(at, 20, true);
    v.setUint16(at + 2, e.flags, true);
    v.setUint16(at + 4, e.method, true);
    v.setUint16(at + 6, e.time, true);
    v.setUint16(at + 8, e.date, true);
    v.setUint32(at + 10, e.crc, true);
    v.setUint32(at + 14, e.size, true);
    v.setUint32(at + 18, e.originalSize, true);
    v.setUint16(at + 22, e.name.length, true);
  };
  for (const e of entries) {
    offsets.push(p);
    v.setUint32(p, 0x04034b50, true);
    fields(p + 4, e);
    out.set(e.name, p + 30);
    out.set(e.data, p + 30 + e.name.length);
    p += 30 + e.name.length + e.size;
  }
  const cd = p;
  entries.forEach((e, i) => {
    v.setUint32(p, 0x02014b50, true);
    v.setUint16(p + 4, 20, true);
    fields(p + 6, e);
    v.setUint32(p + 42, offsets[i]!, true);
    out.set(e.name, p + 46);
    p += 46 + e.name.length;
  });
  v.setUint32(p, 0x06054b50, true);
  v.setUint16(p + 8, entries.length, true);
  v.setUint16(p + 10, entries.length, true);
  v.setUint32(p + 12, p - cd, true);
  v.setUint32(p + 16, cd, true);
  return out;
}

const NAME_ENCODER = new TextEncoder();

/**
 * A part compressed for the package by Node's zlib (deflate at level 6, media stored): several times faster than
 * compressing in JavaScript, which was a tenth of writing a reviewed copy.
 */
function freshEntry(name: string, data: Uint8Array, time: number, date: number): RawEntry {
  const stored = STORED.test(name);
  const packed = stored ? data : deflateRawSync(data, { level: 6 });
  return {
    name: NAME_ENCODER.encode(name),
    // Bit 11: the name is UTF-8.
    flags: /[^\u0020-\u007e]/.test(name) ? 0x800 : 0,
    method: stored ? 0 : 8,
    time,
    date,
    crc: crc32(data) >>> 0,
    size: packed.length,
    originalSize: data.length,
    data: packed,
  };
}

/**
 * Writes a package; parts keep their order. Text parts compress, media already are. Parts named in `keep` are copied
 * with their compressed bytes from `source` (the package they were read from) instead of being compressed again:
 * recompressing parts that did not change was a large share of writing a reviewed copy.
 */
export function writeZip(parts: Map<string, Uint8Array>, source?: Uint8Array, keep?: ReadonlySet<string>): Uint8Array {
  let raw: Map<string, RawEntry> | undefined;
  if (source && keep?.size) {
    try {
      raw = rawEntries(source);
    } catch {
      raw = undefined;
    }
  }
  const reuse = (name: string, data: Uint8Array) => {
    const e = keep?.has(name) ? raw?.get(name) : undefined;
    return e && e.originalSize === data.length ? e : undefined;
  };
  const now = new Date();
  // MS-DOS date and time of writing, local time, as zip tools (and fflate before) stamp new entries.
  const time = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
  const date = ((Math.max(1980, now.getFullYear()) - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  const entries: RawEntry[] = [];
  for (const [name, data] of parts) entries.push(reuse(name, data) ?? freshEntry(name, data, time, date));
  return assemble(entries);
}
