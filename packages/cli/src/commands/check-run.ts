import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HtmlReport,
  JsonReport,
  SarifReport,
  StylishReport,
  SummaryCounter,
  defaultRegistry,
  jsonFileEntry,
  jsonSummaryOf,
  reportFile,
  selectDiagnostics,
  type FileResult,
  type LlmSummary,
  type Shard,
  type Summary,
} from '@gongwen/core';
import {
  AtomicFile,
  CHECKED_EXTENSIONS,
  UsageError,
  displayPath,
  oneLine,
  type BatchFileResult,
  type Gongwen,
} from '@gongwen/node';
import { terminalWidth, type Io } from '../io.js';
import { heapFlags } from './heap.js';
import { Progress } from './progress.js';

export interface RunSettings {
  format: string;
  /** Absolute path of `-o`; the report goes to standard output without it. */
  output?: string;
  color: boolean;
  quiet: boolean;
  progress: boolean;
  fix: boolean;
  fixDryRun: boolean;
  concurrency: number;
  cacheLocation?: string;
  cacheStrategy?: 'metadata' | 'content';
  /** The tool's version, as reports name it. */
  toolVersion: string;
  /** What the cache keys entries by (the version and the build); the tool's version if not given. */
  cacheVersion?: string;
  /** `--shard i/n`: this part of the file list only (a part may be empty). */
  shard?: Shard;
}

export interface RunOutcome {
  summary: Summary;
  interrupted: boolean;
}

/** A report format written as the files come: what goes first, each file's part, and the end. */
interface Writer {
  file(r: FileResult, extra: Record<string, unknown>): string;
  end(summary: Summary, extra: { llm?: LlmSummary; interrupted?: boolean }): string;
  /** Written once, before everything else (SARIF: its results wait in a temporary file until then). */
  close?(sink: Sink, extra: { interrupted?: boolean; llm?: LlmSummary }): void;
  /**
   * A file's part split into what holds for any path (kept in the cache as `reportText`, see keptText) and what is
   * written around it for a path; with it, a rerun copies each file's part from the cache as it is.
   */
  kept?: {
    key: string;
    body(r: FileResult): string;
    around(path: string, sameAs: string | undefined): [string, string];
  };
}

/**
 * The report text a cache keeps for a file: its counts on a first line (so the summary needs nothing parsed), then
 * the writer's body.
 */
function keptText(writer: Writer, r: FileResult): string {
  const c = new SummaryCounter();
  c.add(r);
  const s = c.summary();
  return `${s.errors} ${s.warnings} ${s.infos} ${s.fixable ?? 0}\n${writer.kept!.body(r)}`;
}

/**
 * Reads the counts of a kept text into `into` and gives where its body begins. Four numbers and a line break, read
 * from the bytes as they are (ten thousand decodings were a measurable part); one object for the run, not two a file.
 */
function splitKept(text: Uint8Array, into: Pick<Summary, 'errors' | 'warnings' | 'infos' | 'fixable'>): number {
  const n = [0, 0, 0, 0];
  let i = 0;
  let k = 0;
  for (; i < text.length && text[i] !== 10; i++) {
    const c = text[i]!;
    if (c === 32) k++;
    else n[k] = n[k]! * 10 + c - 48;
  }
  into.errors = n[0]!;
  into.warnings = n[1]!;
  into.infos = n[2]!;
  into.fixable = n[3]!;
  return i + 1;
}

/**
 * Where the report goes: standard output as it is written, or the `-o` file (a temporary file beside it until the
 * end, then renamed, so it is never half written). Standard output closed by its reader (`| head`) is not an error:
 * the run stops and ends as usual.
 */
class Sink {
  private file: AtomicFile | undefined;
  broken = false;
  private readonly onError = (e: NodeJS.ErrnoException) => {
    this.broken = true;
    this.onBroken(e);
  };

  constructor(
    private readonly io: Io,
    private readonly path: string | undefined,
    private readonly progress: Progress | undefined,
    private readonly onBroken: (e: NodeJS.ErrnoException) => void,
  ) {
    if (!path) io.stdout.on('error', this.onError);
  }

  write(text: string | Uint8Array): void {
    if (!text.length || this.broken) return;
    if (this.path) {
      this.file ??= new AtomicFile(this.path);
      this.file.write(text);
      return;
    }
    // The progress line shares the terminal: off while the report is written, back after.
    const shared = this.progress && this.io.stdout.isTTY;
    if (shared) this.progress!.clear();
    this.io.stdout.write(text);
    if (shared) this.progress!.redraw();
  }

  // The listener on standard output stays: a reader may close it just as the last piece is written, and its error
  // arrives after the run has ended.
  finish(): void {
    if (this.path) {
      this.file ??= new AtomicFile(this.path);
      this.file.commit();
    }
  }

  abandon(): void {
    this.file?.discard();
  }
}

/**
 * Text written aside to a temporary file as a run goes (a report's parts that must come after something known only
 * at the end), then copied to the sink: memory stays flat in the number of files.
 */
class Spool {
  private readonly path: string;
  private fd: number;
  private static count = 0;

  constructor(name: string) {
    this.path = join(tmpdir(), `gongwen-${name}-${process.pid}-${Date.now()}-${Spool.count++}.tmp`);
    this.fd = openSync(this.path, 'w+', 0o600);
  }

  write(text: string): void {
    if (text) writeSync(this.fd, text);
  }

  copyTo(sink: Sink): void {
    const buf = Buffer.alloc(1 << 20);
    let pos = 0;
    for (;;) {
      const n = readSync(this.fd, buf, 0, buf.length, pos);
      if (!n) break;
      pos += n;
      // A chunk may end inside a character: decode up to the last whole one.
      let end = n;
      while (end > 0 && (buf[end - 1]! & 0xc0) === 0x80) end--;
      if (end > 0 && buf[end - 1]! >= 0xc0) end--;
      if (end === 0) end = n;
      pos -= n - end;
      sink.write(buf.subarray(0, end).toString('utf8'));
    }
  }

  dispose(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    rmSync(this.path, { force: true });
  }
}

/** SARIF lists unreadable files before the results: the results wait in a temporary file until the end. */
class SarifWriter implements Writer {
  private readonly report: SarifReport;
  private readonly spool = new Spool('sarif');

  constructor(toolVersion: string) {
    this.report = new SarifReport({ registry: defaultRegistry(), toolVersion });
  }

  file(r: FileResult): string {
    this.spool.write(this.report.file(reportFile(r)));
    return '';
  }

  end(): string {
    return '';
  }

  close(sink: Sink, extra: { interrupted?: boolean }): void {
    try {
      const [before, after] = this.report.frame(extra);
      sink.write(before);
      this.spool.copyTo(sink);
      sink.write(`${after}\n`);
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    this.spool.dispose();
  }
}

/**
 * The HTML report opens with an overview of every file (totals, chart, top rules, worst documents, the files that
 * could not be checked): each file's section, and its row among those, wait in temporary files until the end, and
 * only the overview's counts are kept.
 */
class HtmlWriter implements Writer {
  private readonly report: HtmlReport;
  private readonly sections = new Spool('html');
  private readonly failed = new Spool('html-failed');

  constructor(toolVersion: string) {
    this.report = new HtmlReport({ registry: defaultRegistry(), toolVersion });
  }

  file(r: FileResult): string {
    const part = this.report.file(reportFile(r));
    this.sections.write(part.section);
    if (part.failed) this.failed.write(part.failed);
    return '';
  }

  end(): string {
    return '';
  }

  close(sink: Sink, extra: { interrupted?: boolean; llm?: LlmSummary }): void {
    try {
      const [before, between, after] = this.report.frame(extra);
      sink.write(before);
      this.failed.copyTo(sink);
      sink.write(between);
      this.sections.copyTo(sink);
      sink.write(after);
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    this.sections.dispose();
    this.failed.dispose();
  }
}

function writerFor(s: RunSettings, io: Io): Writer {
  switch (s.format) {
    case 'json': {
      const report = new JsonReport();
      let head = report.start();
      const once = () => {
        const h = head;
        head = '';
        return h;
      };
      return {
        file: (r, extra) => once() + report.file(reportFile(r), extra),
        end: (summary, extra) => `${once()}${report.end(summary, extra)}\n`,
        kept: {
          key: 'json-1',
          body: (r) => report.fileBody(reportFile(r)),
          around: (path, sameAs) => {
            const [before, after] = report.fileAround(path, sameAs);
            return [once() + before, after];
          },
        },
      };
    }
    case 'jsonl':
      return {
        file: (r, extra) => `${JSON.stringify({ type: 'file', ...jsonFileEntry(reportFile(r), extra) })}\n`,
        kept: {
          key: 'jsonl-1',
          body: (r) => {
            const f = reportFile(r);
            return JSON.stringify({ format: f.format, error: f.error, diagnostics: f.diagnostics }).slice(1, -1);
          },
          around: (path, sameAs) => [
            `{"type":"file","path":${JSON.stringify(path)},`,
            `${sameAs !== undefined ? `,"sameAs":${JSON.stringify(sameAs)}` : ''}}\n`,
          ],
        },
        end: (summary, extra) =>
          `${JSON.stringify({
            type: 'summary',
            version: 1,
            summary: jsonSummaryOf(summary, extra),
            ...(extra.interrupted ? { interrupted: true } : {}),
          })}\n`,
      };
    case 'sarif':
      return new SarifWriter(s.toolVersion);
    case 'html':
      return new HtmlWriter(s.toolVersion);
    default: {
      const width = terminalWidth(io.stdout);
      const report = new StylishReport({ color: s.color, ...(width && !s.output ? { width } : {}) });
      return {
        file: (r) => report.file(r),
        end: (_summary, extra) => report.end(extra.llm ? { llm: extra.llm } : {}),
      };
    }
  }
}

/**
 * One `gongwen check` over files and folders, streamed: each file's part of the report is written as soon as it is
 * checked (path order; completion order for jsonl), nothing of it is kept but the counts, a progress line shows on a
 * terminal, and Ctrl-C (SIGINT, SIGTERM) ends the run with what is done written out and marked `interrupted`.
 */
export class Run {
  constructor(
    private readonly gongwen: Gongwen,
    private readonly io: Io,
    private readonly s: RunSettings,
  ) {}

  async run(paths: string[]): Promise<RunOutcome> {
    const { gongwen, io, s } = this;
    const stop = new AbortController();
    let interrupted = false;
    const onSignal = () => {
      // A second Ctrl-C does not wait for the report to be written.
      if (interrupted) process.exit(130);
      interrupted = true;
      stop.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const progress = s.progress ? Progress.forStream(io.stderr) : undefined;
    const sink = new Sink(io, s.output, progress, () => stop.abort());
    const writer = writerFor(s, io);
    // What the report counts (--quiet: errors only) and what the exit status counts (everything found).
    const counter = new SummaryCounter();
    const found = new SummaryCounter();
    const wordFiles: string[] = [];
    const warn = (text: string) => {
      progress?.clear();
      io.stderr.write(`gongwen: ${text}\n`);
      progress?.redraw();
    };
    let total = 0;
    let done = false;
    const counts = { errors: 0, warnings: 0, infos: 0, fixable: 0 };
    try {
      for await (const group of gongwen.lintFileGroups(paths, {
        fix: s.fix || s.fixDryRun,
        write: s.fix,
        concurrency: s.concurrency,
        v8Flags: heapFlags,
        ordered: s.format !== 'jsonl',
        ...(s.cacheLocation ? { cacheLocation: s.cacheLocation } : {}),
        ...(s.cacheStrategy ? { cacheStrategy: s.cacheStrategy } : {}),
        // --quiet reports part of each file's findings: its part is made from them each time.
        ...(s.cacheLocation && writer.kept && !s.quiet && !s.fix && !s.fixDryRun
          ? { reportText: { key: writer.kept.key, make: (r: FileResult) => keptText(writer, r) } }
          : {}),
        toolVersion: s.cacheVersion ?? s.toolVersion,
        ...(s.shard ? { shard: s.shard } : {}),
        signal: stop.signal,
        onFiles: (n) => {
          total = n;
          if (n) progress?.start(n);
        },
        onWarning: warn,
      }))
        for (const r of group) {
          if (r.reportText && writer.kept) {
            // The file's part as the cache keeps it (or as just made for it), framed for its path; nothing parsed.
            const path = displayPath(r.path, io.cwd);
            if (r.error) warn(`${path}: ${oneLine(r.error.message)}`);
            const body = r.reportText.subarray(splitKept(r.reportText, counts));
            counter.addCounts(r.error, counts);
            found.addCounts(r.error, counts);
            const [before, after] = writer.kept.around(
              path,
              r.sameAs !== undefined ? displayPath(r.sameAs, io.cwd) : undefined,
            );
            sink.write(before);
            sink.write(body);
            sink.write(after);
            progress?.tick(Boolean(r.error));
            continue;
          }
          const shown = this.shown(r);
          if (r.error) warn(`${shown.path}: ${oneLine(r.error.message)}`);
          if ((s.fix || s.fixDryRun) && !r.error && r.format === 'docx') wordFiles.push(shown.path);
          counter.add(shown);
          found.add(r);
          const extra = {
            ...(s.fixDryRun && r.output !== undefined ? { output: r.output } : {}),
            ...(r.changes ? { changes: r.changes } : {}),
          };
          sink.write(writer.file(shown, extra));
          progress?.tick(Boolean(r.error));
        }
      progress?.stop();
      // A shard may get none of the files: an empty report, not an error.
      if (total === 0 && !stop.signal.aborted && !s.shard)
        throw new UsageError(
          `没有找到可检查的文件（${CHECKED_EXTENSIONS.join(' ')}）：${paths.join(' ')} / no files to check (nothing was checked)`,
        );
      const summary = counter.summary();
      const wasInterrupted = interrupted && !sink.broken;
      for (const f of wordFiles) {
        io.stderr.write(
          `gongwen: ${f}: --fix 不修改 Word 文件；修正请用 gongwen review ${f}（写成修订）或 gongwen review --accept ${f}（直接修正的副本） / --fix leaves Word files alone; use gongwen review\n`,
        );
      }
      const llm = gongwen.llm.summary();
      for (const e of gongwen.llm.stats.errors) io.stderr.write(`gongwen: AI 检查 / LLM check: ${e}\n`);
      const extra = { ...(llm ? { llm } : {}), ...(wasInterrupted ? { interrupted: true } : {}) };
      sink.write(writer.end(summary, extra));
      writer.close?.(sink, extra);
      sink.finish();
      done = true;
      if (wasInterrupted)
        io.stderr.write(
          `gongwen: 已中断：检查了 ${summary.files}/${total} 个文件${s.output ? `，已写入 ${displayPath(s.output, io.cwd)}` : ''} / interrupted\n`,
        );
      return { summary: found.summary(), interrupted: wasInterrupted };
    } finally {
      progress?.stop();
      if (!done) {
        sink.abandon();
        (writer as Partial<SarifWriter | HtmlWriter>).dispose?.();
      }
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  }

  /** The result as the report shows it: paths relative to the working folder, --quiet's errors only. */
  private shown(r: BatchFileResult): FileResult {
    const cwd = this.io.cwd;
    const { output: _o, changes: _c, source: _s, cached: _k, reportText: _t, ...rest } = r;
    const shown: FileResult = {
      ...rest,
      path: displayPath(r.path, cwd),
      ...(r.sameAs !== undefined ? { sameAs: displayPath(r.sameAs, cwd) } : {}),
    };
    // --quiet: errors only, each keeping the fingerprint it has among all the file's findings.
    return this.s.quiet ? selectDiagnostics(shown, (d) => d.severity === 'error').result : shown;
  }
}
