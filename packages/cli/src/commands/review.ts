import { formatStylish, summarize, type FileResult } from '@gongwen/core';
import { Gongwen, UsageError, displayPath, oneLine } from '@gongwen/node';
import type { Io } from '../io.js';
import { parseRuleOverrides } from '../options.js';

export interface ReviewCommandOptions {
  output?: string;
  fixLayout?: boolean;
  config?: string;
  rule?: string[];
  author?: string;
  quiet?: boolean;
}

export async function runReview(paths: string[], opts: ReviewCommandOptions, io: Io): Promise<number> {
  if (!paths.length) throw new UsageError('请给出要审阅的 .docx 文件 / give the .docx files to review');
  if (opts.output && paths.length > 1) throw new UsageError('-o 只能用于单个文件 / -o takes a single input file');
  const gongwen = new Gongwen({ cwd: io.cwd, overrides: parseRuleOverrides(opts.rule), ...(opts.config ? { configFile: opts.config } : {}) });
  const results: FileResult[] = [];
  const lines: string[] = [];
  for (const p of paths) {
    const r = await gongwen.reviewDocx(p, {
      ...(opts.output ? { output: opts.output } : {}),
      ...(opts.author ? { author: opts.author } : {}),
      ...(opts.fixLayout ? { fixLayout: true } : {}),
    });
    const shown = displayPath(r.result.path, io.cwd);
    results.push({ ...r.result, path: shown });
    if (r.result.error) {
      io.stderr.write(`gongwen: ${shown}: ${oneLine(r.result.error.message)}\n`);
      continue;
    }
    const counts = `${r.comments} 条批注，${r.trackedChanges} 处修订（可在 Word/WPS 中逐条接受或拒绝） / ${r.comments} comments, ${r.trackedChanges} tracked changes`;
    lines.push(`${shown} → ${displayPath(r.output!, io.cwd)}：${counts}`);
    for (const f of r.layoutFixes) lines.push(`  已直接修正 / fixed: ${f}`);
  }
  if (!opts.quiet) io.stdout.write(formatStylish(results, { color: false }));
  for (const l of lines) io.stdout.write(`${l}\n`);
  const s = summarize(results);
  if (s.files > 0 && s.failedFiles === s.files) return 2;
  if (s.errors > 0 || s.failedFiles > 0) return 1;
  return 0;
}
