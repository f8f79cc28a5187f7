import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Checker, reviewDocx, writeZip } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (n: string) => new Uint8Array(readFileSync(join(root, 'corpora/fixtures/docx', `${n}.docx`)));

/** Each entry's stored bytes and header fields, read from the central directory as a zip reader does. */
function entries(zip: Uint8Array): Map<string, { method: number; crc: number; data: Uint8Array }> {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (v.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const out = new Map<string, { method: number; crc: number; data: Uint8Array }>();
  let p = v.getUint32(eocd + 16, true);
  for (let i = 0; i < v.getUint16(eocd + 10, true); i++) {
    const size = v.getUint32(p + 20, true);
    const nameLen = v.getUint16(p + 28, true);
    const off = v.getUint32(p + 42, true);
    const start = off + 30 + v.getUint16(off + 26, true) + v.getUint16(off + 28, true);
    out.set(new TextDecoder().decode(zip.subarray(p + 46, p + 46 + nameLen)), {
      method: v.getUint16(p + 10, true),
      crc: v.getUint32(p + 16, true),
      data: zip.subarray(start, start + size),
    });
    p += 46 + nameLen + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
  return out;
}

describe('docx package writer', () => {
  it('copies the stored bytes of untouched parts, recompresses the rest, and every CRC matches the content', () => {
    const input = fixture('review-text-fixes');
    const result = reviewDocx(input, { checker: new Checker(), date: '2026-01-02T03:04:05Z' });
    const before = entries(input);
    const after = entries(result.bytes);
    const parts = unzipSync(result.bytes);
    expect(Object.keys(parts)).toEqual([...after.keys()]);
    for (const [name, e] of after) expect(crc32(parts[name]!) >>> 0, name).toBe(e.crc);
    expect(
      Buffer.from(after.get('word/styles.xml')!.data).equals(Buffer.from(before.get('word/styles.xml')!.data)),
    ).toBe(true);
    expect(
      Buffer.from(after.get('word/document.xml')!.data).equals(Buffer.from(before.get('word/document.xml')!.data)),
    ).toBe(false);
    expect(after.has('word/comments.xml')).toBe(true);
  });

  it('keeps part order and content when given a source, and ignores a source it cannot read', () => {
    const parts = new Map<string, Uint8Array>([
      ['b.xml', new TextEncoder().encode('<b/>')],
      ['a.png', new Uint8Array([1, 2, 3])],
      ['c.xml', new TextEncoder().encode('<c>新</c>')],
    ]);
    const source = zipSync({ 'c.xml': parts.get('c.xml')!, 'a.png': parts.get('a.png')! });
    for (const src of [source, new Uint8Array([1, 2, 3])]) {
      const out = unzipSync(writeZip(parts, src, new Set(['a.png', 'c.xml'])));
      expect(Object.keys(out)).toEqual(['b.xml', 'a.png', 'c.xml']);
      for (const [k, d] of parts) expect(Buffer.from(out[k]!).equals(Buffer.from(d))).toBe(true);
    }
  });
});
