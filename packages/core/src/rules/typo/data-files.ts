import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

// The typo rules' prebuilt binaries (the language model, the homophone index: 18 MB) are read-only arrays used as
// views over their bytes. A batch's worker threads would each read a copy; instead the thread that starts them reads
// the files once into shared memory and hands the bytes over, and every thread's views look at the same pages.

/** The data files the typo rules read beside their modules (and beside the bundles that inline them). */
export const SHARED_DATA_FILES = ['typo-lm.bin', 'homophone-index.bin'] as const;

const provided = new Map<string, Uint8Array>();

/** Bytes of a data file as its loader reads them: those handed over by shareDataFiles, else the file beside it. */
export function readDataFile(name: string): Uint8Array {
  return provided.get(name) ?? readFileSync(new URL(`./${name}`, import.meta.url));
}

/** Makes this thread's loaders use these bytes (from another thread's shareDataFiles) instead of reading the files. */
export function useSharedDataFiles(files: Readonly<Record<string, Uint8Array>>): void {
  for (const [name, bytes] of Object.entries(files)) provided.set(name, bytes);
}

/**
 * Each data file read once into a SharedArrayBuffer (what is handed over, or already read, is kept): passed to a
 * worker thread (structured clone shares, not copies, such memory), it spares every thread but one its own copy. A
 * file that cannot be read is left out; its loader then fails in each thread as it would have.
 */
export function shareDataFiles(): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of SHARED_DATA_FILES) {
    let bytes = provided.get(name);
    if (!bytes || !(bytes.buffer instanceof SharedArrayBuffer)) {
      try {
        bytes = readShared(new URL(`./${name}`, import.meta.url));
      } catch {
        continue;
      }
      provided.set(name, bytes);
    }
    out[name] = bytes;
  }
  return out;
}

function readShared(url: URL): Uint8Array {
  const fd = openSync(url, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) throw new Error(`${url.pathname}: truncated while read`);
      at += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}
