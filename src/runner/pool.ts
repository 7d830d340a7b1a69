// Runs many snippets at once: a pool sized to the cores. A run that measures time asks to run
// alone (options.alone): it waits for the pool to drain and holds it while it runs.
import { cpus } from 'node:os';
import { runCached } from './cache.ts';
import type { RunOptionsInput, RunResult } from './result.ts';

export interface Job {
  file: string;
  options: RunOptionsInput;
}
export interface ManyOptions {
  concurrency?: number;
  fresh?: boolean;
  cacheDir?: string;
  onProgress?: (e: { index: number; done: number; total: number; job: Job; result: RunResult; hit: boolean }) => void;
  onStart?: (e: { index: number; job: Job }) => void;
  /** When a job's process tree exists (not for cache hits): its run id, for heartbeats. */
  onSpawn?: (e: { index: number; runId: string; rootPid: number }) => void;
}

export async function runMany(
  jobs: Job[],
  o: ManyOptions = {},
): Promise<{ result: RunResult; hit: boolean; key: string }[]> {
  const limit = Math.max(1, o.concurrency ?? cpus().length);
  const results = new Array<{ result: RunResult; hit: boolean; key: string }>(jobs.length);
  let next = 0;
  let active = 0;
  let done = 0;
  let aloneRunning = false;
  return new Promise((resolvePool, rejectPool) => {
    const pump = () => {
      if (done === jobs.length) return resolvePool(results);
      while (next < jobs.length && !aloneRunning && active < limit) {
        const index = next;
        const job = jobs[index]!;
        if (job.options.alone && active > 0) break; // wait for the others to finish first
        next++;
        active++;
        if (job.options.alone) aloneRunning = true;
        o.onStart?.({ index, job });
        runCached(job.file, job.options, {
          fresh: o.fresh,
          cacheDir: o.cacheDir,
          effects: { onStart: (e) => o.onSpawn?.({ index, ...e }) },
        }).then((r) => {
          results[index] = r;
          active--;
          done++;
          if (job.options.alone) aloneRunning = false;
          o.onProgress?.({ index, done, total: jobs.length, job, result: r.result, hit: r.hit });
          pump();
        }, rejectPool);
      }
    };
    pump();
  });
}
