import { basename, dirname, extname, join, resolve } from 'node:path';
import { DocumentError, docxToMarkdown } from '@gongwen/core';
import { Gongwen, UsageError, oneLine, writeAtomic } from '@gongwen/node';
import type { Io } from '../io.js';

/** `gongwen convert in.docx`: a Markdown draft with the 版头 and 版记 in front matter. */
export async function runConvert(input: string, opts: { output?: string }, io: Io): Promise<number> {
  const file = resolve(io.cwd, input);
  const out = resolve(io.cwd, opts.output ?? join(dirname(file), `${basename(file, extname(file))}.md`));
  if (out === file) throw new UsageError('输出文件不能覆盖输入文件 / the output must not overwrite the input');
  if (!/\.(md|markdown)$/i.test(out)) throw new UsageError('输出文件应为 .md / the output must be a .md file');
  try {
    const draft = await docxToMarkdown(await new Gongwen({ cwd: io.cwd }).readDocx(file));
    writeAtomic(out, draft.markdown);
    io.stdout.write(`${input} → ${opts.output ?? out}\n`);
    for (const w of draft.warnings.slice(0, 5)) io.stderr.write(`gongwen: 提示 / note: ${w}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof DocumentError)) throw e;
    io.stderr.write(`gongwen: ${input}: ${oneLine(e)}\n`);
    return 2;
  }
}
