import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AtomicFile } from '@gongwen/node';

const dir = mkdtempSync(join(tmpdir(), 'gongwen-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('AtomicFile', () => {
  it('writes strings and bytes of every size in order, byte for byte, and nothing before commit', () => {
    const path = join(dir, 'report.json');
    const pieces: Array<string | Uint8Array> = [
      '{"a":',
      '关于做好防汛工作的通知𠀀（二〇二四年）',
      Buffer.from('bytes 字节\n'),
      // Larger than what is gathered before a write, as a string of three-byte characters and as bytes.
      '公'.repeat(300_000),
      new Uint8Array(600_000).fill(0x61),
      // A lone surrogate is written as Buffer.from writes it.
      '\ud800',
    ];
    for (let i = 0; i < 5000; i++) pieces.push(`,\n    {"path": "copy-${i}/文件.txt"}`, Buffer.from(`${i}`));
    pieces.push('}\n');
    const f = new AtomicFile(path);
    for (const p of pieces) f.write(p);
    expect(readdirSync(dir)).not.toContain('report.json');
    f.commit();
    const expected = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    expect(readFileSync(path).equals(expected)).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('discard leaves neither the target nor a temporary file', () => {
    const path = join(dir, 'gone.json');
    const f = new AtomicFile(path);
    f.write('x'.repeat(400_000));
    f.write('y');
    f.discard();
    expect(readdirSync(dir)).not.toContain('gone.json');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
