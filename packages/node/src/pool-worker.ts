import { useSharedDataFiles } from '@gongwen/core';
import { threadId } from 'node:worker_threads';
import { workerData } from 'piscina';
import { portable, type WorkerAnswer, type WorkerBatch, type WorkerData, type WorkerReply } from './batch.js';
import { Gongwen } from './gongwen.js';

// One instance per worker thread: the engine, its rules and each config's checker load once, then serve every file.
// The typo rules' data files come from the thread that started the pool, in memory all threads share.
const { options, shared } = workerData as WorkerData;
useSharedDataFiles(shared);
const gongwen = new Gongwen(options);

/** Decodes and checks files whose bytes the main thread read; the results cross back as plain data. */
export default async function check(batch: WorkerBatch): Promise<WorkerReply> {
  const out: WorkerAnswer[] = [];
  for (const task of batch.tasks) {
    try {
      const r = task.text
        ? await gongwen.lintText(task.text.text, {
            ...(task.text.filePath !== undefined ? { filePath: task.text.filePath } : {}),
            ...(task.fix ? { fix: true } : {}),
          })
        : await gongwen.lintBytes(task.file, task.bytes, {
            ...(task.fix ? { fix: true } : {}),
            ...(task.write ? { write: true } : {}),
            ...(task.converted ? { converted: true } : {}),
          });
      out.push(portable(r));
    } catch (e) {
      out.push({ thrown: (e as Error)?.message ?? String(e) });
    }
  }
  return { thread: threadId, answers: out };
}
