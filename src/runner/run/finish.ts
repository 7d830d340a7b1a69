// Phase 4: end the run whole. An engine stop (hang, timeout, limit, abort) takes the autopsy of a
// hang while the tree is still there, then kills the tree (a hang is frozen first). A program
// that exited by itself gets a grace for its descendants; what stays is killed and counted.
// Then the output pipes drain and the published values are read.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { PublishedValue } from '../result.ts';
import { killTree, runPids, unregisterRun, type LiveRun } from '../terminate.ts';
import { listProcesses, sampleThreads } from '../watch/procfs.ts';
import { sleep, withDeadline } from '../../shared/time.ts';
import { AUTOPSY_LIMIT_MS, EOF_GRACE_MS, KILL_GRACE_MS, LEFTOVER_GRACE_MS, LEFTOVER_KILL_GRACE_MS } from './budgets.ts';
import type { Ending, RunContext } from './context.ts';
import type { Started } from './start.ts';

export interface Finished {
  code: number | null;
  signal: string | null;
  /** Program processes still alive after the main one exited (then killed). */
  leftBehind: number;
  values: PublishedValue[];
}

/** Ends the run; every process of it is gone when this resolves, and the temporary folder too. */
export async function finish(ctx: RunContext, s: Started, ending: Ending): Promise<Finished> {
  ctx.wallMs = ctx.now();
  let code: number | null;
  let signal: string | null;
  let leftBehind = 0;
  if (ending.kind === 'engine') {
    if (ctx.killedBy === 'hang') ctx.autopsy = await boundedAutopsy(ctx, s.live);
    await killTree(s.live, KILL_GRACE_MS, ctx.killedBy === 'hang');
    ({ code, signal } = await s.exited);
  } else {
    ({ code, signal } = ending);
    // The main process is gone; give its descendants a moment to finish on their own.
    const deadline = Date.now() + LEFTOVER_GRACE_MS;
    let left = remaining(s.live);
    while (left.program.length > 0 && Date.now() < deadline) {
      await sleep(10);
      left = remaining(s.live);
    }
    if (left.program.length > 0) {
      leftBehind = left.program.length;
      ctx.killedBy = 'leftovers';
    }
    if (left.all.length > 0) await killTree(s.live, LEFTOVER_KILL_GRACE_MS);
  }
  await withDeadline(s.eof, EOF_GRACE_MS, () => undefined);
  // destroy() closes the read fds; closing them again here could close another run's fd
  // that reused the number (libuv aborts on that).
  for (const reader of s.readers) reader.destroy();
  s.transcript.finish();
  unregisterRun(ctx.runId);
  const values = readValues(ctx.publishFile);
  rmSync(ctx.tmp, { recursive: true, force: true });
  return { code, signal, leftBehind, values };
}

/** The autopsy of a hung tree, or why there is none; never longer than AUTOPSY_LIMIT_MS. */
async function boundedAutopsy(ctx: RunContext, live: LiveRun): Promise<RunContext['autopsy']> {
  // Loaded only for a hang: a run that ends by itself loads none of the autopsy's code.
  const { takeAutopsy } = await import('../autopsy/take.ts');
  const took = takeAutopsy(runPids(live), { stacksDir: ctx.stacksDir, rootPid: live.rootPid }).catch((e: unknown) => ({
    status: 'failed' as const,
    reason: `the autopsy failed (${String(e)})`,
  }));
  return withDeadline(took, AUTOPSY_LIMIT_MS, () => ({
    status: 'failed' as const,
    reason: `it took longer than ${AUTOPSY_LIMIT_MS} ms`,
  }));
}

/**
 * What of the run is still alive after the main process exited (from one scan of /proc): every
 * process, and those that are the program rather than a runtime helper.
 */
function remaining(run: LiveRun): { all: number[]; program: number[] } {
  const list = listProcesses();
  const pids = new Set(runPids(run, list));
  if (pids.size === 0) return { all: [], program: [] };
  const procs = list.filter((p) => pids.has(p.pid) && p.state !== 'Z');
  const threads = sampleThreads(procs);
  return {
    all: [...pids],
    program: procs.filter((p) => threads.some((t) => t.pid === p.pid && !t.housekeeping)).map((p) => p.pid),
  };
}

/** The values the snippet published (one JSON object a line); a torn last line is skipped. */
function readValues(file: string): PublishedValue[] {
  if (!existsSync(file)) return [];
  const out: PublishedValue[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(PublishedValue.parse(JSON.parse(line)));
    } catch {
      /* a torn line from a killed writer */
    }
  }
  return out;
}
