import { mkdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { formatStylish, summarize, type FileResult } from '@gongwen/core';
import { Gongwen, UsageError, defaultReviewPath, displayPath, expandPaths, oneLine } from '@gongwen/node';
import { terminalWidth, type Io } from '../io.js';
import { parseRuleOverrides } from '../options.js';

export interface ReviewCommandOptions {
  output?: string;
  fixLayout?: boolean;
  accept?: boolean;
  config?: string;
  rule?: string[];
  author?: string;
  quiet?: boolean;
}

const WORD_EXTENSIONS = ['.docx', '.doc', '.wps'];

/** Named files as they are; a folder gives the Word files in it (our own .reviewed.docx copies excluded). */
async function reviewInputs(paths: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    if (!statSync(abs, { throwIfNoEntry: false })?.isDirectory()) {
      out.push(p);
      continue;
    }
    const found = (await expandPaths([abs], cwd)).filter((f) => WORD_EXTENSIONS.includes(extname(f).toLowerCase()));
    if (!found.length)
      throw new UsageError(`文件夹中没有 Word 文件（.docx、.doc、.wps）：${p} / no Word files in the folder`);
    out.push(...found);
  }
  return out;
}

export async function runReview(paths: string[], opts: ReviewCommandOptions, io: Io): Promise<number> {
  if (!paths.length)
    throw new UsageError(
      '请给出要审阅的 Word 文件（.docx）或其所在文件夹 / give the Word files (or a folder of them) to review',
    );
  const inputs = await reviewInputs(paths, io.cwd);
  // Several inputs (or a folder) write their copies into the folder -o names; one input may name the copy itself.
  const outDir =
    opts.output &&
    (inputs.length > 1 ||
      paths.some((p) => statSync(resolve(io.cwd, p), { throwIfNoEntry: false })?.isDirectory()) ||
      statSync(resolve(io.cwd, opts.output), { throwIfNoEntry: false })?.isDirectory() ||
      /[\\/]$/.test(opts.output))
      ? resolve(io.cwd, opts.output)
      : undefined;
  if (outDir) {
    const st = statSync(outDir, { throwIfNoEntry: false });
    if (st && !st.isDirectory())
      throw new UsageError(`审阅多个文件时 -o 应为文件夹：${opts.output} / with several files, -o names a folder`);
    if (!st) mkdirSync(outDir, { recursive: true });
  }
  const outputFor = (file: string) =>
    outDir ? join(outDir, basename(defaultReviewPath(resolve(io.cwd, file)))) : opts.output;
  const gongwen = new Gongwen({
    cwd: io.cwd,
    overrides: parseRuleOverrides(opts.rule),
    ...(opts.config ? { configFile: opts.config } : {}),
  });
  const results: FileResult[] = [];
  const lines: string[] = [];
  for (const p of inputs) {
    const output = outputFor(p);
    const r = await gongwen.reviewDocx(p, {
      ...(output ? { output } : {}),
      ...(opts.author ? { author: opts.author } : {}),
      ...(opts.fixLayout ? { fixLayout: true } : {}),
      ...(opts.accept ? { accept: true } : {}),
    });
    const shown = displayPath(r.result.path, io.cwd);
    results.push({ ...r.result, path: shown });
    if (r.result.error) {
      io.stderr.write(`gongwen: ${shown}: ${oneLine(r.result.error.message)}\n`);
      continue;
    }
    const out = displayPath(r.output!, io.cwd);
    if (opts.accept)
      lines.push(
        `${shown} → ${out}：已直接修正 ${r.acceptedFixes} 处，其余 ${r.comments} 条问题写成批注 / ${r.acceptedFixes} fixes made, ${r.comments} comments`,
      );
    else
      lines.push(
        `${shown} → ${out}：${r.comments} 条批注，${r.trackedChanges} 处修订（可在 Word/WPS 中逐条接受或拒绝） / ${r.comments} comments, ${r.trackedChanges} tracked changes`,
      );
    for (const f of r.layoutFixes) lines.push(`  已直接修正 / fixed: ${f}`);
  }
  const width = terminalWidth(io.stdout);
  // The copy already carries the fixes (as tracked changes or made): no hint to fix them another way.
  if (!opts.quiet)
    io.stdout.write(formatStylish(results, { color: false, fixHint: false, ...(width ? { width } : {}) }));
  for (const l of lines) io.stdout.write(`${l}\n`);
  const s = summarize(results);
  if (s.files > 0 && s.failedFiles === s.files) return 2;
  if (s.errors > 0 || s.failedFiles > 0) return 1;
  return 0;
}
