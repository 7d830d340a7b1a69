// The watcher's record of a run: each thread's state as the looks saw it change (the RunResult's
// timeline, capped), and the CPU time each thread had spent when last seen.
import type { TimelineEvent } from '../result.ts';
import type { ThreadSample } from './procfs.ts';
import { syscallFacts, type Syscall } from './syscalls.ts';

const TIMELINE_CAP = 4000;
/** The syscall of a thread that is gone: none. */
const GONE: Syscall = { name: 'none', nr: -1, timed: false, fd: null, bytes: null, waitPid: null, timeoutMs: null };

/** A thread as a timeline event states it (without the time): what a heartbeat shows too. */
export function threadFacts(th: ThreadSample): Omit<TimelineEvent, 't'> {
  return {
    pid: th.pid,
    tid: th.tid,
    proc: th.proc,
    thread: th.thread,
    state: th.state,
    wchan: th.wchan,
    syscall: syscallFacts(th.syscall),
    housekeeping: th.housekeeping,
  };
}

export class Timeline {
  readonly events: TimelineEvent[] = [];
  private cpuNsByTid = new Map<number, number>();
  private lastSeen = new Map<number, string>();
  private lastEvent = new Map<number, TimelineEvent>();

  get cpuMs(): number {
    let ns = 0;
    for (const v of this.cpuNsByTid.values()) ns += v;
    return ns / 1e6;
  }

  /** A look's threads: an event for each thread whose state, call or name changed, and for each gone. */
  record(t: number, threads: ThreadSample[]): void {
    const present = new Set<number>();
    for (const th of threads) {
      present.add(th.tid);
      this.cpuNsByTid.set(th.tid, Math.max(th.cpuNs, this.cpuNsByTid.get(th.tid) ?? 0));
      const key = `${th.state}|${th.syscall.name}|${th.syscall.timed}|${th.thread}`;
      if (this.lastSeen.get(th.tid) === key) continue;
      this.lastSeen.set(th.tid, key);
      this.push({ t: Math.round(t * 10) / 10, ...threadFacts(th) });
    }
    for (const tid of this.lastSeen.keys()) {
      if (present.has(tid)) continue;
      this.lastSeen.delete(tid);
      const prev = this.lastEvent.get(tid);
      if (prev) this.push({ ...prev, t, state: 'gone', wchan: '', syscall: GONE });
    }
  }

  private push(e: TimelineEvent): void {
    this.lastEvent.set(e.tid, e);
    if (this.events.length < TIMELINE_CAP) this.events.push(e);
  }
}
