// Phase 4: end the run whole. An engine stop takes the autopsy while the tree still runs (a hang,
// a stuck part, a timeout, a wait past its bound: with the wait-for facts the verdict used; its
// stacks come from signal handlers, which a stopped process cannot run), then stops and kills the
// tree (a hang or a stuck tree is frozen first); any other stop is SIGTERM, a grace, SIGKILL. A
// program that exited by itself gets a grace for its descendants (held below the launcher, however
// they left): what stays is counted, then killed; the caps still apply meanwhile. Then whether the
// containment held to the end, the output pipes drain and the published values are read.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Leftover, PublishedValue } from '../result.ts';
import { killTree, runPids, runProcesses, settleTree, unregisterRun, type RunTree } from '../terminate.ts';
import { readOnce } from '../watch/open-files.ts';
import { sampleThreads, type ProcStat } from '../watch/procfs.ts';
import { sleep, withDeadline } from '../../shared/time.ts';
import {
  AUTOPSY_LIMIT_MS,
  EMPTY_WAIT_MS,
  EOF_GRACE_MS,
  KILL_GRACE_MS,
  LEFTOVER_GRACE_MS,
  LEFTOVER_KILL_GRACE_MS,
} from './budgets.ts';
import type { Ending, RunContext } from './context.ts';
import type { Started } from './start.ts';

const PAGE = 4096;

export interface Finished {
  code: number | null;
  signal: string | null;
  /** Program processes still alive after the main one exited (then killed), as the kill found them. */
  leftovers: Leftover[];
  values: PublishedValue[];
}

/** Ends the run; every process of it is gone when this resolves, and the temporary folder too. */
export async function finish(ctx: RunContext, s: Started, ending: Ending): Promise<Finished> {
  ctx.wallMs = ctx.now();
  let code: number | null;
  let signal: string | null;
  let leftovers: Leftover[] = [];
  if (ending.kind === 'engine') {
    const why = ctx.killedBy;
    if (why === 'hang' || why === 'stuck' || why === 'timeout' || why === 'wait-bound')
      ctx.autopsy = await boundedAutopsy(ctx, s.tree);
    await killTree(s.tree, KILL_GRACE_MS, why === 'hang' || why === 'stuck');
    ({ code, signal } = await s.exited);
  } else {
    ({ code, signal } = ending);
    // The main process is gone; give its descendants a moment to finish on their own. A launcher
    // that says its tree is empty has nothing below it (every descendant stays below it): then
    // nothing was left behind, and /proc need not be read.
    const contained = s.tree.contained;
    const empty = contained && (await withDeadline(contained.ended, EMPTY_WAIT_MS, () => null))?.empty;
    if (!empty) {
      const deadline = Date.now() + LEFTOVER_GRACE_MS;
      let left = remaining(ctx, s.tree);
      while (left.program.length > 0 && !left.capped && Date.now() < deadline) {
        await sleep(10);
        left = remaining(ctx, s.tree);
      }
      if (left.program.length > 0) {
        leftovers = left.program.map(leftover);
        ctx.killedBy ??= 'leftovers';
      }
      if (left.all.length > 0) await killTree(s.tree, LEFTOVER_KILL_GRACE_MS);
    }
  }
  const settled = await settleTree(s.tree);
  if (!settled.held && ctx.containment.held) {
    ctx.containment = { ...ctx.containment, held: false, reason: settled.reason };
    ctx.killedBy ??= 'containment';
  }
  await withDeadline(s.eof, EOF_GRACE_MS, () => undefined);
  // destroy() closes the read fds; closing them again here could close another run's fd
  // that reused the number (libuv aborts on that).
  for (const reader of s.readers) reader.destroy();
  s.transcript.finish();
  unregisterRun(ctx.runId);
  const values = await readValues(ctx.publishFile);
  rmSync(ctx.tmp, { recursive: true, force: true });
  return { code, signal, leftovers, values };
}

/** The autopsy of the tree the engine stops, or why there is none; never longer than AUTOPSY_LIMIT_MS. */
async function boundedAutopsy(ctx: RunContext, tree: RunTree): Promise<RunContext['autopsy']> {
  // Loaded only when the engine stops a tree: a run that ends by itself loads none of the autopsy's code.
  const { takeAutopsy } = await import('../autopsy/take.ts');
  const took = takeAutopsy(runPids(tree), {
    stacksDir: ctx.stacksDir,
    rootPid: tree.program.pid,
    waits: ctx.waits ?? undefined,
  }).catch((e: unknown) => ({
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
 * process, and those that are the program rather than a runtime helper. The caps count them all:
 * one hit is recorded (and `capped` ends the grace).
 */
function remaining(ctx: RunContext, tree: RunTree): { all: number[]; program: ProcStat[]; capped: boolean } {
  const procs = runProcesses(tree);
  if (procs.length === 0) return { all: [], program: [], capped: false };
  const { maxProcesses, maxMemoryBytes } = ctx.options;
  const rss = procs.reduce((sum, p) => sum + p.rssPages * PAGE, 0);
  const hit =
    procs.length > maxProcesses
      ? { kind: 'processes' as const, detail: `${procs.length} processes alive, cap ${maxProcesses}` }
      : rss > maxMemoryBytes
        ? {
            kind: 'memory' as const,
            detail: `${rss.toLocaleString('en-US')} bytes resident, cap ${maxMemoryBytes.toLocaleString('en-US')}`,
          }
        : null;
  if (hit) {
    ctx.limits.push(hit);
    ctx.killedBy ??= 'limit';
  }
  const threads = sampleThreads(procs);
  return {
    all: procs.map((p) => p.pid),
    program: procs.filter((p) => threads.some((t) => t.pid === p.pid && !t.housekeeping)),
    capped: hit !== null,
  };
}

/** A process left behind, named as the kill finds it: its command line, or its name when that is empty. */
function leftover(p: ProcStat): Leftover {
  const argv = (readOnce(`/proc/${p.pid}/cmdline`) ?? '').replace(/\0$/, '').split('\0');
  const command = argv.join(' ').trim() || p.comm;
  return { pid: p.pid, startTicks: p.startTicks, command };
}

/** The values the snippet published (one JSON object a line); a torn last line is skipped. */
async function readValues(file: string): Promise<PublishedValue[]> {
  if (!existsSync(file)) return [];
  // Their schema (and zod) loads only for a run that published: most runs of `hangtime run` do not.
  const { PublishedValue } = await import('../result.ts');
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
