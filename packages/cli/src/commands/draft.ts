import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DraftError, formatStylish, type Diagnostic, type UnverifiedFact } from '@gongwen/core';
import { Gongwen, UsageError, displayPath, writeAtomic, type DraftResult } from '@gongwen/node';
import type { Io } from '../io.js';

export interface DraftCommandOptions {
  request: string;
  materials?: string[];
  genre?: string;
  from?: string;
  to?: string;
  plan?: boolean;
  output?: string;
  force?: boolean;
  date?: string;
  config?: string;
  llmRedact?: boolean;
  llmModel?: string;
  llmBaseUrl?: string;
}

export interface ReviseCommandOptions {
  section: string;
  instruction: string;
  materials?: string[];
  output?: string;
  dryRun?: boolean;
  config?: string;
  llmRedact?: boolean;
  llmModel?: string;
  llmBaseUrl?: string;
}

function instance(opts: { config?: string; llmModel?: string; llmBaseUrl?: string }, io: Io): Gongwen {
  return new Gongwen({
    cwd: io.cwd,
    ...(opts.config ? { configFile: opts.config } : {}),
    // The endpoint and model flags only: drafting is not the AI check, which stays off for the draft itself.
    llm: {
      ...(opts.llmModel ? { llmModel: opts.llmModel } : {}),
      ...(opts.llmBaseUrl ? { llmBaseUrl: opts.llmBaseUrl } : {}),
    },
  });
}

/** Ctrl-C while the model writes: the request is aborted and nothing is written. */
function interruptible(): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  return {
    signal: controller.signal,
    done: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    },
  };
}

export function reportMarks(
  io: Io,
  shown: string,
  unverified: UnverifiedFact[],
  pending: Array<{ text: string; line: number }>,
): void {
  if (unverified.length) {
    io.stderr.write(
      `${shown}：${unverified.length} 处事实在材料中找不到，已标为【待核：…】，须逐条核实 / unverified facts\n`,
    );
    for (const u of unverified) io.stderr.write(`  ${shown}:${u.line}  【待核：${u.text}】 ${u.why}\n`);
  }
  if (pending.length) {
    io.stderr.write(`${shown}：${pending.length} 处【待补：…】须补充 / to be completed\n`);
    for (const p of pending) io.stderr.write(`  ${shown}:${p.line}  【待补：${p.text}】\n`);
  }
}

function reportFindings(io: Io, shown: string, diagnostics: Diagnostic[], fixes: number, doc: { text: string }): void {
  if (fixes) io.stderr.write(`${shown}：已自动修正 ${fixes} 处 / ${fixes} safe fixes applied\n`);
  // The 【待核】/【待补】 marks are listed above with their reasons.
  const rest = diagnostics.filter((d) => !(d.ruleId === 'element/placeholder' && /^【待[核补]：/.test(d.message)));
  if (rest.length)
    io.stderr.write(
      formatStylish([{ path: shown, format: 'markdown', error: null, diagnostics: rest, document: doc as never }], {
        color: false,
        fixHint: false,
      }),
    );
}

/** `gongwen draft`: the plan (`--plan`), or the draft written by the model and fact-guarded. */
export async function runDraft(opts: DraftCommandOptions, io: Io): Promise<number> {
  const gongwen = instance(opts, io);
  const { planFromFiles, draftFromFiles, markdownOf } = await loadNode();
  const planOptions = {
    request: opts.request,
    materials: opts.materials ?? [],
    ...(opts.genre ? { genre: opts.genre } : {}),
    ...(opts.from ? { from: opts.from } : {}),
    ...(opts.to ? { to: opts.to } : {}),
  };
  if (opts.plan) {
    const { plan } = await planFromFiles(gongwen, planOptions);
    io.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    if (plan.refusal) {
      io.stderr.write(`gongwen: 不能起草：${plan.refusal.message}（${plan.refusal.clause}） / out of authority\n`);
      return 1;
    }
    return 0;
  }
  if (!opts.materials?.length)
    throw new UsageError('请用 --materials 给出起草所依据的材料（事实只能来自材料） / give the materials');
  const out = opts.output ? resolve(io.cwd, opts.output) : undefined;
  if (out && existsSync(out) && !opts.force)
    throw new UsageError(`${opts.output} 已存在，加 --force 覆盖 / file exists, use --force`);
  const { signal, done } = interruptible();
  let r: DraftResult;
  try {
    r = await draftFromFiles(gongwen, {
      ...planOptions,
      ...(out ? { output: out } : {}),
      ...(opts.date ? { date: opts.date } : {}),
      ...(opts.llmRedact ? { redact: true } : {}),
      signal,
    });
  } catch (e) {
    if (signal.aborted) {
      io.stderr.write('gongwen: 已取消，未写入草稿 / cancelled, nothing written\n');
      return 130;
    }
    if (e instanceof DraftError) throw new UsageError(e.message);
    throw e;
  } finally {
    done();
  }
  const plan = r.plan;
  if (plan.refusal) {
    io.stderr.write(`gongwen: 不能起草：${plan.refusal.message}（${plan.refusal.clause}） / out of authority\n`);
    return 1;
  }
  const shown = out ? displayPath(out, io.cwd) : '草稿';
  if (plan.reason) io.stderr.write(`文种：${plan.genre}（要求为“${plan.asked}”）：${plan.reason}\n`);
  if (r.endpoint && !r.cached)
    io.stderr.write(`材料已发送至 ${r.endpoint.url}（${r.endpoint.characters} 字符，${r.requests} 次请求） / sent\n`);
  if (out) writeAtomic(out, r.text!);
  else io.stdout.write(r.text!);
  reportMarks(io, shown, r.unverified, r.pending);
  reportFindings(io, shown, r.diagnostics, r.changes.length, markdownOf(r.text!));
  if (out)
    io.stderr.write(
      r.unverified.length || r.pending.length
        ? `已生成 ${shown}（${plan.genre}）；核实【待核】、补齐【待补】后用 gongwen build 生成公文 / draft written\n`
        : `已生成 ${shown}（${plan.genre}）；可用 gongwen build 生成公文 / draft written\n`,
    );
  return r.unverified.length || r.pending.length || r.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** `gongwen revise 草稿.md --section 二 --instruction …`: one part rewritten, the rest byte for byte. */
export async function runRevise(file: string, opts: ReviseCommandOptions, io: Io): Promise<number> {
  const gongwen = instance(opts, io);
  const { reviseFromFile, markdownOf } = await loadNode();
  const { signal, done } = interruptible();
  let r: Awaited<ReturnType<typeof reviseFromFile>>;
  try {
    r = await reviseFromFile(gongwen, {
      file,
      section: opts.section,
      instruction: opts.instruction,
      ...(opts.materials?.length ? { materials: opts.materials } : {}),
      ...(opts.llmRedact ? { redact: true } : {}),
      signal,
    });
  } catch (e) {
    if (signal.aborted) {
      io.stderr.write('gongwen: 已取消，草稿未改动 / cancelled, draft unchanged\n');
      return 130;
    }
    if (e instanceof DraftError) throw new UsageError(e.message);
    throw e;
  } finally {
    done();
  }
  io.stdout.write(r.diff);
  const target = resolve(io.cwd, opts.output ?? file);
  const shown = displayPath(target, io.cwd);
  if (!opts.dryRun) writeAtomic(target, r.text);
  reportMarks(io, shown, r.unverified, r.pending);
  reportFindings(io, shown, r.diagnostics, r.changes.length, markdownOf(r.text));
  if (!opts.dryRun) io.stderr.write(`已修改 ${shown}（第“${opts.section}”部分） / revised\n`);
  return r.unverified.length || r.pending.length || r.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

async function loadNode() {
  const node = await import('@gongwen/node');
  const core = await import('@gongwen/core');
  return { ...node, markdownOf: (t: string) => core.markdownFromText(t) };
}
