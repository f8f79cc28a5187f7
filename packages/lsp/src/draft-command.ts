import type { CancellationToken } from 'vscode-languageserver/node';
import { DRAFT_TEMPLATES, DraftError } from '@gongwen/core';
import { draftFromFiles, oneLine, planFromFiles, writeAtomic, type Gongwen } from '@gongwen/node';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The arguments of `gongwen.draft`: paths relative to the workspace (they are shown to the model as given). */
export interface DraftArgs {
  /** Only list the 文种 (for the client's pick list). */
  list?: boolean;
  request?: string;
  genre?: string;
  from?: string;
  to?: string;
  materials?: string[];
  /** The draft file to write; an existing file is not overwritten. */
  output?: string;
}

export interface DraftAnswer {
  ok: boolean;
  reason?: string;
  /** Absolute path of the draft written. */
  path?: string;
  genre?: string;
  /** Why the 文种 differs from the one asked for. */
  genreReason?: string;
  unverified?: number;
  pending?: number;
  genres?: Array<{ genre: string; summary: string }>;
}

/**
 * `gongwen draft` for an editor: plan (refusals and classified materials stop here, nothing sent), ask once whether
 * the materials may go to the endpoint, draft with progress and cancellation, write the file. Its 【待核】 and 【待补】
 * marks become diagnostics when the editor opens it (element/placeholder).
 */
export async function draftForEditor(
  node: Gongwen,
  args: DraftArgs,
  token: CancellationToken,
  mayUseAi: (endpoint: string) => Promise<boolean>,
): Promise<DraftAnswer> {
  if (args.list) return { ok: true, genres: DRAFT_TEMPLATES.map((t) => ({ genre: t.genre, summary: t.summary })) };
  if (!args.request?.trim()) return { ok: false, reason: '缺少起草要求 / missing request' };
  if (!args.materials?.length) return { ok: false, reason: '请选择材料 / choose the materials' };
  if (!args.output) return { ok: false, reason: '缺少草稿文件名 / missing output' };
  const output = resolve(node.cwd, args.output);
  if (existsSync(output)) return { ok: false, reason: `${args.output} 已存在 / file exists` };
  const options = {
    request: args.request,
    materials: args.materials,
    ...(args.genre ? { genre: args.genre } : {}),
    ...(args.from ? { from: args.from } : {}),
    ...(args.to ? { to: args.to } : {}),
  };
  let endpoint: string;
  try {
    const { plan } = await planFromFiles(node, options);
    if (plan.refusal) return { ok: false, reason: `不能起草：${plan.refusal.message}（${plan.refusal.clause}）` };
    const loaded = node.configFor(output);
    endpoint = node.llm.options(loaded.config, loaded.baseDir).backend.endpoint;
  } catch (e) {
    return { ok: false, reason: oneLine(e) };
  }
  if (!(await mayUseAi(endpoint)))
    return { ok: false, reason: '未获允许，未发送任何文字 / not allowed: nothing was sent' };
  // The client shows the progress and cancels through the request's token (VS Code: a notification with 取消).
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  try {
    const r = await draftFromFiles(node, { ...options, output, signal: controller.signal });
    if (r.plan.refusal || r.text === undefined) return { ok: false, reason: r.plan.refusal?.message ?? '' };
    writeAtomic(output, r.text);
    return {
      ok: true,
      path: output,
      genre: r.plan.genre,
      ...(r.plan.reason ? { genreReason: r.plan.reason } : {}),
      unverified: r.unverified.length,
      pending: r.pending.length,
    };
  } catch (e) {
    if (controller.signal.aborted) return { ok: false, reason: '已取消，未写入草稿 / cancelled' };
    return { ok: false, reason: e instanceof DraftError ? e.message : oneLine(e) };
  }
}
