import { statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DocumentError, docxToMarkdown } from '@gongwen/core';
import { UsageError, oneLine, writeFileAtomic } from '../io.js';
import type { Io } from '../main.js';
import { MAX_INPUT_BYTES } from './check.js';
import { readDocxInput } from './legacy.js';

export async function runConvert(input: string, opts: { output?: string }, io: Io): Promise<number> {
  const file = resolve(io.cwd, input);
  const out = resolve(io.cwd, opts.output ?? join(dirname(file), `${basename(file, extname(file))}.md`));
  if (out === file) throw new UsageError('输出文件不能覆盖输入文件 / the output must not overwrite the input');
  if (!/\.(md|markdown)$/i.test(out)) throw new UsageError('输出文件应为 .md / the output must be a .md file');
  try {
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st || !st.isFile()) throw new DocumentError('not-a-file', '文件不存在或不是普通文件 / no such file');
    if (st.size > MAX_INPUT_BYTES) throw new DocumentError('too-large', '文件过大 / file too large');
    const draft = await docxToMarkdown(await readDocxInput(file));
    writeFileAtomic(out, draft.markdown);
    io.stdout.write(`${input} → ${opts.output ?? out}\n`);
    for (const w of draft.warnings.slice(0, 5)) io.stderr.write(`gongwen: 提示 / note: ${w}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof DocumentError)) throw e;
    io.stderr.write(`gongwen: ${input}: ${oneLine(e)}\n`);
    return 2;
  }
}

export function registerConvert(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('convert')
    .description('把 .docx（或 .doc/.wps）转换为 Markdown 草稿，版头版记放入文首数据 / convert a .docx to a Markdown draft')
    .argument('<input>', '.docx 文件 / .docx file')
    .option('-o, --output <file>', '输出的 .md 文件（默认同名 .md） / output .md file')
    .action(async (input: string, opts: { output?: string }) => setExit(await runConvert(input, opts, io)));
}
