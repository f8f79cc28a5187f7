import { Gongwen, UsageError } from '@gongwen/node';
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
  config?: string;
}

/** `gongwen draft --request … --materials …`: the plan (`--plan`, no model). */
export async function runDraft(opts: DraftCommandOptions, io: Io): Promise<number> {
  if (!opts.plan) throw new UsageError('目前只支持 --plan：输出起草计划 / only --plan is available');
  const gongwen = new Gongwen({ cwd: io.cwd, ...(opts.config ? { configFile: opts.config } : {}) });
  const { planFromFiles } = await import('@gongwen/node');
  const { plan } = planFromFiles(gongwen, {
    request: opts.request,
    materials: opts.materials ?? [],
    ...(opts.genre ? { genre: opts.genre } : {}),
    ...(opts.from ? { from: opts.from } : {}),
    ...(opts.to ? { to: opts.to } : {}),
  });
  io.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
  if (plan.refusal) {
    io.stderr.write(`gongwen: 不能起草：${plan.refusal.message}（${plan.refusal.clause}） / out of authority\n`);
    return 1;
  }
  return 0;
}
