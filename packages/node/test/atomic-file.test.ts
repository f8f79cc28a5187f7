import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AtomicFile, writeAtomic } from '@gongwen/node';

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

  // A FIFO stands for every target that is not a regular file (/dev/null, a terminal, /dev/stdout into a pipe): a
  // temporary file renamed over it would replace it with a regular file (as root, /dev/null itself).
  describe.runIf(process.platform !== 'win32')('a device or FIFO as the target', () => {
    /** Runs `write` while `cat` reads the FIFO; what came through, and whether the FIFO is still one. */
    const throughFifo = async (name: string, write: (path: string) => void) => {
      const fifo = join(dir, name);
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const sink = join(dir, `${name}.out`);
      const out = openSync(sink, 'w');
      const cat = spawn('cat', [fifo], { stdio: ['ignore', out, 'inherit'] });
      const done = new Promise((resolve) => cat.on('exit', resolve));
      let isFifo = false;
      try {
        write(fifo);
      } finally {
        closeSync(out);
        isFifo = statSync(fifo).isFIFO();
        // Replaced by a regular file, the FIFO has no writer left to end cat's read.
        if (!isFifo) cat.kill();
      }
      await done;
      return { text: readFileSync(sink, 'utf8'), fifo: isFifo, files: readdirSync(dir) };
    };

    it('writes an AtomicFile straight through and leaves the FIFO a FIFO, with no temporary file', async () => {
      const r = await throughFifo('report.fifo', (path) => {
        const f = new AtomicFile(path);
        f.write('{"files": [');
        f.write('公'.repeat(200_000));
        f.write(Buffer.from(']}\n'));
        expect(f.read(0, 4)).toBeUndefined();
        f.commit();
      });
      expect(r.fifo).toBe(true);
      expect(r.text).toBe(`{"files": [${'公'.repeat(200_000)}]}\n`);
      expect(r.files.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    });

    it('discard closes the FIFO and never removes it', async () => {
      const r = await throughFifo('gone.fifo', (path) => {
        const f = new AtomicFile(path);
        f.write('partial');
        f.discard();
      });
      expect(r.fifo).toBe(true);
    });

    it('writeAtomic writes a FIFO straight through', async () => {
      const r = await throughFifo('fix.fifo', (path) => writeAtomic(path, '特此通知。\n'));
      expect(r.fifo).toBe(true);
      expect(r.text).toBe('特此通知。\n');
    });
  });
});
