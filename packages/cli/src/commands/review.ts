import { statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { Checker, DocumentError, formatStylish, reviewDocx, summarize, type FileResult } from '@gongwen/core';
import { ConfigResolver, loadConfigFile } from '../config.js';
import { displayPath } from '../files.js';
import { UsageError, oneLine, writeFileAtomic } from '../io.js';
import type { Io } from '../main.js';
import { MAX_INPUT_BYTES, parseRuleOverrides } from './check.js';
import { readDocxInput } from './legacy.js';

export interface ReviewCommandOptions {
  output?: string;
  fixLayout?: boolean;
  config?: string;
  rule?: string[];
  author?: string;
  quiet?: boolean;
}

/** in.docx → in.reviewed.docx beside it (a .doc/.wps input gets a .docx copy). */
export function defaultReviewPath(input: string): string {
  const ext = extname(input);
  return join(dirname(input), `${basename(input, ext)}.reviewed.docx`);
}

export async function runReview(paths: string[], opts: ReviewCommandOptions, io: Io): Promise<number> {
  if (!paths.length) throw new UsageError('请给出要审阅的 .docx 文件 / give the .docx files to review');
  if (opts.output && paths.length > 1) throw new UsageError('-o 只能用于单个文件 / -o takes a single input file');
  const overrides = parseRuleOverrides(opts.rule);
  const explicit = opts.config ? loadConfigFile(resolve(io.cwd, opts.config)) : undefined;
  const resolver = new ConfigResolver(explicit, overrides, io.cwd);
  const checkers = new Map<string, Checker>();
  const results: FileResult[] = [];
  const lines: string[] = [];
  for (const p of paths) {
    const file = resolve(io.cwd, p);
    const shown = displayPath(file, io.cwd);
    try {
      const st = statSync(file, { throwIfNoEntry: false });
      if (!st || !st.isFile()) throw new DocumentError('not-a-file', '文件不存在或不是普通文件 / no such file');
      if (st.size > MAX_INPUT_BYTES) throw new DocumentError('too-large', '文件过大 / file too large');
      const out = resolve(io.cwd, opts.output ?? defaultReviewPath(file));
      if (out === file) throw new UsageError(`输出文件不能覆盖输入文件：${shown} / the output must not overwrite the input`);
      const loaded = resolver.forFile(file);
      const key = `${loaded.file ?? ''}`;
      let checker = checkers.get(key);
      if (!checker) checkers.set(key, (checker = new Checker({ config: loaded.config })));
      const bytes = await readDocxInput(file);
      const r = reviewDocx(bytes, { checker, ...(opts.author ? { author: opts.author } : {}), ...(opts.fixLayout ? { fixLayout: true } : {}) });
      writeFileAtomic(out, r.bytes);
      results.push({ path: shown, format: 'docx', error: null, diagnostics: r.diagnostics, document: r.document });
      lines.push(`${shown} → ${displayPath(out, io.cwd)}：${r.comments} 条批注，${r.trackedChanges} 处修订（可在 Word/WPS 中逐条接受或拒绝） / ${r.comments} comments, ${r.trackedChanges} tracked changes`);
      for (const f of r.layoutFixes) lines.push(`  已直接修正 / fixed: ${f}`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      if (!(e instanceof DocumentError)) throw e;
      io.stderr.write(`gongwen: ${shown}: ${oneLine(e)}\n`);
      results.push({ path: shown, format: 'docx', error: { code: e.code, message: e.message }, diagnostics: [] });
    }
  }
  if (!opts.quiet) io.stdout.write(formatStylish(results, { color: false }));
  for (const l of lines) io.stdout.write(`${l}\n`);
  const s = summarize(results);
  if (s.files > 0 && s.failedFiles === s.files) return 2;
  if (s.errors > 0 || s.failedFiles > 0) return 1;
  return 0;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerReview(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('review')
    .description('生成审阅稿：问题写成 Word 批注，可自动修正的写成修订（原文件不变） / write a reviewed copy with comments and tracked changes')
    .argument('<paths...>', '.docx（或 .doc/.wps，需要 LibreOffice）文件 / .docx files (.doc/.wps with LibreOffice)')
    .option('-o, --output <file>', '审阅稿路径（默认 原名.reviewed.docx） / output path (default <name>.reviewed.docx)')
    .option('--fix-layout', '同时直接修正页边距、字体和字号 / also fix margins, fonts and sizes directly')
    .option('--author <name>', '批注和修订的作者（默认 gongwen） / author of comments and changes')
    .option('--rule <id=level>', '覆盖规则级别（可重复） / override a rule level (repeatable)', collect)
    .option('-c, --config <file>', '使用指定配置文件 / use this config file')
    .option('-q, --quiet', '不列出问题，只输出摘要 / summary only')
    .action(async (paths: string[], opts: ReviewCommandOptions) => setExit(await runReview(paths, opts, io)));
}
