import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import {
  Checker,
  DocumentError,
  buildDocx as buildCoreDocx,
  defaultRegistry,
  documentFromSource,
  encodeSource,
  formatForPath,
  markdownFromText,
  normalizeLineBreaks,
  readMarkdown,
  reviewDocx as reviewCoreDocx,
  textDocument,
  type Config,
  type Diagnostic,
  type FileResult,
  type FixChange,
  type GovDocument,
  type RuleRegistry,
  type SourceFormat,
  type Shard,
} from '@gongwen/core';
import { ConfigResolver, loadConfigFile, type LoadedConfig } from './config.js';
import { UsageError } from './errors.js';
import { absolute, expandPaths, isIgnored, shardOf } from './files.js';
import { fixLoop } from './fix.js';
import { IgnoreLists, type IgnoreList } from './ignores.js';
import { LlmSession, type LlmFlags } from './llm.js';
import {
  assertDocxInput,
  defaultLegacyConverter,
  readConverted,
  readDocxInput,
  readInput,
  type Env,
  type LegacyConverter,
} from './read.js';
import { writeAtomic } from './write.js';

export interface GongwenOptions {
  /** Folder relative paths and globs start from (default: the process's). */
  cwd?: string;
  /** `--config`: this file for every document instead of the nearest `.gongwenrc.yaml`. */
  configFile?: string;
  /** Merged over each document's config (`--rule`, the editor's settings). */
  overrides?: Config;
  /** Where `GONGWEN_*` settings are read (default: process.env). */
  env?: Env;
  /** AI-check choices of this run (CLI flags). */
  llm?: LlmFlags;
  /**
   * Keep config files and ignore lists once found (a batch; default). An editor turns this off so an edited
   * `.gongwenrc.yaml` or `.gongwen/ignores.json` counts at the next check.
   */
  cache?: boolean;
  /** The rules (default: the bundled registry). */
  registry?: RuleRegistry;
  /** How `.doc`/`.wps` become `.docx` (default: LibreOffice when found; `null`: never). */
  convertLegacy?: LegacyConverter | null;
}

export interface LintOptions {
  /** Apply every safe fix until stable; the result carries the fixed source as `output` (text and Markdown only). */
  fix?: boolean;
  /** With `fix`: write changed files back (atomically, in their own encoding). */
  write?: boolean;
  /**
   * lintFiles: how many files are checked at once (default 1). Above 1, a pool of that many worker threads checks them
   * (each loads the engine once); 1 checks in this thread, with no worker to start.
   */
  concurrency?: number;
  /**
   * lintFiles with concurrency: the heap limit of each worker's old generation in MB (default 256). A file whose check
   * needs more is checked again in a thread of its own with a limit of largeHeapMb. A smaller limit keeps a worker's
   * heap closer to what it holds.
   */
  workerHeapMb?: number;
  /**
   * lintFiles: the heap limit in MB of the thread that checks a file too large for a worker, or of 16 MB and more in a
   * run of one thread (default: this thread's own limit). A file whose check needs more fails with `out-of-memory`,
   * and the run goes on.
   */
  largeHeapMb?: number;
  /**
   * lintFiles: V8 flags for the run, by what its files mostly are (plain text, or packages such as .docx and PDF; the
   * command line tunes the heap by it). Asked once the files are listed, before any is checked, and set again after
   * each answer of a worker thread, since V8 puts some back when it makes a thread's heap.
   */
  v8Flags?: (profile: 'text' | 'package') => readonly string[];
  /** lintFiles: only the files of this part of the list (`--shard i/n`; see shardOf). */
  shard?: Shard;
  /** lintFiles: yield results in path order (default) or, with `false`, each as soon as it is ready. */
  ordered?: boolean;
  /**
   * lintFiles: keep results in this file (ESLint's `--cache`), keyed by the content's hash, the tool's version, the
   * resolved config, the rule set and the ignore list; a file seen before is only read and hashed. Not with `fix`.
   */
  cacheLocation?: string;
  /**
   * lintFiles with cacheLocation (ESLint's `--cache-strategy`): `metadata` (default) takes a file whose size, times
   * and inode are as recorded to hold the content hashed then, and does not read it; `content` reads and hashes
   * every file.
   */
  cacheStrategy?: 'metadata' | 'content';
  /** lintFiles with cacheLocation: the tool's version, part of every key (a new version checks everything again). */
  toolVersion?: string;
  /**
   * lintFiles with cacheLocation: a text made of each result (a report's part for one file, without its path), kept
   * in the cache with it and given with each result as `reportText` (UTF-8), so a rerun copies it instead of making
   * it again from the parsed result. `key` names what it is made for; a text kept under another key is made again.
   * `make` must not depend on the result's path or `sameAs`.
   */
  reportText?: { key: string; make(r: BatchFileResult): string };
  /** lintFiles: stop scheduling when aborted; files in flight are abandoned and the generator returns. */
  signal?: AbortSignal;
  /** lintFiles: how many files will be checked, once they are listed (before the first result). */
  onFiles?: (count: number) => void;
  /** lintFiles: something the run could not do as asked but went on without (a corrupt cache file). */
  onWarning?: (message: string) => void;
}

/** A file of a batch (lintFiles): its document reduced to what its report needs. */
export interface BatchFileResult extends FileResult {
  output?: string;
  changes?: FixChange[];
  source?: string;
  /** The result came from the cache (the file was read and hashed, not checked). */
  cached?: boolean;
  /** LintOptions.reportText's text of this result, as UTF-8. */
  reportText?: Uint8Array;
}

/** One checked file: `path` is absolute (or the name given with the text); a file that could not be read has `error`. */
export interface LintFileResult extends FileResult {
  document?: GovDocument;
  /** The fixed source, when fixes were asked for and the format has one. */
  output?: string;
  /** With fixes asked for: each change made, in the order made (lines hold in the input and the output). */
  changes?: FixChange[];
  /** With fixes asked for: the source they started from (line breaks as `\n`), for a diff. */
  source?: string;
}

export interface TextOptions {
  /** Decides the format (`.md` → Markdown) and which config and ignore list apply; not read. */
  filePath?: string;
  fix?: boolean;
}

export interface ReviewOptions {
  /** Where the reviewed copy goes (default: `<name>.reviewed.docx` beside the input). */
  output?: string;
  author?: string;
  fixLayout?: boolean;
  /** Make the safe text fixes directly instead of as tracked changes (a clean corrected copy). */
  accept?: boolean;
}

export interface ReviewFileResult {
  result: LintFileResult;
  /** The reviewed copy written (absolute), unless the input could not be read. */
  output?: string;
  comments: number;
  trackedChanges: number;
  /** Text fixes made directly (with `accept`). */
  acceptedFixes: number;
  layoutFixes: string[];
}

export interface BuildOptions {
  /** The .docx to write (default: the draft's name with `.docx`). */
  output?: string;
  /** Build even when the draft has errors. */
  force?: boolean;
  /** The draft as an editor holds it (default: read from `draft`). */
  text?: string;
}

export interface BuildResult {
  /** The draft's check: findings, or `error` when it could not be read. */
  result: LintFileResult;
  /** Errors in the draft (what stops the build without `force`). */
  errors: number;
  /** Absolute path of the .docx; written only when `built` is set. */
  output: string;
  built?: { pages: number; warnings: string[] };
}

type Keep = (doc: GovDocument, d: Diagnostic) => boolean;

/** in.docx → in.reviewed.docx beside it (a .doc/.wps input gets a .docx copy). */
export function defaultReviewPath(input: string): string {
  const ext = extname(input);
  return join(dirname(input), `${basename(input, ext)}.reviewed.docx`);
}

function failed(path: string, format: FileResult['format'], e: DocumentError): LintFileResult {
  return { path, format, error: { code: e.code, message: e.message }, diagnostics: [] };
}

/**
 * What a failure of one file becomes so that the batch goes on: a DocumentError stays as it is; a usage error still
 * stops the run; anything else is a bug of ours, reported for this file as `internal-error`.
 */
function perFile(e: unknown): DocumentError {
  if (e instanceof DocumentError) return e;
  if (e instanceof UsageError) throw e;
  const msg = (e as Error)?.message ?? String(e);
  if (process.env.GONGWEN_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? msg}\n`);
  return new DocumentError('internal-error', `内部错误（请报告）：${msg} / internal error`);
}

/**
 * gongwen on Node.js, as ESLint's `ESLint` class is over its `Linter`: config discovery, ignore globs and lists, file
 * reading and conversion, the AI checks' setup, the fix loop and atomic writes around the engine. One instance is one
 * run (the CLI) or one editor session with its settings (the language server).
 */
export class Gongwen {
  readonly cwd: string;
  readonly env: Env;
  /** The AI checks of this run: their accounting ends up in the summary. */
  readonly llm: LlmSession;
  private readonly resolver: ConfigResolver;
  private readonly ignoreLists: IgnoreLists;
  private readonly checkers = new Map<string, Checker>();
  private legacy: LegacyConverter | null | undefined;

  constructor(private readonly options: GongwenOptions = {}) {
    this.cwd = options.cwd ?? process.cwd();
    this.env = options.env ?? process.env;
    const explicit = options.configFile ? loadConfigFile(resolve(this.cwd, options.configFile)) : undefined;
    this.resolver = new ConfigResolver({
      ...(explicit ? { explicit } : {}),
      ...(options.overrides ? { overrides: options.overrides } : {}),
      cwd: this.cwd,
      env: this.env,
      cache: options.cache !== false,
    });
    this.ignoreLists = new IgnoreLists({ cache: options.cache !== false });
    this.llm = new LlmSession(options.llm ?? {}, this.env);
    if (options.convertLegacy !== undefined) this.legacy = options.convertLegacy;
  }

  /** The config that applies to a file (it need not exist). */
  configFor(file: string): LoadedConfig {
    // The resolver takes the path against the same working folder.
    return this.resolver.forFile(file);
  }

  /** What applies to text with no file behind it: the defaults and the overrides. */
  defaultConfig(): LoadedConfig {
    return this.resolver.defaults();
  }

  /** The checker for a config; one per distinct config, shared by every file it applies to. */
  checkerFor(loaded: LoadedConfig): { checker: Checker; key: string } {
    const key = JSON.stringify(loaded.config);
    let checker = this.checkers.get(key);
    if (!checker) {
      checker = new Checker({
        config: loaded.config,
        ...(this.options.registry ? { registry: this.options.registry } : {}),
      });
      this.checkers.set(key, checker);
    }
    return { checker, key };
  }

  /** The ignored occurrences for a file (the nearest `.gongwen/ignores.json`), else those in `fallbackRoot`. */
  ignoresFor(file: string | undefined, fallbackRoot?: string): IgnoreList {
    return this.ignoreLists.forFile(file === undefined ? undefined : absolute(this.cwd, file), fallbackRoot);
  }

  /** Forgets configs and ignore lists read so far (they changed on disk). */
  clearCaches(): void {
    this.resolver.clear();
    this.ignoreLists.clear();
    this.checkers.clear();
  }

  private converter(): LegacyConverter | undefined {
    if (this.legacy === undefined) this.legacy = defaultLegacyConverter(this.env) ?? null;
    return this.legacy ?? undefined;
  }

  /**
   * Files, folders (recursive) and globs, each result yielded as soon as it and those before it are ready (path
   * order), or as soon as it is ready (`ordered: false`). A file that cannot be read gives a result with `error` and
   * the batch goes on; a path that matches nothing is a UsageError. Files excluded by a config's `ignore` are skipped
   * unless named explicitly. Files with the same content (and config) are checked once: the later ones carry
   * `sameAs`, the first one's path. See LintOptions for the pool, the cache and interruption.
   */
  async *lintFiles(patterns: string[], options: LintOptions = {}): AsyncGenerator<BatchFileResult> {
    for await (const group of this.lintFileGroups(patterns, options)) yield* group;
  }

  /**
   * lintFiles' results in groups: those ready together come as one array, in the same order as lintFiles gives them.
   * For a caller that handles many results at a time (a report over an archive): a rerun from the cache answers
   * thousands of files without waiting on anything, and a promise and a turn of the generators for each cost more
   * than the rest of its work on them.
   */
  async *lintFileGroups(patterns: string[], options: LintOptions = {}): AsyncGenerator<BatchFileResult[]> {
    const named = new Set(patterns.map((p) => resolve(this.cwd, p)));
    const batch = await import('./batch.js');
    // The workers start at the first file the cache does not answer, once the files are listed (listing 10,432 files
    // takes some 40 ms). Started before the listing, they made the process's young generation grow while it went on
    // (V8 sets the flag that holds it back to its default as it makes a thread's heap): the peak of a run over 16
    // copies of gov-texts was 188 MB against 183 MB (medians), in the same time; the first result comes 30-70 ms later.
    let listed = await expandPaths(patterns, this.cwd);
    const shard = options.shard;
    if (shard) listed = listed.filter((f) => shardOf(relative(this.cwd, f), shard.count) === shard.index);
    const files = listed.filter((file) => {
      if (named.has(file)) return true;
      const { config, baseDir } = this.configFor(file);
      return !isIgnored(file, config.ignore, baseDir);
    });
    options.onFiles?.(files.length);
    yield* batch.runBatch(this, files, options);
  }

  /**
   * What a worker thread needs to make the same instance (plain data), or undefined when this one cannot be copied
   * (its own rule registry or legacy converter, the AI checks asked for on the command line: those stay in this thread).
   */
  workerOptions(): GongwenOptions | undefined {
    const o = this.options;
    if (o.registry || (o.convertLegacy !== undefined && o.convertLegacy !== null)) return undefined;
    if (o.llm && (o.llm.llm || o.llm.llmRedact)) return undefined;
    return {
      cwd: this.cwd,
      ...(o.configFile ? { configFile: o.configFile } : {}),
      ...(o.overrides ? { overrides: o.overrides } : {}),
      ...(o.env ? { env: { ...o.env } } : {}),
      ...(o.llm ? { llm: o.llm } : {}),
      ...(o.convertLegacy === null ? { convertLegacy: null } : {}),
    };
  }

  /** The rules this instance checks with. */
  get registry(): RuleRegistry {
    return this.options.registry ?? defaultRegistry();
  }

  /** The converter .doc/.wps files go through (undefined: none on this machine). */
  legacyConverter(): LegacyConverter | undefined {
    return this.converter();
  }

  /**
   * A file whose bytes a batch already read: `converted` when they are the .docx LibreOffice made of a .doc/.wps.
   * Never throws for the file's own faults (they become `error`).
   */
  async lintBytes(
    file: string,
    bytes: Uint8Array,
    options: LintOptions & { converted?: boolean } = {},
  ): Promise<LintFileResult> {
    const loaded = this.configFor(file);
    return this.lintWith(file, loaded, this.checkerFor(loaded).checker, options, bytes);
  }

  /** One file, named explicitly (no `ignore` globs apply). */
  async lintFile(file: string, options: LintOptions = {}): Promise<LintFileResult> {
    const abs = resolve(this.cwd, file);
    const loaded = this.configFor(abs);
    return this.lintWith(abs, loaded, this.checkerFor(loaded).checker, options);
  }

  private async lintWith(
    file: string,
    loaded: LoadedConfig,
    checker: Checker,
    options: LintOptions & { converted?: boolean },
    bytes?: Uint8Array,
  ): Promise<LintFileResult> {
    try {
      const input = options.converted ? readConverted(file, bytes!) : await readInput(file, this.converter(), bytes);
      const keep = this.ignoresFor(file).keep;
      if (options.fix && input.source !== undefined) {
        const fixed = this.fixWith(checker, input.source, input.format, keep);
        if (options.write && fixed.output !== input.source)
          writeAtomic(file, encodeSource(fixed.output, input.doc.encoding));
        // AI findings are looked for after the fixes and stay suggestions: a fix never applies them.
        const diagnostics = (
          await this.llm.check(checker, loaded.config, loaded.baseDir, fixed.doc, fixed.diagnostics)
        ).filter((d) => keep(fixed.doc, d));
        return {
          path: file,
          format: input.format,
          error: null,
          diagnostics,
          document: fixed.doc,
          output: fixed.output,
          changes: fixed.changes,
          source: input.source,
        };
      }
      const diagnostics = (await this.llm.check(checker, loaded.config, loaded.baseDir, input.doc)).filter((d) =>
        keep(input.doc, d),
      );
      return { path: file, format: input.format, error: null, diagnostics, document: input.doc };
    } catch (e) {
      return failed(file, formatForPath(file) ?? 'unknown', perFile(e));
    }
  }

  private fixWith(checker: Checker, source: string, format: SourceFormat, keep: Keep) {
    return fixLoop(
      source,
      (s) => {
        const doc = documentFromSource(s, format);
        return { doc, diagnostics: checker.check(doc, { keepAllFixes: true }).diagnostics };
      },
      { keep },
    );
  }

  /**
   * lintText for text that may be large (standard input): from 16 MB on (two bytes a character) it is checked in a
   * thread of its own with this thread's heap limit (or `largeHeapMb`), as lintFiles checks a large file, so that a
   * check running out of memory gives `out-of-memory` rather than the end of the process.
   */
  async lintTextApart(text: string, options: TextOptions & { largeHeapMb?: number } = {}): Promise<BatchFileResult> {
    // With the AI checks, here: this thread keeps their accounting (as lintFiles does).
    if (this.llm.enabled(this.configFor(resolve(this.cwd, options.filePath ?? 'stdin.txt')).config))
      return this.lintText(text, options);
    const batch = await import('./batch.js');
    return batch.lintTextApart(this, text, options);
  }

  /**
   * Text held in memory (standard input, an editor's buffer): checked as the file `filePath` would be, with its
   * config and ignore list. Line breaks are taken as `\n`. With `fix`, `output` is the fixed text.
   */
  async lintText(text: string, options: TextOptions = {}): Promise<LintFileResult> {
    const name = options.filePath ?? '<text>';
    const configPath = resolve(this.cwd, options.filePath ?? 'stdin.txt');
    const loaded = this.configFor(configPath);
    const { checker } = this.checkerFor(loaded);
    const raw = normalizeLineBreaks(text).text;
    const format: SourceFormat = formatForPath(name) === 'markdown' ? 'markdown' : 'text';
    try {
      const keep = this.ignoresFor(configPath).keep;
      if (options.fix) {
        const fixed = this.fixWith(checker, raw, format, keep);
        const diagnostics = (
          await this.llm.check(checker, loaded.config, loaded.baseDir, fixed.doc, fixed.diagnostics)
        ).filter((d) => keep(fixed.doc, d));
        return {
          path: name,
          format,
          error: null,
          diagnostics,
          document: fixed.doc,
          output: fixed.output,
          changes: fixed.changes,
          source: raw,
        };
      }
      const doc = format === 'markdown' ? markdownFromText(raw) : textDocument(raw);
      const diagnostics = (await this.llm.check(checker, loaded.config, loaded.baseDir, doc)).filter((d) =>
        keep(doc, d),
      );
      return { path: name, format, error: null, diagnostics, document: doc };
    } catch (e) {
      return failed(name, format, perFile(e));
    }
  }

  /** lintText with every safe fix applied until stable: `output` is always set (the text itself when nothing applied). */
  async fixText(text: string, options: Omit<TextOptions, 'fix'> = {}): Promise<LintFileResult & { output: string }> {
    const r = await this.lintText(text, { ...options, fix: true });
    return { ...r, output: r.output ?? normalizeLineBreaks(text).text };
  }

  /**
   * A reviewed copy of a .docx (or .doc/.wps through LibreOffice): findings as Word comments, safe fixes as tracked
   * changes, written atomically. An unreadable input gives `result.error`; an output over the input is a UsageError.
   */
  async reviewDocx(file: string, options: ReviewOptions = {}): Promise<ReviewFileResult> {
    const abs = resolve(this.cwd, file);
    try {
      assertDocxInput(abs);
      const out = resolve(this.cwd, options.output ?? defaultReviewPath(abs));
      if (out === abs)
        throw new UsageError(`输出文件不能覆盖输入文件：${file} / the output must not overwrite the input`);
      const loaded = this.configFor(abs);
      const { checker } = this.checkerFor(loaded);
      const bytes = await readDocxInput(abs, this.converter());
      const r = reviewCoreDocx(bytes, {
        checker,
        ...(options.author ? { author: options.author } : {}),
        ...(options.fixLayout ? { fixLayout: true } : {}),
        ...(options.accept ? { accept: true } : {}),
      });
      writeAtomic(out, r.bytes);
      return {
        result: { path: abs, format: 'docx', error: null, diagnostics: r.diagnostics, document: r.document },
        output: out,
        comments: r.comments,
        trackedChanges: r.trackedChanges,
        acceptedFixes: r.acceptedFixes,
        layoutFixes: r.layoutFixes,
      };
    } catch (e) {
      return {
        result: failed(abs, 'docx', perFile(e)),
        comments: 0,
        trackedChanges: 0,
        acceptedFixes: 0,
        layoutFixes: [],
      };
    }
  }

  /** The bytes of a .docx to convert or review (.doc/.wps through LibreOffice); DocumentError when unreadable. */
  readDocx(file: string): Promise<Uint8Array> {
    return readDocxInput(resolve(this.cwd, file), this.converter());
  }

  /**
   * A Markdown draft → a GB/T 9704 .docx: the draft is checked first (what is wrong in the Markdown would be wrong in
   * the .docx too) and errors stop the build unless `force`; the .docx is written atomically, never over the draft.
   */
  async buildDocx(draft: string, options: BuildOptions = {}): Promise<BuildResult> {
    const file = resolve(this.cwd, draft);
    const exists = options.text !== undefined || statSync(file, { throwIfNoEntry: false })?.isFile();
    if (!exists) throw new UsageError(`找不到草稿：${draft} / draft not found`);
    const ext = extname(file).toLowerCase();
    if (ext !== '.md' && ext !== '.markdown')
      throw new UsageError(`草稿应为 Markdown（.md）文件：${draft} / the draft must be a .md file`);
    const out = resolve(this.cwd, options.output ?? `${file.slice(0, file.length - ext.length)}.docx`);
    if (extname(out).toLowerCase() !== '.docx')
      throw new UsageError(`输出文件应以 .docx 结尾：${options.output} / output must end in .docx`);
    const { checker } = this.checkerFor(this.configFor(file));
    let doc: GovDocument;
    try {
      doc =
        options.text !== undefined
          ? markdownFromText(normalizeLineBreaks(options.text).text)
          : readMarkdown(readFileSync(file));
    } catch (e) {
      if (!(e instanceof DocumentError)) throw e;
      return { result: failed(file, 'markdown', e), errors: 0, output: out };
    }
    const diagnostics = checker.check(doc).diagnostics;
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const result: LintFileResult = { path: file, format: 'markdown', error: null, diagnostics, document: doc };
    if (errors && !options.force) return { result, errors, output: out };
    const built = await buildCoreDocx(doc, checker.profile);
    writeAtomic(out, built.bytes);
    return { result, errors, output: out, built: { pages: built.pages, warnings: built.warnings } };
  }
}

/** Checks files, folders and globs with a one-off instance (see Gongwen.lintFiles). */
export function lintFiles(
  patterns: string[],
  options: GongwenOptions & LintOptions = {},
): AsyncGenerator<BatchFileResult> {
  return new Gongwen(options).lintFiles(patterns, options);
}

/** Checks text as the file `filePath` would be (see Gongwen.lintText). */
export function lintText(text: string, options: GongwenOptions & TextOptions = {}): Promise<LintFileResult> {
  return new Gongwen(options).lintText(text, options);
}

/** Fixes text until stable (see Gongwen.fixText). */
export function fixText(
  text: string,
  options: GongwenOptions & Omit<TextOptions, 'fix'> = {},
): Promise<LintFileResult & { output: string }> {
  return new Gongwen(options).fixText(text, options);
}

/** Writes the reviewed copy of one .docx (see Gongwen.reviewDocx). */
export function reviewDocx(file: string, options: GongwenOptions & ReviewOptions = {}): Promise<ReviewFileResult> {
  return new Gongwen(options).reviewDocx(file, options);
}

/** Checks a Markdown draft, then builds its .docx (see Gongwen.buildDocx). */
export function buildDocx(draft: string, options: GongwenOptions & BuildOptions = {}): Promise<BuildResult> {
  return new Gongwen(options).buildDocx(draft, options);
}
