import { unzipSync, zipSync, type Unzipped, type Zippable } from 'fflate';
import { DocumentError } from '../errors.js';

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
      return new DocumentError('encrypted', '文档已加密（设有打开密码），请在 Word/WPS 中取消密码后再检查 / the document is encrypted; remove the password first');
    }
    return new DocumentError('legacy-format', '这是旧版 Word/WPS 二进制文件（.doc/.wps），请安装 LibreOffice 或用 Word/WPS 另存为 .docx / legacy binary Word file; convert it to .docx');
  }
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && i < 4096 && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  const head = new TextDecoder('latin1').decode(bytes.subarray(i, i + 512)).toLowerCase();
  if (head.startsWith('{\\rtf')) return new DocumentError('rtf', '这是 RTF 文件而不是 .docx，请用 Word/WPS 另存为 .docx / this is RTF, not .docx');
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || (head.startsWith('<') && head.includes('<html'))) {
    return new DocumentError('html', '这是网页（HTML）文件而不是 .docx，请用 Word/WPS 另存为 .docx / this is HTML, not .docx');
  }
  if (head.startsWith('mime-version') || head.includes('xmlns:w="urn:schemas-microsoft-com:office:word"')) {
    return new DocumentError('html', '这是 Word 网页/单文件格式而不是 .docx，请另存为 .docx / this is a Word web (MHT/XML) file, not .docx');
  }
  return new DocumentError('not-a-zip', '不是有效的 .docx 文件（不是 zip 压缩包） / not a .docx file (not a zip archive)');
}

/** Reads a zip package with size limits; every part is returned uncompressed. */
export function readZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Unzipped {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05))) throw sniffNonZip(bytes);
  let entries = 0;
  let total = 0;
  let refused: DocumentError | undefined;
  let out: Unzipped;
  try {
    out = unzipSync(bytes, {
      filter(file) {
        entries++;
        total += file.originalSize;
        if (refused) return false;
        if (entries > limits.maxEntries) refused = new DocumentError('too-many-parts', `压缩包内文件过多（超过 ${limits.maxEntries} 个） / too many parts in the package`);
        else if (file.originalSize > limits.maxPartBytes) {
          refused = new DocumentError('part-too-large', `部件 ${file.name} 解压后过大（${Math.round(file.originalSize / 1048576)} MB） / part too large`);
        } else if (total > limits.maxTotalBytes) refused = new DocumentError('zip-bomb', '解压后总量超过上限，疑似压缩炸弹 / uncompressed size over the limit (zip bomb?)');
        else if (file.originalSize > 1024 * 1024 && file.size > 0 && file.originalSize / file.size > limits.maxRatio) {
          refused = new DocumentError('zip-bomb', `部件 ${file.name} 压缩比异常（${Math.round(file.originalSize / file.size)}:1），疑似压缩炸弹 / suspicious compression ratio (zip bomb?)`);
        }
        return !refused;
      },
    });
  } catch (e) {
    if (e instanceof DocumentError) throw e;
    throw new DocumentError('corrupt-zip', `.docx 文件已损坏或不完整（${(e as Error).message}） / corrupt or truncated .docx`);
  }
  if (refused) throw refused;
  // A lying size header cannot make a part bigger than declared (fflate writes into a buffer of that size), but a
  // part may still come out shorter than declared when the data is cut off.
  return out;
}

/** Writes a package; parts keep their order. Text parts compress, media already are. */
export function writeZip(parts: Map<string, Uint8Array>): Uint8Array {
  const input: Zippable = {};
  for (const [name, data] of parts) {
    const stored = /\.(png|jpe?g|gif|emf|wmf|tiff?|bmp|wdp|mp4|zip|bin)$/i.test(name);
    input[name] = [data, { level: stored ? 0 : 6 }];
  }
  return zipSync(input);
}
