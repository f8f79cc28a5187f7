import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import {
  DocumentError,
  decodeText,
  encodeSource,
  normalizeLineBreaks,
  readMarkdown,
  readText,
  restoreLineBreaks,
} from '@gongwen/core';

const SAMPLE = '关于做好防汛工作的通知\n各区人民政府：\n一、提高认识。\n';

describe('text encodings', () => {
  it('reads UTF-8 without and with BOM', () => {
    expect(decodeText(Buffer.from(SAMPLE, 'utf8'))).toEqual({ text: SAMPLE, encoding: 'utf-8', bom: false });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, 'utf8')]);
    expect(decodeText(withBom)).toEqual({ text: SAMPLE, encoding: 'utf-8', bom: true });
  });

  it('reads UTF-16 LE and BE, with a BOM and without one', () => {
    for (const enc of ['utf-16le', 'utf-16be'] as const) {
      const body = iconv.encode(SAMPLE, enc);
      const bom = enc === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
      expect(decodeText(Buffer.concat([Buffer.from(bom), body]))).toEqual({ text: SAMPLE, encoding: enc, bom: true });
      expect(decodeText(body)).toEqual({ text: SAMPLE, encoding: enc, bom: false });
    }
  });

  it('reads GBK / GB18030', () => {
    const gbk = iconv.encode(SAMPLE, 'gbk');
    expect(decodeText(gbk)).toEqual({ text: SAMPLE, encoding: 'gb18030', bom: false });
    const rare = '𠀀字与€符号，另有“引号”。';
    expect(decodeText(iconv.encode(rare, 'gb18030')).text).toBe(rare);
  });

  it('refuses binary data with a clear error instead of garbage', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(() => decodeText(png)).toThrow(DocumentError);
    expect(() => decodeText(png)).toThrow(/二进制文件/);
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(() => decodeText(random)).toThrow(DocumentError);
    expect(() => decodeText(Buffer.from('PK\x03\x04abc', 'latin1'))).toThrow(/ZIP/);
  });

  it('names a file cut off inside its last character as truncated, not as an unknown encoding', () => {
    const full = Buffer.from(`${SAMPLE.repeat(50)}完`, 'utf8');
    for (const n of [1, 2]) {
      const cut = full.subarray(0, full.length - n);
      expect(() => decodeText(cut)).toThrow(DocumentError);
      expect(() => decodeText(cut)).toThrow(new RegExp(`不完整.*除最后 ${3 - n} 个字节外是有效的 UTF-8`));
    }
    // Bad bytes in the middle are no truncation: the general message stays.
    const middle = Buffer.concat([full.subarray(0, 10), Buffer.from([0xe5, 0x41]), full.subarray(10, full.length - 1)]);
    expect(() => decodeText(middle)).toThrow(/无法识别文件编码/);
  });

  it('reads short and long text with bullets, 间隔号 and other symbols in every supported encoding', () => {
    const short = ['中·文', '●', '·', '● 一', '①', '℃', '×', '诺尔曼·白求恩', '★重点★'];
    const long = '● 一、加强组织领导。纪念诺尔曼·白求恩，面积120㎡，温度25℃，比例1∶500，①②③，≤5%，→ 见附表Ⅰ。\n'.repeat(
      2000,
    );
    for (const text of [...short, long]) {
      expect(decodeText(Buffer.from(text, 'utf8')), text.slice(0, 20)).toEqual({ text, encoding: 'utf-8', bom: false });
      expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])).text).toBe(text);
      for (const enc of ['utf-16le', 'utf-16be'] as const) {
        const bom = enc === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
        expect(
          decodeText(Buffer.concat([Buffer.from(bom), iconv.encode(text, enc)])),
          `${enc} ${text.slice(0, 20)}`,
        ).toEqual({ text, encoding: enc, bom: true });
      }
      expect(decodeText(iconv.encode(text, 'gb18030')), `gb18030 ${text.slice(0, 20)}`).toEqual({
        text,
        encoding: 'gb18030',
        bom: false,
      });
    }
    // Without a BOM, UTF-16 shows itself by its NUL bytes: text holding a character below U+0100 (the 间隔号) has them.
    for (const enc of ['utf-16le', 'utf-16be'] as const) {
      for (const text of ['中·文', '诺尔曼·白求恩', long]) {
        expect(decodeText(iconv.encode(text, enc)), `${enc} ${text.slice(0, 20)}`).toEqual({
          text,
          encoding: enc,
          bom: false,
        });
      }
    }
  });

  it('still refuses control-character data that happens to be valid UTF-8, short or long', () => {
    for (const data of ['\x01\x02\x03abc', '中\x01文', `${'\x1b[0m\x07\x08'.repeat(1000)}正文`]) {
      expect(() => decodeText(Buffer.from(data, 'utf8')), JSON.stringify(data.slice(0, 10))).toThrow(/二进制文件/);
    }
  });

  it('counts a character beyond the BMP once when it weighs control characters', () => {
    // 2 control characters in 11 characters: binary (counted in UTF-16 units it would be 2 in 20, and pass).
    expect(() => decodeText(Buffer.from(`\x01\x02${'𠀀'.repeat(9)}`, 'utf8'))).toThrow(/二进制文件/);
    // 1 in 10 is at the limit, still text.
    expect(decodeText(Buffer.from(`\x01${'𠀀'.repeat(9)}`, 'utf8')).text).toBe(`\x01${'𠀀'.repeat(9)}`);
  });

  it('reads an empty file as empty text', () => {
    expect(readText(new Uint8Array()).text).toBe('');
  });

  it('refuses a text or Markdown file of more than 100,000 lines, counting CRLF once and a lone CR as a break', () => {
    const refused = (bytes: Uint8Array, read: (b: Uint8Array) => unknown) => {
      try {
        read(bytes);
        return undefined;
      } catch (e) {
        return e instanceof DocumentError ? e.code : e;
      }
    };
    const lines = (n: number, eol: string) => Buffer.from(`${'段落'.concat(eol).repeat(n - 1)}末行`, 'utf8');
    for (const read of [readText, readMarkdown]) {
      for (const eol of ['\n', '\r\n', '\r']) {
        expect(refused(lines(100_000, eol), read), JSON.stringify(eol)).toBeUndefined();
        expect(refused(lines(100_001, eol), read), JSON.stringify(eol)).toBe('too-many-paragraphs');
      }
    }
    // Two million blank lines are refused before anything is made for each of them.
    expect(refused(Buffer.from(' \n'.repeat(2_000_000)), readText)).toBe('too-many-paragraphs');
    // One endless line is no paragraph limit's business.
    expect(readText(Buffer.from('字'.repeat(300_000))).text).toHaveLength(300_000);
  });

  it('keeps line breaks: CRLF and mixed breaks round-trip', () => {
    const crlf = 'a\r\nb\r\nc';
    const n = normalizeLineBreaks(crlf);
    expect(n).toEqual({ text: 'a\nb\nc', eol: '\r\n' });
    expect(restoreLineBreaks(n.text, n)).toBe(crlf);
    const mixed = 'a\r\nb\nc\r\nd';
    const m = normalizeLineBreaks(mixed);
    expect(restoreLineBreaks(m.text, m)).toBe(mixed);
  });

  it('writes back in the original encoding, BOM and line breaks', () => {
    const original = iconv.encode(SAMPLE.replace(/\n/g, '\r\n'), 'gbk');
    const doc = readText(original);
    expect(doc.encoding).toMatchObject({ encoding: 'gb18030', bom: false, eol: '\r\n' });
    expect(Buffer.from(encodeSource(doc.source!, doc.encoding))).toEqual(original);
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(SAMPLE, 'utf-16le')]);
    const d16 = readText(u16);
    expect(Buffer.from(encodeSource(d16.source!, d16.encoding))).toEqual(u16);
  });
});
