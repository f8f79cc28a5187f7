import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import {
  Baseline,
  DocumentError,
  ReportFormatError,
  formatHtml,
  parseShard,
  readReport,
  selectDiagnostics,
  type Shard,
  decodeText,
  defaultRegistry,
  formatFixChanges,
  formatJson,
  formatSarif,
  formatStylish,
  jsonFileEntry,
  jsonSummaryOf,
  reportFile,
  summarize,
  unifiedDiff,
  type FileChanges,
  type FileResult,
} from '@gongwen/core';
import {
  CHECKED_EXTENSIONS,
  Gongwen,
  MAX_INPUT_BYTES,
  UsageError,
  displayPath,
  oneLine,
  writeAtomic,
  type LlmFlags,
} from '@gongwen/node';
import { terminalWidth, type Io } from '../io.js';
import { parseRuleOverrides } from '../options.js';
import { buildId, VERSION } from '../version.js';
import { Run, type RunOutcome } from './check-run.js';
import { heapFlags } from './heap.js';

export { CHECK_HEAP_FLAG } from './heap.js';

export interface CheckOptions extends LlmFlags {
  format: string;
  fix?: boolean;
  fixDryRun?: boolean;
  stdin?: boolean;
  stdinFilename?: string;
  maxWarnings?: string;
  quiet?: boolean;
  rule?: string[];
  config?: string;
  output?: string;
  color?: boolean;
  baseline?: string;
  shard?: string;
  concurrency?: string;
  progress?: boolean;
  cache?: boolean;
  cacheLocation?: string;
  cacheStrategy?: string;
}

/** `--baseline FILE`: the findings of an earlier `check --format json|jsonl`; a usage error when unreadable. */
export function loadBaseline(file: string, cwd: string): Baseline {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`无法读取基线文件 ${file}：${(e as Error).message} / cannot read the baseline`);
  }
  try {
    return new Baseline(readReport(text, file).files, file);
  } catch (e) {
    if (e instanceof ReportFormatError) throw new UsageError(e.message);
    throw e;
  }
}

/** `--shard i/n`, 1-based. */
export function shardOption(spec: string | undefined): Shard | undefined {
  if (spec === undefined) return undefined;
  const shard = parseShard(spec);
  if (!shard)
    throw new UsageError(`--shard 的格式应为 i/n（1 ≤ i ≤ n），如 1/4：${spec} / --shard expects i/n, e.g. 1/4`);
  return shard;
}

/** Where `--cache` keeps results unless `--cache-location` says otherwise (a folder given there holds this name). */
export const DEFAULT_CACHE = '.gongwencache';

function cacheFile(opts: CheckOptions, cwd: string): string | undefined {
  if (!opts.cache) return undefined;
  const loc = resolve(cwd, opts.cacheLocation ?? DEFAULT_CACHE);
  return statSync(loc, { throwIfNoEntry: false })?.isDirectory() ? join(loc, DEFAULT_CACHE) : loc;
}

function cacheStrategyOf(value: string | undefined): 'metadata' | 'content' | undefined {
  if (value === undefined || value === 'metadata' || value === 'content') return value;
  throw new UsageError(
    `--cache-strategy 应为 metadata 或 content：${value} / --cache-strategy takes metadata or content`,
  );
}

function concurrencyOf(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--concurrency 应为正整数：${value} / --concurrency takes a positive integer`);
  return n;
}

/** Standard input, read in chunks and capped like a file: a clear error at the cap, never the whole stream in memory. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of process.stdin) {
    total += (c as Buffer).length;
    if (total > MAX_INPUT_BYTES) {
      process.stdin.destroy();
      throw new DocumentError(
        'too-large',
        `标准输入过大（超过 ${MAX_INPUT_BYTES / 1048576} MB） / standard input over ${MAX_INPUT_BYTES / 1048576} MB`,
      );
    }
    chunks.push(c as Buffer);
  }
  return decodeText(Buffer.concat(chunks)).text;
}

export async function runCheck(
  paths: string[],
  opts: CheckOptions,
  io: Io & { readStdin?: () => Promise<string> },
): Promise<number> {
  const format = opts.format ?? 'stylish';
  if (!['stylish', 'json', 'jsonl', 'sarif', 'html'].includes(format))
    throw new UsageError(`未知的输出格式：${format}（可用 stylish、json、jsonl、sarif、html） / unknown format`);
  const shard = shardOption(opts.shard);
  if (shard && opts.stdin) throw new UsageError('--shard 不能用于标准输入 / --shard takes files, not --stdin');
  const baseline = opts.baseline ? loadBaseline(opts.baseline, io.cwd) : undefined;
  if (opts.stdin && opts.fix)
    throw new UsageError(
      '--fix 不能用于标准输入，请改用 --fix-dry-run / --fix is not available for piped-in text; use --fix-dry-run',
    );
  if (opts.stdin && paths.length) throw new UsageError('使用 --stdin 时不能再给出文件路径 / --stdin takes no paths');
  if (!opts.stdin && paths.length === 0)
    throw new UsageError('请给出要检查的文件或文件夹（或使用 --stdin） / give files or folders to check, or --stdin');
  let maxWarnings = -1;
  if (opts.maxWarnings !== undefined) {
    maxWarnings = Number(opts.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < -1)
      throw new UsageError(`--max-warnings 应为整数：${opts.maxWarnings} / --max-warnings takes an integer`);
  }
  const concurrency = concurrencyOf(opts.concurrency);
  const gongwen = new Gongwen({
    cwd: io.cwd,
    overrides: parseRuleOverrides(opts.rule),
    ...(opts.config ? { configFile: opts.config } : {}),
    llm: opts,
  });
  const fixing = Boolean(opts.fix || opts.fixDryRun);
  const strategy = cacheStrategyOf(opts.cacheStrategy);
  const cacheOptions = {
    ...(opts.cache ? { cacheLocation: cacheFile(opts, io.cwd)! } : {}),
    ...(strategy ? { cacheStrategy: strategy } : {}),
  };
  // What the cache keys its entries by: the version and the build (a rebuilt rule or data file under the same version
  // number takes nothing of the old results). Reports name the version alone.
  const cacheVersion = opts.cache && buildId() ? `${VERSION}+${buildId()}` : VERSION;
  // Streamed unless the whole run must be seen first: a baseline's counts, --fix's diffs.
  if (!opts.stdin && !(fixing && format === 'stylish') && !baseline) {
    const outcome = await new Run(gongwen, io, {
      format,
      ...(opts.output ? { output: resolve(io.cwd, opts.output) } : {}),
      color: opts.output ? false : (opts.color ?? false),
      quiet: Boolean(opts.quiet),
      progress: opts.progress !== false,
      fix: Boolean(opts.fix),
      fixDryRun: Boolean(opts.fixDryRun),
      concurrency,
      ...cacheOptions,
      toolVersion: VERSION,
      cacheVersion,
      ...(shard ? { shard } : {}),
    }).run(paths);
    return exitCode(outcome, maxWarnings);
  }
  const results: FileResult[] = [];
  const dryOutputs = new Map<string, string>();
  // What --fix changed (or would change), per file in order, and the diffs of a dry run.
  const changes: FileChanges[] = [];
  const diffs: string[] = [];
  const wordFiles: string[] = [];

  if (opts.stdin) {
    const name = opts.stdinFilename ?? '<stdin>';
    const text = await (io.readStdin ?? readStdin)();
    const r = await gongwen.lintTextApart(text, {
      ...(opts.stdinFilename ? { filePath: opts.stdinFilename } : {}),
      fix: Boolean(opts.fixDryRun),
    });
    if (opts.fixDryRun && r.output !== undefined) dryOutputs.set(name, r.output);
    if (r.changes) changes.push({ path: name, changes: r.changes });
    results.push({ ...r, path: name });
  } else {
    for await (const r of gongwen.lintFiles(paths, {
      fix: Boolean(opts.fix || opts.fixDryRun),
      write: Boolean(opts.fix),
      ...(shard ? { shard } : {}),
      concurrency,
      v8Flags: heapFlags,
      ...cacheOptions,
      toolVersion: cacheVersion,
    })) {
      const shown = displayPath(r.path, io.cwd);
      if (r.error) io.stderr.write(`gongwen: ${shown}: ${oneLine(r.error.message)}\n`);
      if (opts.fixDryRun && r.output !== undefined) dryOutputs.set(shown, r.output);
      if (r.changes) changes.push({ path: shown, changes: r.changes });
      if (opts.fixDryRun && r.source !== undefined && r.output !== undefined)
        diffs.push(unifiedDiff(shown, r.source, r.output));
      if (fixing && !r.error && r.format === 'docx') wordFiles.push(shown);
      results.push({ ...r, path: shown });
    }
  }

  // A folder without any file of a checked kind: nothing was checked, which is not a clean result.
  // A shard may get none of the files: an empty report, not an error.
  if (!opts.stdin && results.length === 0 && !shard) {
    throw new UsageError(
      `没有找到可检查的文件（${CHECKED_EXTENSIONS.join(' ')}）：${paths.join(' ')} / no files to check (nothing was checked)`,
    );
  }
  // --fix never touches a Word file: say so, and where its fixes are made, instead of staying silent.
  for (const f of wordFiles) {
    io.stderr.write(
      `gongwen: ${f}: --fix 不修改 Word 文件；修正请用 gongwen review ${f}（写成修订）或 gongwen review --accept ${f}（直接修正的副本） / --fix leaves Word files alone; use gongwen review\n`,
    );
  }
  const llmSummary = gongwen.llm.summary();
  for (const e of gongwen.llm.stats.errors) io.stderr.write(`gongwen: AI 检查 / LLM check: ${e}\n`);
  // Fingerprints are taken before anything is left out, so a repeat keeps its count whatever is dropped before it.
  let baselined = 0;
  const counted = baseline
    ? results.map((r) => {
        const s = selectDiagnostics(r, (_d, fp) => !baseline.has(r.path, fp));
        baselined += s.dropped;
        return s.result;
      })
    : results;
  const shownResults = opts.quiet
    ? counted.map((r) => selectDiagnostics(r, (d) => d.severity === 'error').result)
    : counted;
  let out: string;
  if (format === 'json') {
    out = formatJson(shownResults, {
      ...(llmSummary ? { llm: llmSummary } : {}),
      ...(baseline ? { baselined } : {}),
    });
    if (dryOutputs.size || changes.length) {
      const parsed = JSON.parse(out) as {
        files: Array<{ path: string; output?: string; changes?: FileChanges['changes'] }>;
      };
      const changed = new Map(changes.map((c) => [c.path, c.changes]));
      for (const f of parsed.files) {
        if (dryOutputs.has(f.path)) f.output = dryOutputs.get(f.path)!;
        if (changed.has(f.path)) f.changes = changed.get(f.path)!;
      }
      out = JSON.stringify(parsed, null, 2);
    }
  } else if (format === 'jsonl') {
    // The same lines a run over files writes: one per file, then the summary.
    const changed = new Map(changes.map((c) => [c.path, c.changes]));
    const lines = shownResults.map((r) =>
      JSON.stringify({
        type: 'file',
        ...jsonFileEntry(reportFile(r), {
          ...(dryOutputs.has(r.path) ? { output: dryOutputs.get(r.path) } : {}),
          ...(changed.has(r.path) ? { changes: changed.get(r.path) } : {}),
        }),
      }),
    );
    const summary = jsonSummaryOf(summarize(shownResults), llmSummary ? { llm: llmSummary } : {});
    out = `${[...lines, JSON.stringify({ type: 'summary', version: 1, summary })].join('\n')}\n`;
  } else if (format === 'sarif') {
    out = formatSarif(shownResults, { registry: defaultRegistry(), toolVersion: VERSION });
  } else if (format === 'html') {
    out = formatHtml(shownResults, {
      registry: defaultRegistry(),
      toolVersion: VERSION,
      ...(llmSummary ? { llm: llmSummary } : {}),
      ...(baseline ? { baselined } : {}),
    });
  } else {
    const width = terminalWidth(io.stdout);
    out = formatStylish(shownResults, {
      color: opts.color ?? false,
      ...(llmSummary ? { llm: llmSummary } : {}),
      ...(width ? { width } : {}),
      ...(baselined ? { baselined } : {}),
    });
    // Each change made (a dry run: the diff first), then what is left: a run that changed text never reads like one
    // that found nothing.
    const report = fixing ? `${diffs.join('')}${formatFixChanges(changes, { dryRun: !opts.fix })}\n` : '';
    if (opts.fixDryRun && opts.stdin) {
      // The fixed text goes to stdout as it is (for editors and pipes); the changes and what is left go to stderr.
      io.stderr.write(report + out);
      io.stdout.write([...dryOutputs.values()].join(''));
      out = '';
    } else out = report + out;
  }
  if (opts.output) writeAtomic(resolve(io.cwd, opts.output), out.endsWith('\n') ? out : `${out}\n`);
  else if (out) io.stdout.write(out.endsWith('\n') ? out : `${out}\n`);

  // The exit status counts what the baseline did not have (with --quiet, warnings still count for --max-warnings).
  return exitCode({ summary: summarize(counted), interrupted: false }, maxWarnings);
}

/** 0 clean, 1 findings (or unreadable files, or warnings over --max-warnings), 2 nothing readable, 130 interrupted. */
function exitCode(o: RunOutcome, maxWarnings: number): number {
  const s = o.summary;
  if (o.interrupted) return 130;
  if (s.files > 0 && s.failedFiles === s.files) return 2;
  if (s.errors > 0 || s.failedFiles > 0) return 1;
  if (maxWarnings >= 0 && s.warnings > maxWarnings) return 1;
  return 0;
}
