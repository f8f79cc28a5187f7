import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { DocumentError, docxToMarkdown, pagedToMarkdown, readDocument, readPdf } from '@gongwen/core';
import { Gongwen, MAX_INPUT_BYTES, UsageError, oneLine, writeAtomic } from '@gongwen/node';
import type { Io } from '../io.js';

/** A PDF or OFD read as printed, as a Markdown draft. */
async function printedDraft(file: string, ext: string) {
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st?.isFile()) throw new DocumentError('not-a-file', '文件不存在或不是普通文件 / no such file');
  if (st.size > MAX_INPUT_BYTES) throw new DocumentError('too-large', '文件过大 / file too large');
  const bytes = readFileSync(file);
  return pagedToMarkdown(ext === '.pdf' ? await readPdf(bytes) : readDocument(bytes, 'ofd'));
}

/** `gongwen convert in.docx|in.pdf|in.ofd`: a Markdown draft with the 版头 and 版记 in front matter. */
export async function runConvert(input: string, opts: { output?: string }, io: Io): Promise<number> {
  const file = resolve(io.cwd, input);
  const out = resolve(io.cwd, opts.output ?? join(dirname(file), `${basename(file, extname(file))}.md`));
  if (out === file) throw new UsageError('输出文件不能覆盖输入文件 / the output must not overwrite the input');
  if (!/\.(md|markdown)$/i.test(out)) throw new UsageError('输出文件应为 .md / the output must be a .md file');
  try {
    const ext = extname(file).toLowerCase();
    const draft =
      ext === '.pdf' || ext === '.ofd'
        ? await printedDraft(file, ext)
        : await docxToMarkdown(await new Gongwen({ cwd: io.cwd }).readDocx(file));
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
