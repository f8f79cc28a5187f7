import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ReportFormatError,
  defaultRegistry,
  formatHtmlFiles,
  formatJsonFiles,
  formatSarifFiles,
  formatStylishFiles,
  mergeReports,
  readReport,
  summarize,
  type ReadReport,
} from '@gongwen/core';
import { UsageError, writeAtomic } from '@gongwen/node';
import type { Io } from '../io.js';
import { VERSION } from '../version.js';

export interface MergeOptions {
  format?: string;
  output?: string;
  color?: boolean;
  maxWarnings?: string;
}

export const MERGE_FORMATS = ['stylish', 'json', 'sarif', 'html'];

/**
 * `gongwen merge a.jsonl b.jsonl …`: the reports of several runs (shards of one archive) as the one report the whole
 * run would have given. The exit status is check's for the merged findings.
 */
export async function runMerge(inputs: string[], opts: MergeOptions, io: Io): Promise<number> {
  const format = opts.format ?? 'stylish';
  if (!MERGE_FORMATS.includes(format))
    throw new UsageError(`未知的输出格式：${format}（可用 ${MERGE_FORMATS.join('、')}） / unknown format`);
  if (!inputs.length)
    throw new UsageError('请给出要合并的报告（check --format json 或 jsonl 的输出） / give the reports to merge');
  let maxWarnings = -1;
  if (opts.maxWarnings !== undefined) {
    maxWarnings = Number(opts.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < -1)
      throw new UsageError(`--max-warnings 应为整数：${opts.maxWarnings} / --max-warnings takes an integer`);
  }
  const reports: Array<{ name: string; report: ReadReport }> = [];
  for (const name of inputs) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, name), 'utf8');
    } catch (e) {
      throw new UsageError(`无法读取 ${name}：${(e as Error).message} / cannot read`);
    }
    try {
      const report = readReport(text, name);
      if (!report.complete)
        io.stderr.write(
          `gongwen: ${name}: 没有汇总行，输出可能被截断 / no summary line: the output may be cut short\n`,
        );
      if (report.interrupted) io.stderr.write(`gongwen: ${name}: 该次检查被中断 / that run was interrupted\n`);
      reports.push({ name, report });
    } catch (e) {
      if (e instanceof ReportFormatError) throw new UsageError(e.message);
      throw e;
    }
  }
  let merged: ReadReport;
  try {
    merged = mergeReports(reports);
  } catch (e) {
    if (e instanceof ReportFormatError) throw new UsageError(e.message);
    throw e;
  }
  const interrupted = merged.interrupted || !merged.complete;
  const extra = { ...(merged.llm ? { llm: merged.llm } : {}), ...(interrupted ? { interrupted: true } : {}) };
  let out: string;
  if (format === 'json') out = formatJsonFiles(merged.files, extra);
  else if (format === 'sarif')
    out = formatSarifFiles(merged.files, { registry: defaultRegistry(), toolVersion: VERSION });
  else if (format === 'html')
    out = formatHtmlFiles(merged.files, { toolVersion: VERSION, registry: defaultRegistry(), ...extra });
  else out = formatStylishFiles(merged.files, { color: opts.output ? false : Boolean(opts.color) });
  if (!out.endsWith('\n')) out += '\n';
  if (opts.output) writeAtomic(resolve(io.cwd, opts.output), out);
  else io.stdout.write(out);
  const s = summarize(merged.files);
  if (s.files > 0 && s.failedFiles === s.files) return 2;
  if (s.errors > 0 || s.failedFiles > 0) return 1;
  if (maxWarnings >= 0 && s.warnings > maxWarnings) return 1;
  return 0;
}
