// One look of the watcher at a run's tree, and the cheap rule it applies to each thread: what
// the prover (prove.ts) is given to decide when to read the wait-for graph.
import type { ProcStat, ThreadSample } from './procfs.ts';

/** One look at the tree, with what the cheap rule makes of it. */
export interface Look {
  t: number;
  /** Every process of the machine scanned and every thread read anew: a look a proof may rest on. */
  fresh: boolean;
  tree: ProcStat[];
  threads: ThreadSample[];
  /** Every process of the machine, when this look scanned them (else null). */
  machine: ProcStat[] | null;
  /** Why the tree as a whole cannot be hung now; '' when every program thread is in an untimed wait. */
  notQuiet: string;
  /** When (ms) the tree last changed: a thread's state, syscall or CPU time, a process, the output. */
  changedAt: number;
  /** Looks in a row in which every program thread was in an untimed wait. */
  stillLooks: number;
  /** Each program thread in an untimed wait, and since when (ms) it has not changed at all. */
  steadySince: Map<number, number>;
  /** Each thread's state, syscall (with its arguments) and CPU time: what moves when it moves. */
  keys: Map<number, string>;
  /** The whole tree's state and the output's size: equal in two looks when nothing moved between them. */
  signature: string;
}

/** Why a thread keeps the tree from being called hung, or null if it sits in an untimed wait. */
export function progressReason(t: ThreadSample): string | null {
  if (t.state === 'R' || t.state === 'D')
    return `${t.thread} is ${t.state === 'R' ? 'running' : 'in uninterruptible I/O'}`;
  if (t.housekeeping) return null;
  if (t.unreadable) return `${t.thread}: /proc/${t.pid}/task/${t.tid}/syscall unreadable`;
  if (t.state !== 'S') return `${t.thread} is in state ${t.state}`;
  if (!t.syscall.known) return `${t.thread} is in ${t.syscall.name}`;
  if (t.syscall.timed) return `${t.thread} is in a timed ${t.syscall.name}`;
  return null;
}
