// The typo rules' data files are read once into shared memory and handed to worker threads, which then read no copy
// of their own: the bytes are the files', and a thread given them looks at the same memory.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Checker, shareDataFiles, textDocument } from '@gongwen/core';

const typoDist = join(dirname(createRequire(import.meta.url).resolve('@gongwen/core')), 'rules/typo');

describe('shared data files', () => {
  it('are the files beside the typo rules, in SharedArrayBuffers', () => {
    const shared = shareDataFiles();
    expect(Object.keys(shared).sort()).toEqual(['homophone-index.bin', 'typo-lm.bin']);
    for (const [name, bytes] of Object.entries(shared)) {
      expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Buffer.from(bytes).equals(readFileSync(join(typoDist, name)))).toBe(true);
    }
    // Asked again, the same memory (read once per thread).
    expect(shareDataFiles()['typo-lm.bin']!.buffer).toBe(shared['typo-lm.bin']!.buffer);
  });

  it('a worker thread given them checks with them and reads no copy of its own', async () => {
    // A copy in shared memory, so that this test can see the worker write to what it was handed.
    const handed: Record<string, Uint8Array> = {};
    for (const [name, bytes] of Object.entries(shareDataFiles())) {
      handed[name] = new Uint8Array(new SharedArrayBuffer(bytes.length));
      handed[name].set(bytes);
    }
    const code = `
      const { workerData, parentPort } = require('node:worker_threads');
      import(${JSON.stringify(createRequire(import.meta.url).resolve('@gongwen/core'))}).then((core) => {
        core.useSharedDataFiles(workerData);
        const found = new core.Checker().check(core.textDocument('各单位要三令五伸，严格落实安全生产责任。\\n')).diagnostics;
        const bytes = core.shareDataFiles()['homophone-index.bin'];
        const last = bytes.length - 1;
        bytes[last] ^= 0xff;
        parentPort.postMessage(found.map((d) => d.ruleId));
      });`;
    const ids = await new Promise<string[]>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: handed });
      w.once('message', (m) => {
        resolve(m);
        void w.terminate();
      });
      w.once('error', reject);
    });
    const here = new Checker().check(textDocument('各单位要三令五伸，严格落实安全生产责任。\n')).diagnostics;
    expect(ids).toContain('typo/lm');
    expect(ids).toEqual(here.map((d) => d.ruleId));
    const original = readFileSync(join(typoDist, 'homophone-index.bin'));
    expect(handed['homophone-index.bin']![original.length - 1]).toBe(original[original.length - 1]! ^ 0xff);
  });
});
