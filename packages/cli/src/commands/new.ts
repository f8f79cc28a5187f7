import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DRAFT_TEMPLATES, findDraftTemplate } from '@gongwen/core';
import { UsageError, displayPath, writeAtomic } from '@gongwen/node';
import type { Io } from '../io.js';

export interface NewOptions {
  output?: string;
  list?: boolean;
  force?: boolean;
}

/** `gongwen new <文种>`: a Markdown draft with commented front matter; `--list` shows the 15 文种. */
export function runNew(genre: string | undefined, opts: NewOptions, io: Io): number {
  if (opts.list) {
    const width = Math.max(...DRAFT_TEMPLATES.map((t) => t.genre.length));
    for (const t of DRAFT_TEMPLATES) {
      const aliases = t.aliases.filter((a) => a !== t.genre).join('、');
      io.stdout.write(
        `${t.genre}${'　'.repeat(width - t.genre.length)}  ${t.format}格式  ${t.direction}  ${t.summary}${aliases ? `（也可写作：${aliases}）` : ''}\n`,
      );
    }
    return 0;
  }
  if (!genre)
    throw new UsageError('请给出文种，如 gongwen new 通知；gongwen new --list 列出全部文种 / give a document type');
  const t = findDraftTemplate(genre);
  if (!t)
    throw new UsageError(
      `未知的文种“${genre}”，可用：${DRAFT_TEMPLATES.map((x) => x.genre).join('、')} / unknown document type`,
    );
  if (!opts.output) {
    io.stdout.write(t.text);
    return 0;
  }
  const out = resolve(io.cwd, opts.output);
  if (existsSync(out) && !opts.force)
    throw new UsageError(`${opts.output} 已存在，加 --force 覆盖 / file exists, use --force`);
  writeAtomic(out, t.text);
  io.stderr.write(`已生成 ${displayPath(out, io.cwd)}（${t.genre}，${t.format}格式） / draft written\n`);
  return 0;
}
