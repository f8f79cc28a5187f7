import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  Checker, DocumentError, DRAFT_TEMPLATES, ProfileError, buildDocx, findDraftTemplate, formatStylish, readMarkdown,
} from '@gongwen/core';
import type { Io } from '../main.js';
import { ConfigResolver, loadConfigFile } from '../config.js';
import { displayPath } from '../files.js';
import { UsageError, oneLine, writeFileAtomic } from '../io.js';

interface NewOptions { output?: string; list?: boolean; force?: boolean }
interface BuildOptions { output?: string; force?: boolean; config?: string; quiet?: boolean }

/** `gongwen new <文种>`: a Markdown draft with commented front matter; `--list` shows the 15 文种. */
export function registerNew(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('new')
    .description('生成某一文种的 Markdown 公文草稿 / write a Markdown draft for a document type')
    .argument('[文种]', '文种，如 通知、请示、函、纪要 / document type')
    .option('-o, --output <file>', '写入文件（默认输出到标准输出） / write to a file instead of stdout')
    .option('--list', '列出全部文种 / list the document types')
    .option('--force', '覆盖已有文件 / overwrite an existing file')
    .action((genre: string | undefined, opts: NewOptions) => setExit(runNew(genre, opts, io)));
}

export function runNew(genre: string | undefined, opts: NewOptions, io: Io): number {
  if (opts.list) {
    const width = Math.max(...DRAFT_TEMPLATES.map((t) => t.genre.length));
    for (const t of DRAFT_TEMPLATES) {
      const aliases = t.aliases.filter((a) => a !== t.genre).join('、');
      io.stdout.write(`${t.genre}${'　'.repeat(width - t.genre.length)}  ${t.format}格式  ${t.direction}  ${t.summary}${aliases ? `（也可写作：${aliases}）` : ''}\n`);
    }
    return 0;
  }
  if (!genre) throw new UsageError('请给出文种，如 gongwen new 通知；gongwen new --list 列出全部文种 / give a document type');
  const t = findDraftTemplate(genre);
  if (!t) throw new UsageError(`未知的文种“${genre}”，可用：${DRAFT_TEMPLATES.map((x) => x.genre).join('、')} / unknown document type`);
  if (!opts.output) {
    io.stdout.write(t.text);
    return 0;
  }
  const out = resolve(io.cwd, opts.output);
  if (existsSync(out) && !opts.force) throw new UsageError(`${opts.output} 已存在，加 --force 覆盖 / file exists, use --force`);
  writeFileAtomic(out, t.text);
  io.stderr.write(`已生成 ${displayPath(out, io.cwd)}（${t.genre}，${t.format}格式） / draft written\n`);
  return 0;
}

/** `gongwen build draft.md`: check the draft, then write the GB/T 9704 .docx. */
export function registerBuild(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('build')
    .description('把 Markdown 草稿排版为符合 GB/T 9704 的 .docx / lay out a Markdown draft as a GB/T 9704 .docx')
    .argument('<draft>', 'Markdown 草稿 / the Markdown draft')
    .option('-o, --output <file>', '输出的 .docx（默认与草稿同名） / output .docx (default: the draft\'s name)')
    .option('--force', '草稿有错误时仍然生成 / build even when the draft has errors')
    .option('-c, --config <file>', '使用指定配置文件 / use this config file')
    .option('-q, --quiet', '只报告错误 / report errors only')
    .action(async (draft: string, opts: BuildOptions) => setExit(await runBuild(draft, opts, io)));
}

export async function runBuild(draft: string, opts: BuildOptions, io: Io): Promise<number> {
  const file = resolve(io.cwd, draft);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`找不到草稿：${draft} / draft not found`);
  const ext = extname(file).toLowerCase();
  if (ext !== '.md' && ext !== '.markdown') throw new UsageError(`草稿应为 Markdown（.md）文件：${draft} / the draft must be a .md file`);
  const out = resolve(io.cwd, opts.output ?? `${file.slice(0, file.length - ext.length)}.docx`);
  if (extname(out).toLowerCase() !== '.docx') throw new UsageError(`输出文件应以 .docx 结尾：${opts.output} / output must end in .docx`);
  const shown = displayPath(file, io.cwd);

  const explicit = opts.config ? loadConfigFile(resolve(io.cwd, opts.config)) : undefined;
  const loaded = new ConfigResolver(explicit, { rules: {}, terms: [], ignore: [] }, io.cwd).forFile(file);
  const checker = new Checker({ config: loaded.config });

  let doc;
  try {
    doc = readMarkdown(readFileSync(file));
  } catch (e) {
    if (e instanceof DocumentError) {
      io.stderr.write(`gongwen: ${shown}: ${oneLine(e)}\n`);
      return 2;
    }
    throw e;
  }
  // The draft is checked first: what is wrong in the Markdown would be wrong in the .docx too.
  const diagnostics = checker.check(doc).diagnostics.filter((d) => !opts.quiet || d.severity === 'error');
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (diagnostics.length) {
    io.stderr.write(formatStylish([{ path: shown, format: 'markdown', error: null, diagnostics, document: doc }], { color: false }));
  }
  if (errors && !opts.force) {
    io.stderr.write(`gongwen: 草稿有 ${errors} 个错误，未生成 ${basename(out)}；修正后重试，或加 --force 强制生成 / the draft has errors; fix them or use --force\n`);
    return 1;
  }
  let result;
  try {
    result = await buildDocx(doc, checker.profile);
  } catch (e) {
    if (e instanceof ProfileError) throw new UsageError(e.message);
    throw e;
  }
  for (const w of result.warnings) io.stderr.write(`gongwen: ${shown}: ${w}\n`);
  writeFileAtomic(out, result.bytes);
  io.stdout.write(`已生成 ${displayPath(out, io.cwd)}（约 ${result.pages} 页） / written\n`);
  return 0;
}
