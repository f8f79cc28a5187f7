// A bad file never stops a batch, and a write never loses anything: read-only files are refused, symbolic links
// keep pointing at the fixed file, hard links and owners are kept, and a failed write leaves no temporary file.
import {
  chmodSync,
  chownSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  lstatSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { gongwen, repoRoot, tempDir } from './helpers.js';

const BAD_COMMA = '各部门要认真落实,确保安全。\n';
const FIXED = '各部门要认真落实，确保安全。\n';
const root = process.getuid?.() === 0;

/** A .docx whose document part is not well-formed XML (a minimal zip, written by hand). */
function brokenDocx(): Buffer {
  const parts: Array<[string, string]> = [
    [
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ],
    [
      'word/document.xml',
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p></w:body></w:document>',
    ],
  ];
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const n = Buffer.from(name);
    const crc = crc32(data);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(8, 8);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(packed.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(packed.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    local.push(h, n, packed);
    central.push(c, n);
    offset += 30 + n.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}

function crc32(data: Buffer): number {
  let c = ~0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}

describe('batches', () => {
  it('a broken .docx among good files: the others are reported and the exit code is 1', () => {
    const t = tempDir();
    try {
      writeFileSync(join(t.dir, 'broken.docx'), brokenDocx());
      for (const f of readdirSync(join(repoRoot, 'corpora/samples')).filter((n) => n.endsWith('.txt'))) {
        copyFileSync(join(repoRoot, 'corpora/samples', f), join(t.dir, f));
      }
      const r = gongwen(['check', '--format', 'json', t.dir]);
      expect(r.code).toBe(1);
      const files = JSON.parse(r.stdout).files as Array<{
        path: string;
        error: { code: string; message: string } | null;
      }>;
      const broken = files.find((f) => f.path.endsWith('broken.docx'))!;
      expect(broken.error?.code).toBe('corrupt-xml');
      expect(broken.error?.message).toContain('word/document.xml');
      expect(files.filter((f) => !f.error).length).toBeGreaterThanOrEqual(2);
      expect(r.stderr).not.toContain('内部错误');
    } finally {
      t.done();
    }
  });
});

describe('writes that lose nothing', () => {
  it('--fix refuses a read-only file and leaves it as it was', () => {
    const t = tempDir();
    try {
      const f = join(t.dir, 'a.txt');
      writeFileSync(f, BAD_COMMA);
      chmodSync(f, 0o444);
      const r = gongwen(['check', '--fix', '--format', 'json', f]);
      expect(JSON.parse(r.stdout).files[0].error.code).toBe('write-failed');
      expect(readFileSync(f, 'utf8')).toBe(BAD_COMMA);
      expect(statSync(f).mode & 0o777).toBe(0o444);
      expect(readdirSync(t.dir)).toEqual(['a.txt']);
    } finally {
      t.done();
    }
  });

  it('--fix through a symbolic link fixes the target and keeps the link', () => {
    const t = tempDir();
    try {
      writeFileSync(join(t.dir, 'real.txt'), BAD_COMMA);
      symlinkSync('real.txt', join(t.dir, 'link.txt'));
      gongwen(['check', '--fix', join(t.dir, 'link.txt')]);
      expect(lstatSync(join(t.dir, 'link.txt')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(t.dir, 'link.txt'))).toBe('real.txt');
      expect(readFileSync(join(t.dir, 'real.txt'), 'utf8')).toBe(FIXED);
    } finally {
      t.done();
    }
  });

  it('--fix keeps hard links, mode and owner', () => {
    const t = tempDir();
    try {
      const a = join(t.dir, 'a.txt');
      writeFileSync(a, BAD_COMMA);
      linkSync(a, join(t.dir, 'b.txt'));
      chmodSync(a, 0o640);
      if (root) chownSync(a, 65534, 65534);
      gongwen(['check', '--fix', a]);
      expect(readFileSync(join(t.dir, 'b.txt'), 'utf8')).toBe(FIXED);
      const st = statSync(a);
      expect(st.nlink).toBe(2);
      expect(st.mode & 0o777).toBe(0o640);
      if (root) expect([st.uid, st.gid]).toEqual([65534, 65534]);
    } finally {
      t.done();
    }
  });

  it.skipIf(!root)(
    'a folder the user may not write to: a per-file error, the next file still fixed, no temporary file',
    () => {
      const t = tempDir();
      try {
        chmodSync(t.dir, 0o777);
        for (const sub of ['locked', 'open']) {
          const d = join(t.dir, sub);
          mkdirSync(d);
          writeFileSync(join(d, 'a.txt'), BAD_COMMA);
          chownSync(join(d, 'a.txt'), 65534, 65534);
          chmodSync(d, sub === 'locked' ? 0o555 : 0o777);
        }
        const r = gongwen(['check', '--fix', '--format', 'json', 'locked/a.txt', 'open/a.txt'], {
          cwd: t.dir,
          uid: 65534,
        });
        expect(r.code).toBe(1);
        const files = JSON.parse(r.stdout).files as Array<{
          path: string;
          error: { code: string; message: string } | null;
        }>;
        expect(files.find((f) => f.path.includes('locked'))!.error).toMatchObject({ code: 'write-failed' });
        expect(files.find((f) => f.path.includes('locked'))!.error!.message).toContain('权限不足');
        expect(readFileSync(join(t.dir, 'locked/a.txt'), 'utf8')).toBe(BAD_COMMA);
        expect(readFileSync(join(t.dir, 'open/a.txt'), 'utf8')).toBe(FIXED);
        expect(readdirSync(join(t.dir, 'locked'))).toEqual(['a.txt']);
      } finally {
        chmodSync(join(t.dir, 'locked'), 0o777);
        t.done();
      }
    },
  );
});
