// One analysis of a run: read its threads, describe each wait, ask for UNIX socket peers (the only
// step that leaves the process), name every waker, then check that no thread moved meanwhile.
import { Context } from './context.ts';
import { describeThread } from './describe.ts';
import type { On, ThreadWait, WaitFacts } from './facts.ts';
import { readText } from './proc-files.ts';
import { defaultHousekeeping, readRun, type HousekeepingRule } from './threads.ts';
import { readUnixPeers, type UnixPeerReader } from './unix-diag.ts';
import { emptyWakers, mergeWakers } from './waker-set.ts';
import { processWakers, wakersOf } from './wakers.ts';

export interface ReadWaitsOptions {
  /** The run's processes (the watcher's tree). */
  pids: number[];
  /** @default '/proc' */
  procRoot?: string;
  /** Which threads are the runtime's, not the program's. @default defaultHousekeeping (the watcher's rule) */
  housekeeping?: HousekeepingRule;
  /** Where UNIX socket peers come from. @default readUnixPeers (a python3 sock_diag helper, then `ss`) */
  unixPeers?: UnixPeerReader;
  /**
   * Every process of the machine as the watcher's full scan just saw it (procfs.listProcesses()):
   * kernel threads (kthreadd, pid 2, and its children) hold no fds and are not read again, which
   * saves a third of the fd scan on a machine where most pids are kernel threads.
   */
  machine?: { pid: number; ppid: number }[];
}

/** What each thread of the run waits on and who could end it. */
export async function readWaits(o: ReadWaitsOptions): Promise<WaitFacts> {
  const start = performance.now();
  const root = o.procRoot ?? '/proc';
  const { processes, threads } = readRun(root, o.pids, o.housekeeping ?? defaultHousekeeping);
  const kernelThreads = new Set((o.machine ?? []).filter((p) => p.pid === 2 || p.ppid === 2).map((p) => p.pid));
  const ctx = new Context(root, processes, threads, kernelThreads);
  ctx.cost['threads'] = performance.now() - start;
  // A process that is housekeeping as a whole (a launcher, a runtime's service) is never waited
  // for and never required to be blocked: whether it runs is all the judgement asks of it.
  const helpers = new Set(processes.filter((p) => p.housekeeping).map((p) => p.pid));
  const ons = threads.map((t): On =>
    helpers.has(t.pid) && t.state !== 'R' && t.state !== 'D'
      ? { kind: 'unknown', call: t.decoded.name, detail: 'a housekeeping process: its wait is not read' }
      : ctx.timed('describe', () => describeThread(ctx, t)),
  );

  const unix = new Set<number>();
  for (const on of ons) collectUnix(on, unix);
  if (unix.size > 0) {
    const t = performance.now();
    ctx.unix = await (o.unixPeers ?? readUnixPeers)([...unix]);
    ctx.cost['unix peers'] = performance.now() - t;
  }

  const out: ThreadWait[] = threads.map((t, i) => {
    const on = ons[i]!;
    const wakers =
      on.kind === 'running' || helpers.has(t.pid)
        ? emptyWakers()
        : ctx.timed('wakers', () =>
            mergeWakers(ctx, wakersOf(ctx, t.pid, on, t.decoded.timed), processWakers(ctx, t.pid, t.tid)),
          );
    return {
      pid: t.pid,
      tid: t.tid,
      thread: t.thread,
      state: t.state,
      syscall: t.decoded.name,
      timed: t.decoded.timed,
      housekeeping: t.housekeeping,
      on,
      wakers,
    };
  });

  // A thread that left its wait while we read is described from a past that no longer holds.
  ctx.timed('recheck', () => {
    out.forEach((w, i) => {
      if (w.on.kind === 'running') return;
      const now = readText(`${root}/${w.pid}/task/${w.tid}/syscall`);
      if (now !== threads[i]!.syscallText) w.wakers.unknown.push('it left its wait while the analysis read it');
    });
  });
  ctx.cost['total'] = performance.now() - start;
  return {
    procRoot: root,
    processes,
    threads: out,
    unreadable: [...ctx.unreadable].sort((a, b) => a - b),
    cost: ctx.cost,
  };
}

function collectUnix(on: On, into: Set<number>): void {
  if (on.kind === 'unix') into.add(on.inode);
  else if (on.kind === 'poll') for (const w of on.fds) collectUnix(w.on, into);
}
