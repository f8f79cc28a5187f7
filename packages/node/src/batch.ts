import { createHash } from 'node:crypto';
import { existsSync, Stats, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import {
  DocumentError,
  documentView,
  fingerprints,
  formatForPath,
  shareDataFiles,
  snapshotDocument,
  type DocumentSnapshot,
  type FileResult,
  type FixChange,
} from '@gongwen/core';
import type { BatchFileResult, Gongwen, GongwenOptions, LintFileResult, LintOptions, TextOptions } from './gongwen.js';
import type { IgnoreList } from './ignores.js';
import { nodeRequire, nodeResolve } from './lazy.js';
import { LegacyBatcher } from './legacy-batch.js';
import { isLegacyPath, findSoffice, readCheckable } from './read.js';
import { oneLine } from './errors.js';
import { ResultCache, entryText, type CacheEntry, type CachedResult } from './result-cache.js';

/** A checked file as it crosses from a worker thread and sits in the cache: plain data, no document. */
export interface PortableResult {
  path: string;
  format: FileResult['format'];
  error: FileResult['error'];
  diagnostics: FileResult['diagnostics'];
  snapshot?: DocumentSnapshot;
  fingerprints?: readonly string[];
  output?: string;
  changes?: FixChange[];
  source?: string;
}

/** What a worker thread starts with: the instance's options, and data files it shares with the other threads. */
export interface WorkerData {
  options: GongwenOptions;
  shared: Record<string, Uint8Array>;
}

/** Sets V8 flags (they are the process's, every thread's); returns them, to be set again. */
export function applyFlags(flags: readonly string[] | undefined): readonly string[] {
  for (const f of flags ?? []) setFlagsFromString(f);
  return flags ?? [];
}

/** What a worker thread is asked to do with one file. */
export interface WorkerTask {
  file: string;
  bytes: Uint8Array;
  converted?: boolean;
  fix?: boolean;
  write?: boolean;
  /** Text with no file behind it (standard input), checked as Gongwen.lintText checks it: `bytes` are not read. */
  text?: { text: string; filePath?: string };
}

export function portable(r: LintFileResult): PortableResult {
  const { document, ...rest } = r;
  if (!document) return rest;
  return {
    ...rest,
    snapshot: snapshotDocument(document, r.diagnostics),
    fingerprints: fingerprints(document, r.diagnostics),
  };
}

function unport(p: PortableResult | CachedResult, path: string): BatchFileResult {
  const { snapshot, ...rest } = p as PortableResult;
  return { ...rest, path, ...(snapshot ? { document: documentView(snapshot) } : {}) };
}

function failed(path: string, e: DocumentError): BatchFileResult {
  return {
    path,
    format: formatForPath(path) ?? 'unknown',
    error: { code: e.code, message: e.message },
    diagnostics: [],
  };
}

const sha1 = (data: Uint8Array | string) => createHash('sha1').update(data).digest('hex');

/** Results of this many distinct contents are kept for their duplicates; an older one is checked again if met. */
const RECENT = 1024;

/**
 * Errors that depend on more than the file's bytes (the machine, LibreOffice, a bug of ours): never cached. Every
 * other error says something of the content, which fails the same way again.
 */
const PASSING_ERRORS = new Set([
  'unreadable',
  'not-a-file',
  'too-large',
  'internal-error',
  'legacy-format',
  'legacy-convert-failed',
  'write-failed',
]);

/**
 * Several files for one worker, checked one after the other and answered in one message: a message each way per file
 * cost both sides (the worker's post, this thread woken to take it, the pool's bookkeeping) more CPU than the two
 * cores could spare. A file that fails in the worker fails alone (`thrown`), not its batch.
 */
export interface WorkerBatch {
  tasks: WorkerTask[];
}

export type WorkerAnswer = PortableResult | { thrown: string };

/** A batch's answers, with the worker thread that gave them (see Batcher.allAnswered). */
export interface WorkerReply {
  thread: number;
  answers: WorkerAnswer[];
}

export type Pool = {
  run(task: WorkerBatch, options?: { signal?: AbortSignal }): Promise<WorkerReply>;
  destroy(): Promise<void>;
};

/**
 * What a pool's workers mostly check: plain text (small objects that die young) or packages (.docx, .doc, .wps,
 * PDF, OFD: a part's XML tree lives through many small collections).
 */
export type PoolProfile = 'text' | 'package';

export function profileFor(files: readonly string[]): PoolProfile {
  let packages = 0;
  for (const f of files) {
    const format = formatForPath(f);
    if (format !== 'text' && format !== 'markdown') packages++;
  }
  return packages * 2 > files.length ? 'package' : 'text';
}

/**
 * A worker's old generation: V8 lets a heap grow to four times what it keeps when its limit is large (about 2 GB and
 * up), 1.3 times at this size. Two workers went from 20 MB to 55-66 MB each over 10,432 text files with V8's
 * default, to 38 MB with this. A file that needs more is checked again in a thread of its own (see checkLarge).
 */
const WORKER_OLD_MB = 256;

/**
 * A worker's young generation. Text: 8 MB. V8's default of 3 x 16 MB semi-spaces made the process 60 MB larger over
 * 10,432 files; with 4 MB, more of each file's objects outlived a collection and were promoted, and a pool over 16
 * copies of gov-texts took 6% more time and CPU than with 8 MB (8 alternated runs: 12.3 against 11.5 s) for a peak
 * 10 MB lower (197 against 208 MB); 16 MB was no faster than 8. Packages: 16 MB, or a document's XML tree is promoted
 * and the old generation collected again and again (500 .docx: CPU 30.5 s with 4 MB, 19.2 s with 32 MB, when the
 * reader built far larger trees). Since the reader leaves the unread parts of styles out of its tree, 16 MB checks
 * 500 .docx in the same CPU time and rate as 32 MB, with a process peak of 205-210 MB instead of 248-259 MB.
 */
const WORKER_YOUNG_MB: Record<PoolProfile, number> = { text: 8, package: 16 };

let worker: string | undefined;
/**
 * The worker's entry: the command line's build puts a bundled one with its code cache beside its own bundle (which
 * this module is then part of): each thread compiles one script instead of the modules one by one. Anywhere else,
 * found through the package (the modules themselves).
 */
function workerFile(): string {
  if (worker === undefined) {
    const bundled = fileURLToPath(new URL('./pool-worker.cjs', import.meta.url));
    worker = existsSync(bundled) ? bundled : nodeResolve('@gongwen/node/pool-worker');
  }
  return worker;
}

export function startPool(
  g: Gongwen,
  threads: number,
  profile: PoolProfile = 'text',
  oldMb = WORKER_OLD_MB,
  /**
   * A thread for very large files (see checkLarge): one at a time (a thread that runs out of memory fails every file
   * it holds), in a young generation as V8 sizes it rather than WORKER_YOUNG_MB.
   */
  large = false,
): Pool | undefined {
  const options = g.workerOptions();
  if (!options) return undefined;
  const workerData: WorkerData = { options, shared: shareDataFiles() };
  // piscina: a maintained pool (Node.js ecosystem, used widely) with cancellation, so Ctrl-C can drop tasks in flight.
  const { Piscina } = nodeRequire('piscina') as typeof import('piscina');
  const pool = new Piscina({
    filename: workerFile(),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    workerData,
    // A worker checks one document after another and keeps nothing (11-12 MB live after a collection, flat over
    // 10,432 files, most of it code): what grows is what V8 lets its heap reach between collections.
    resourceLimits: {
      ...(large ? {} : { maxYoungGenerationSizeMb: WORKER_YOUNG_MB[profile] }),
      maxOldGenerationSizeMb: oldMb,
    },
    // A second file waits in each worker while it checks one: with one at a time, a worker that finished sat idle
    // until this thread (sharing two cores with the workers) took its answer and sent the next file.
    concurrentTasksPerWorker: large ? 1 : 2,
  });
  // A worker that answers after the pool was destroyed (the run was stopped) is no error of the run's.
  pool.on('error', () => {});
  return pool as unknown as Pool;
}

/**
 * A file at least this large is checked in a thread of its own even when the run has one thread, so that a check
 * running out of memory fails for that file, not the run: some texts need 20-40 bytes of memory for each of their
 * bytes (a line of 8 MB of e-mail addresses peaked at 325 MB), and a file near the 256 MB input limit would take
 * this thread past V8's heap limit.
 */
const LARGE_FILE_BYTES = 16 * 1024 * 1024;

/** This thread's heap limit in MB, which a thread checking one large file gets too. */
function ownHeapMb(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / 1048576);
}

/** What a check that ran out of memory in a thread of its own (with a heap of `mb` MB) says: of a run's file, or of text. */
function outOfMemory(mb: number, of: 'file' | 'text' = 'file'): DocumentError {
  return new DocumentError(
    'out-of-memory',
    of === 'file'
      ? `检查此文件所需内存超过上限（${mb} MB），未能完成；其余文件照常检查 / out of memory checking this file`
      : `检查此文本所需内存超过上限（${mb} MB），未能完成 / out of memory checking this text`,
  );
}

/**
 * One task in a thread of its own (a pool made with `large`): its answer, or `out-of-memory` (a DocumentError) when
 * the thread, with a heap of `mb` MB, ran out of it.
 */
async function runAlone(
  pool: Pool,
  task: WorkerTask,
  mb: number,
  of: 'file' | 'text',
  signal?: AbortSignal,
): Promise<PortableResult> {
  try {
    const a = (await pool.run({ tasks: [task] }, signal ? { signal } : {})).answers[0]!;
    if ('thrown' in a) throw new Error(a.thrown);
    return a;
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code !== 'ERR_WORKER_OUT_OF_MEMORY' || signal?.aborted) throw e;
    throw outOfMemory(mb, of);
  }
}

/**
 * Gongwen.lintText for a text of LARGE_FILE_BYTES and more (two bytes a character): checked in a thread of its own
 * with this thread's heap limit, so that a check running out of memory gives `out-of-memory` instead of ending the
 * process with V8's own error. A smaller text, or an instance that cannot be copied to a thread (see workerOptions),
 * is checked here.
 */
export async function lintTextApart(
  g: Gongwen,
  text: string,
  options: TextOptions & { largeHeapMb?: number } = {},
): Promise<BatchFileResult> {
  const mb = options.largeHeapMb ?? ownHeapMb();
  const pool = text.length * 2 >= LARGE_FILE_BYTES ? startPool(g, 1, 'text', mb, true) : undefined;
  if (!pool) return g.lintText(text, options);
  const name = options.filePath ?? '<text>';
  const task: WorkerTask = {
    file: name,
    bytes: new Uint8Array(0),
    fix: Boolean(options.fix),
    text: { text, ...(options.filePath !== undefined ? { filePath: options.filePath } : {}) },
  };
  try {
    return unport(await runAlone(pool, task, mb, 'text'), name);
  } catch (e) {
    if (!(e instanceof DocumentError)) throw e;
    return { ...failed(name, e), format: formatForPath(name) === 'markdown' ? 'markdown' : 'text' };
  } finally {
    await pool.destroy().catch(() => {});
  }
}

/** Files are read ahead only while those read and not yet answered hold less than this (one at least is read). */
const BYTES_IN_FLIGHT = 64 * 1024 * 1024;

/** At most this many files go to a worker in one message (see WorkerBatch). */
const BATCH_FILES = 8;
/** and, past the first file, at most this many bytes. */
const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Gathers the files handed to the pool while this thread runs (a window's worth is read in one go) into batches of
 * at most BATCH_FILES, split evenly over the workers, and sends them when this thread next waits.
 */
class Batcher {
  private pending: Array<{
    task: WorkerTask;
    resolve: (r: PortableResult) => void;
    reject: (e: unknown) => void;
  }> = [];
  private scheduled = false;
  /** Batches sent and not answered. */
  private inFlight = 0;
  /** Batches sent. */
  private sent = 0;
  /** The worker threads that have answered: each has loaded its bundle. */
  private readonly answered = new Set<number>();

  constructor(
    private readonly pool: Pool,
    private readonly threads: number,
  ) {}

  /** Whether every worker has answered once, so none is still compiling its bundle. */
  allAnswered(): boolean {
    return this.answered.size >= this.threads;
  }

  run(task: WorkerTask): Promise<PortableResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ task, resolve, reject });
      if (this.pending.length >= BATCH_FILES * this.threads) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.pending;
    this.pending = [];
    if (!all.length) return;
    // While a worker has nothing to do, spread over the workers: the first files read do not all wait in one of them.
    const even =
      this.inFlight >= this.threads ? BATCH_FILES : Math.min(BATCH_FILES, Math.ceil(all.length / this.threads));
    for (let i = 0; i < all.length; ) {
      // Each worker's first batches are small (1, 2, 4 files): a worker still cold (nothing compiled yet) answers its
      // first file sooner, and so does a streamed report's first line.
      let size = Math.min(even, 2 ** Math.min(3, Math.floor(this.sent++ / this.threads)));
      // A large file goes alone: a batch holds files up to BATCH_BYTES (each worker has two batches at a time).
      let bytes = all[i]!.task.bytes.length;
      for (let k = 1; k < size; k++) {
        const next = all[i + k];
        if (!next || bytes + next.task.bytes.length > BATCH_BYTES) {
          size = k;
          break;
        }
        bytes += next.task.bytes.length;
      }
      const part = all.slice(i, i + size);
      i += size;
      this.inFlight++;
      this.pool.run({ tasks: part.map((p) => p.task) }).then(
        ({ thread, answers }) => {
          this.inFlight--;
          this.answered.add(thread);
          part.forEach((p, k) => {
            const a = answers[k]!;
            if ('thrown' in a) p.reject(new Error(a.thrown));
            else p.resolve(a);
          });
        },
        (e) => {
          this.inFlight--;
          for (const p of part) p.reject(e);
        },
      );
    }
  }
}

interface Ticket {
  promise: Promise<void>;
  done: boolean;
  value?: BatchFileResult | undefined;
  error?: unknown;
}

/**
 * The run behind Gongwen.lintFiles: this thread lists, reads and hashes each file (the cache and duplicates are
 * decided by the hash, so a rerun never leaves it), and a pool of worker threads decodes and checks (or this thread,
 * with one at a time). At most a small window of files is in flight or waiting for an earlier one, so memory does
 * not grow with the number of files. The results come in groups: those ready together, at most a window of them
 * (in path order, or in the order they were started among those completed).
 */
export async function* runBatch(
  g: Gongwen,
  files: readonly string[],
  options: LintOptions,
): AsyncGenerator<BatchFileResult[]> {
  const limit = Math.max(1, Math.floor(options.concurrency ?? 1));
  const ordered = options.ordered !== false;
  const fixing = Boolean(options.fix);
  const signal = options.signal;
  const threads = Math.min(limit, files.length);
  // Started at the first file the cache does not answer: a rerun over an unchanged archive starts no worker.
  const profile = profileFor(files);
  let pool: Pool | undefined;
  let poolTried = false;
  // Set before any worker is made: V8 takes a code cache only under the flags it was made with, and the flags are
  // the process's. Set while a worker compiled its bundle, they made one worker or both compile it from its source.
  const flags = options.v8Flags?.(profile) ?? [];
  applyFlags(flags);
  const poolFor = () => {
    if (!poolTried && threads > 1) {
      poolTried = true;
      pool = startPool(g, threads, profile, options.workerHeapMb);
    }
    return pool;
  };
  const byStat = options.cacheStrategy !== 'content';
  const cache =
    options.cacheLocation && !fixing
      ? ResultCache.load(options.cacheLocation, cacheSalt(g, options.toolVersion), options.onWarning)
      : undefined;
  // LibreOffice is looked for at the first .doc/.wps; an instance with its own converter keeps it (one file each).
  let legacy: LegacyBatcher | undefined;
  let legacyTried = false;
  const legacyFor = () => {
    if (!legacyTried) {
      legacyTried = true;
      const soffice = g.workerOptions() && g.legacyConverter() ? findSoffice(g.env) : undefined;
      if (soffice) legacy = new LegacyBatcher(soffice);
    }
    return legacy;
  };
  const firstOf = new FirstFiles();
  const recent = new Map<string, Promise<PortableResult>>();
  const configIds = new WeakMap<object, string>();
  const configId = (config: object) => {
    let id = configIds.get(config);
    if (id === undefined) configIds.set(config, (id = sha1(JSON.stringify(config))));
    return id;
  };
  const ignoreIds = new WeakMap<IgnoreList, string>();
  const ignoreId = (list: IgnoreList) => {
    let id = ignoreIds.get(list);
    if (id === undefined) {
      id = list.size ? sha1([...list.entries.keys()].sort().join('\n')) : '';
      ignoreIds.set(list, id);
    }
    return id;
  };
  // What a file's cache key and "same content" are taken under: its config and ignore list, as one string. The same
  // string object for a run of files under one (nearly all of an archive): the tables hash it once, not once a file.
  let lastGroup = { config: undefined as object | undefined, list: undefined as IgnoreList | undefined, id: '' };
  const groupOf = (config: object, list: IgnoreList): string => {
    if (lastGroup.config !== config || lastGroup.list !== list)
      lastGroup = { config, list, id: `${configId(config)}:${ignoreId(list)}` };
    return lastGroup.id;
  };

  let batcher: Batcher | undefined;
  let flagsSet = Number.NEGATIVE_INFINITY;
  // `here`: the AI checks run in this thread, where the run's accounting of them is kept.
  const check = async (file: string, bytes: Uint8Array, here = false): Promise<PortableResult> => {
    let converted = false;
    const legacyBatch = isLegacyPath(file) ? legacyFor() : undefined;
    if (legacyBatch) {
      bytes = await legacyBatch.convert(file);
      converted = true;
    }
    const pool = here ? undefined : poolFor();
    if (pool) {
      const task: WorkerTask = {
        file,
        bytes,
        ...(converted ? { converted } : {}),
        fix: fixing,
        write: Boolean(options.write),
      };
      try {
        batcher ??= new Batcher(pool, threads);
        const r = await batcher.run(task);
        // V8 sets the young generation's growth back to its default as it makes a thread's heap, for the whole
        // process: a worker that started (or was replaced) undid the run's flags. Set again here once every worker
        // has answered (each has loaded its bundle by then, under the flags its code cache was made with: set while
        // one still compiled, they voided its cache); not after every answer (setting flags took 0.3 s of this
        // thread over 10,432 files), at most every 50 ms.
        const now = performance.now();
        if (now - flagsSet > 50 && batcher.allAnswered()) {
          flagsSet = now;
          applyFlags(flags);
        }
        return r;
      } catch (e) {
        // The worker ran out of its heap (and is replaced): the file is checked again with a heap as large as this
        // thread's, in a thread of its own.
        if ((e as NodeJS.ErrnoException)?.code !== 'ERR_WORKER_OUT_OF_MEMORY' || signal?.aborted) throw e;
        return checkLarge(task);
      }
    }
    if (!here && bytes.length >= LARGE_FILE_BYTES && g.workerOptions())
      return checkLarge({
        file,
        bytes,
        ...(converted ? { converted } : {}),
        fix: fixing,
        write: Boolean(options.write),
      });
    return portable(await g.lintBytes(file, bytes, { ...options, converted }));
  };

  // One thread with a heap as large as this one's, for a file too large for a worker or for this thread to risk:
  // should its check run out of memory, the file fails with `out-of-memory` and the run goes on.
  let large: Pool | undefined;
  let largeTried = false;
  let largeHeapMb = 0;
  const checkLarge = async (task: WorkerTask): Promise<PortableResult> => {
    if (!largeTried) {
      largeTried = true;
      largeHeapMb = options.largeHeapMb ?? ownHeapMb();
      large = startPool(g, 1, profileFor([task.file]), largeHeapMb, true);
    }
    if (!large) return portable(await g.lintBytes(task.file, task.bytes, { ...options, converted: task.converted }));
    try {
      return await runAlone(large, task, largeHeapMb, 'file', signal);
    } finally {
      // Making the thread's heap set V8's young-generation growth back to its default, for the whole process.
      applyFlags(flags);
    }
  };

  const read = (file: string) => {
    const r = readCheckable(file);
    return { bytes: r.bytes, hash: sha1(r.bytes), stat: r.stat };
  };

  // Reading, hashing, a cache hit and a check in this thread run without waiting on anything: a long run of them
  // would hold the event loop, and with it Ctrl-C, the progress line and the output stream. So the loop is let turn
  // every few milliseconds. Only then is anything awaited: an await for each file cost a rerun from the cache a
  // promise and a turn per file.
  let turned = performance.now();
  const loopTurnDue = () => performance.now() - turned >= 16;
  const letLoopTurn = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    turned = performance.now();
  };

  const made = options.reportText;
  const textOf = (r: BatchFileResult) =>
    made ? { key: made.key, text: Buffer.from(made.make(r), 'utf8') as Uint8Array } : undefined;
  let warnedEntry = false;
  /**
   * A cache entry as this file's result. With its report text kept, the rest is parsed only if something asks for it
   * (a rerun writing that report never does); an entry whose JSON is damaged is dropped, with a warning, and
   * undefined returned so that the file is checked again.
   */
  const fromCache = (
    e: CacheEntry,
    key: string,
    file: string,
    same: { sameAs?: string },
  ): BatchFileResult | undefined => {
    const text = made ? entryText(e, made.key) : undefined;
    let value: CachedResult | undefined;
    const parsed = () => (value ??= ResultCache.result(e));
    if (!text || e.failed) {
      try {
        parsed();
      } catch (err) {
        cache!.drop(key);
        if (!warnedEntry)
          options.onWarning?.(
            `缓存文件已损坏，已忽略并将重建：${cache!.location}（${oneLine(err)}） / corrupt cache ignored`,
          );
        warnedEntry = true;
        return undefined;
      }
      const r: BatchFileResult = { ...unport(value!, file), ...same, cached: true };
      if (made) {
        const t = text ?? textOf(r)!.text;
        if (!text) cache!.setText(key, { key: made.key, text: t });
        r.reportText = t;
      }
      return r;
    }
    return new LazyResult(file, e, same.sameAs, text) as unknown as BatchFileResult;
  };

  /**
   * A file the cache answers by its stat alone, answered at once: its result, or (when the cache does not answer it)
   * the stat taken, for oneFile to go on from. A rerun over an unchanged archive is all such files, and the promises
   * and turns of oneFile's asynchronous path were a tenth of it. Undefined when the cache is not asked by stat.
   */
  const quickHit = (at: number): BatchFileResult | Stats | undefined => {
    if (!cache || !byStat || fixing) return undefined;
    const file = files[at]!;
    const loaded = g.configFor(file);
    if (g.llm.enabled(loaded.config)) return undefined;
    let st: Stats | undefined;
    try {
      st = statSync(file, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
    if (!st?.isFile()) return undefined;
    const hash = cache.hashOf(file, st);
    if (hash === undefined) return st;
    const group = groupOf(loaded.config, g.ignoresFor(file));
    const key = `${hash}:${group}`;
    let entry: CacheEntry | undefined;
    try {
      entry = cache.get(key);
    } catch {
      // Whatever reading the entry met, oneFile meets again and reports for this file alone.
      return st;
    }
    // Only an entry with its report text, which fromCache hands on without parsing (so without failing): any other
    // takes oneFile's path, which also notes the first file of each content once.
    if (!made || !entry || entry.failed || !entryText(entry, made.key)) return st;
    const first = firstOf.firstOr(hash, group, at);
    return fromCache(entry, key, file, first !== undefined ? { sameAs: files[first]! } : {}) ?? st;
  };

  // Bytes of files read and not yet answered, and files started whose size is not known yet: the window of files in
  // flight grows past its minimum only while both are small, so an archive of large files (scans, media) does not hold
  // a window's worth of them at once.
  let bytesHeld = 0;
  let unread = 0;
  const one = async (at: number, stat?: Stats): Promise<BatchFileResult> => {
    unread++;
    let counted = false;
    let held = 0;
    const hold = (b: Uint8Array | undefined) => {
      if (!counted) {
        counted = true;
        unread--;
      }
      if (b) {
        held += b.length;
        bytesHeld += b.length;
      }
    };
    try {
      return await oneFile(at, hold, stat);
    } finally {
      hold(undefined);
      bytesHeld -= held;
    }
  };
  const oneFile = async (
    at: number,
    hold: (b: Uint8Array | undefined) => void,
    /** The file's stat, when the cache's quick look took it. */
    stat?: Stats,
  ): Promise<BatchFileResult> => {
    const file = files[at]!;
    if (loopTurnDue()) await letLoopTurn();
    const loaded = g.configFor(file);
    // The AI checks and --fix depend on more than the bytes (a model's answers, a file written): no reuse for them.
    const llm = g.llm.enabled(loaded.config);
    const reuse = !fixing && !llm;
    let bytes: Uint8Array | undefined;
    let hash: string | undefined;
    try {
      // `metadata`: a file whose stat is as the cache recorded it is not read at all unless it must be checked.
      if (reuse && cache && byStat) {
        let st: Stats | undefined = stat;
        try {
          st ??= statSync(file, { throwIfNoEntry: false });
        } catch {
          // EACCES, ELOOP, …: reading it below says so, as for a file without a cache.
        }
        if (st?.isFile()) hash = cache.hashOf(file, st);
      }
      if (hash === undefined) {
        const r = read(file);
        bytes = r.bytes;
        hash = r.hash;
        if (reuse && byStat) cache?.stamp(file, r.stat, hash);
      }
    } catch (e) {
      if (e instanceof DocumentError) return failed(file, e);
      throw e;
    }
    hold(bytes);
    try {
      if (!reuse) return unport(await check(file, bytes!, llm), file);
      const group = groupOf(loaded.config, g.ignoresFor(file));
      let key = `${hash}:${group}`;
      if (!bytes && !cache?.has(key)) {
        // Known by its stat, but no result kept for it (an error that depends on more than the content): read it.
        const r = read(file);
        bytes = r.bytes;
        hold(bytes);
        if (r.hash !== hash) {
          cache?.stamp(file, r.stat, r.hash);
          hash = r.hash;
          key = `${hash}:${group}`;
        }
      }
      const first = firstOf.firstOr(hash, group, at);
      const same = first !== undefined ? { sameAs: files[first]! } : {};
      const entry = cache?.get(key);
      const hit = entry && fromCache(entry, key, file, same);
      if (hit) return hit;
      // An entry that could not be read was dropped: the file is checked as if it had none.
      bytes ??= read(file).bytes;
      let pending = recent.get(key);
      if (!pending) {
        pending = check(file, bytes);
        pending.catch(() => {});
        recent.set(key, pending);
        if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
      }
      const r = await pending;
      const result: BatchFileResult = { ...unport(r, file), ...same };
      if (cache && (!r.error || !PASSING_ERRORS.has(r.error.code))) {
        const text = textOf(result);
        cache.set(key, r, text);
        if (text) result.reportText = text.text;
      }
      return result;
    } catch (e) {
      if (signal?.aborted) throw e;
      const msg = (e as Error)?.message ?? String(e);
      if (e instanceof DocumentError) return failed(file, e);
      return failed(file, new DocumentError('internal-error', `内部错误（请报告）：${msg} / internal error`));
    }
  };

  // Files started and not yet yielded, in path order; `wake` resolves when one of them settles or the run is stopped.
  // In this thread, `limit` at a time (conversions and the AI checks wait on others); with workers, a few more, so
  // none waits for the next file to be read while an earlier slow one holds the head of the line.
  // Each worker has up to two batches (one checking, one waiting), and the next ones are read while they are checked.
  const window =
    threads <= 1 || !g.workerOptions() ? limit : ordered ? (limit * 2 + 2) * BATCH_FILES : limit * 2 * BATCH_FILES + 2;
  const minWindow = Math.min(window, limit * 2 + 2);
  const tickets: Ticket[] = [];
  let wake: () => void = () => {};
  let woken = new Promise<void>((r) => (wake = r));
  const rewake = () => {
    woken = new Promise<void>((r) => (wake = r));
  };
  const onAbort = () => wake();
  signal?.addEventListener('abort', onAbort);
  let next = 0;
  const start = () => {
    const at = next++;
    const quick = quickHit(at);
    if (quick && !(quick instanceof Stats)) {
      tickets.push({ done: true, value: quick } as Ticket);
      return;
    }
    const t: Ticket = { done: false } as Ticket;
    t.promise = one(at, quick).then(
      (v) => {
        t.done = true;
        t.value = v;
        wake();
      },
      (e) => {
        t.done = true;
        t.error = e;
        wake();
      },
    );
    tickets.push(t);
  };
  try {
    for (;;) {
      // Answers from the cache come without a wait: the loop is let turn for Ctrl-C and the progress line.
      if (loopTurnDue()) await letLoopTurn();
      while (
        !signal?.aborted &&
        next < files.length &&
        (tickets.length === 0 ||
          (bytesHeld < BYTES_IN_FLIGHT && (tickets.length < minWindow || (tickets.length < window && unread === 0))))
      )
        start();
      if (signal?.aborted || !tickets.length) break;
      // What is ready: in path order, the files done at the head of the line; else every file done, in the order
      // they were started. A file whose check failed ends the run once those before it are handed on.
      const ready: BatchFileResult[] = [];
      let failed: Ticket | undefined;
      if (ordered) {
        let n = 0;
        while (n < tickets.length && tickets[n]!.done && tickets[n]!.error === undefined) n++;
        for (const t of tickets.splice(0, n)) if (t.value) ready.push(t.value);
        if (n === 0 && tickets[0]!.done) failed = tickets[0];
      } else {
        let kept = 0;
        let stopped = false;
        for (const t of tickets) {
          if (t.done && !stopped) {
            if (t.error === undefined) {
              if (t.value) ready.push(t.value);
              continue;
            }
            stopped = true;
            if (ready.length === 0) failed = t;
          }
          tickets[kept++] = t;
        }
        tickets.length = kept;
      }
      if (failed) throw failed.error;
      if (ready.length === 0) {
        await woken;
        rewake();
        continue;
      }
      yield ready;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Abandons what is in flight: a worker busy with a file is ended, not waited for.
    await pool?.destroy().catch(() => {});
    await large?.destroy().catch(() => {});
    legacy?.close();
    cache?.save(options.onWarning);
  }
}

/**
 * A result answered from the cache without parsing its entry: the fields its entry's JSON holds (diagnostics,
 * fingerprints, document) are read when first asked for. They are own enumerable accessors, so that a copy made by
 * spreading the result parses it as a read of any field would, each defined with the same descriptor on every result
 * so that all share one hidden class (getters written in an object literal are new functions for each object and made
 * a hidden class for each: some 850 bytes and 12 µs a result in a rerun). An instance of a class with its state in a
 * private field, not an object literal given a symbol and the three accessors by Object.defineProperties: that took
 * 4-5 µs a result, some 40 ms of a rerun over 10,432 files.
 */
class LazyResult {
  // Declared, not defined as class fields: the properties come in the order results have (and sameAs only when set).
  declare readonly path: string;
  declare readonly format: CacheEntry['format'];
  declare readonly error: null;
  declare readonly sameAs?: string;
  declare readonly cached: true;
  declare readonly reportText: Uint8Array;
  #entry: CacheEntry;
  #value: CachedResult | undefined;
  #view: BatchFileResult['document'] | undefined;

  constructor(path: string, entry: CacheEntry, sameAs: string | undefined, reportText: Uint8Array) {
    const self = this as { -readonly [K in keyof LazyResult]: LazyResult[K] };
    self.path = path;
    self.format = entry.format;
    self.error = null;
    if (sameAs !== undefined) self.sameAs = sameAs;
    self.cached = true;
    self.reportText = reportText;
    this.#entry = entry;
    Object.defineProperty(this, 'diagnostics', LazyResult.#diagnostics);
    Object.defineProperty(this, 'fingerprints', LazyResult.#fingerprints);
    Object.defineProperty(this, 'document', LazyResult.#document);
  }

  static #parsed(r: LazyResult): CachedResult {
    r.#value ??= ResultCache.result(r.#entry);
    return r.#value;
  }

  static readonly #diagnostics: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyResult) {
      return LazyResult.#parsed(this).diagnostics;
    },
  };

  static readonly #fingerprints: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyResult) {
      return LazyResult.#parsed(this).fingerprints;
    },
  };

  static readonly #document: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyResult) {
      const snapshot = LazyResult.#parsed(this).snapshot;
      if (!snapshot) return undefined;
      this.#view ??= documentView(snapshot);
      return this.#view;
    },
  };
}

/**
 * What every entry of a cache file shares: the cache's format, the tool's version and the rule set (each rule's id,
 * level, message and clause), so a new version or a changed rule checks everything again.
 */
function cacheSalt(g: Gongwen, toolVersion = ''): string {
  const rules = g.registry.all().map((r) => [r.meta.id, r.meta.level, r.meta.message, r.meta.standard ?? '']);
  return sha1(JSON.stringify([1, toolVersion, rules]));
}

/**
 * The 32-bit word written as the eight hex digits of `hex` from `at` (a SHA-1 in lowercase hex, as made or as the
 * cache file's stamps are checked to hold), read in place: a rerun asks for five of them a file, and cutting each out
 * to parse it cost some 10 ms over 10,432 files.
 */
function hexWord(hex: string, at: number): number {
  let v = 0;
  for (let k = at; k < at + 8; k++) {
    const c = hex.charCodeAt(k);
    v = (v << 4) | (c <= 57 ? c - 48 : c - 87);
  }
  return v >>> 0;
}

/**
 * The first file met with each content (its SHA-1 under one config and ignore list), for "same content as …". Held in
 * typed arrays, 28 bytes a content: a Map from the keys as strings to the paths held 3-5 MB more over 10,432 files.
 */
class FirstFiles {
  /** A config and ignore list (few in a run), as a number. */
  private readonly groups = new Map<string, number>();
  /** Per slot: the hash's five 32-bit words, then the group. */
  private words = new Uint32Array(6 * 1024);
  /** Per slot: the index of the file, -1 when the slot is free. */
  private first = new Int32Array(1024).fill(-1);
  private count = 0;

  /** The first file with this content, or undefined after taking `file` as that first one. */
  firstOr(hash: string, group: string, file: number): number | undefined {
    let g = this.groups.get(group);
    if (g === undefined) this.groups.set(group, (g = this.groups.size));
    const w0 = hexWord(hash, 0);
    const w1 = hexWord(hash, 8);
    const w2 = hexWord(hash, 16);
    const w3 = hexWord(hash, 24);
    const w4 = hexWord(hash, 32);
    const mask = this.first.length - 1;
    // SHA-1's words are uniform: the first, mixed with the group, places the slot; probing goes on to the next free.
    for (let i = (w0 ^ Math.imul(g, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      const at = this.first[i]!;
      if (at < 0) break;
      const w = this.words;
      const o = i * 6;
      if (w[o] === w0 && w[o + 1] === w1 && w[o + 2] === w2 && w[o + 3] === w3 && w[o + 4] === w4 && w[o + 5] === g)
        return at;
    }
    if (++this.count * 2 > this.first.length) this.grow();
    this.put(w0, w1, w2, w3, w4, g, file);
    return undefined;
  }

  private put(w0: number, w1: number, w2: number, w3: number, w4: number, g: number, file: number): void {
    const mask = this.first.length - 1;
    let i = (w0 ^ Math.imul(g, 0x9e3779b1)) & mask;
    while (this.first[i]! >= 0) i = (i + 1) & mask;
    this.first[i] = file;
    const w = this.words;
    const o = i * 6;
    w[o] = w0;
    w[o + 1] = w1;
    w[o + 2] = w2;
    w[o + 3] = w3;
    w[o + 4] = w4;
    w[o + 5] = g;
  }

  private grow(): void {
    const { words, first } = this;
    this.first = new Int32Array(first.length * 2).fill(-1);
    this.words = new Uint32Array(words.length * 2);
    for (let i = 0; i < first.length; i++) {
      const o = i * 6;
      if (first[i]! >= 0)
        this.put(words[o]!, words[o + 1]!, words[o + 2]!, words[o + 3]!, words[o + 4]!, words[o + 5]!, first[i]!);
    }
  }
}
