import { useSharedDataFiles } from '@gongwen/core';
import { workerData } from 'piscina';
import { portable, type PortableResult, type WorkerData, type WorkerTask } from './batch.js';
import { Gongwen } from './gongwen.js';

// One instance per worker thread: the engine, its rules and each config's checker load once, then serve every file.
// The typo rules' data files come from the thread that started the pool, in memory all threads share.
const { options, shared } = workerData as WorkerData;
useSharedDataFiles(shared);
const gongwen = new Gongwen(options);

/** Decodes and checks one file whose bytes the main thread read; the result crosses back as plain data. */
export default async function check(task: WorkerTask): Promise<PortableResult> {
  const r = await gongwen.lintBytes(task.file, task.bytes, {
    ...(task.fix ? { fix: true } : {}),
    ...(task.write ? { write: true } : {}),
    ...(task.converted ? { converted: true } : {}),
  });
  return portable(r);
}
