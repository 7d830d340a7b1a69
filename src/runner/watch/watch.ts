// The hang watcher: samples the run's tree through /proc and confirms a hang when
// no program thread can make progress by itself (../shared/DESIGN.md, "hang").
import {
  canWalkChildren,
  findTree,
  listProcesses,
  sampleThreads,
  walkTree,
  type ProcStat,
  type ThreadSample,
} from './procfs.ts';
import type { TimelineEvent } from '../result.ts';
import { syscallFacts, type Syscall } from './syscalls.ts';

export interface WatchOptions {
  /** Where the tree is walked from. */
  rootPid: number;
  /** The program's own process: the watcher looks while it lives. @default rootPid */
  programPid?: number;
  /** The root is not the program but machinery holding it (the launcher): left out of every sample. */
  rootIsHousekeeping?: boolean;
  /** Milliseconds since the run started (the run's clock). */
  now: () => number;
  quietMs: number;
  intervalMs?: number;
  maxProcesses: number;
  maxMemoryBytes: number;
  /** Bytes of output received so far: output is progress. */
  outputBytes: () => number;
  onHang: (info: { quietAtMs: number; confirmedAtMs: number; threads: ThreadSample[]; tree: ProcStat[] }) => void;
  onLimit: (kind: 'processes' | 'memory', detail: string) => void;
  /** Once, the first time every program thread looks stuck (before any verdict). */
  onSuspect?: () => void;
}

const TIMELINE_CAP = 4000;
/** The syscall of a thread that is gone: none. */
const GONE: Syscall = { name: 'none', nr: -1, timed: false, fd: null, bytes: null, waitPid: null, timeoutMs: null };
/** Every how many samples the watcher reads every process on the machine instead of walking the tree. */
const FULL_SCAN_EVERY = 10;
const PAGE = 4096;

/** Why a thread keeps the tree from being called hung, or null if it is stuck for good. */
function progressReason(t: ThreadSample): string | null {
  if (t.state === 'R' || t.state === 'D')
    return `${t.thread} is ${t.state === 'R' ? 'running' : 'in uninterruptible I/O'}`;
  if (t.housekeeping) return null;
  if (t.unreadable) return `${t.thread}: /proc/${t.pid}/task/${t.tid}/syscall unreadable`;
  if (t.state !== 'S') return `${t.thread} is in state ${t.state}`;
  if (!t.syscall.known) return `${t.thread} is in ${t.syscall.name}`;
  if (t.syscall.timed) return `${t.thread} is in a timed ${t.syscall.name}`;
  return null;
}

export class Watcher {
  readonly timeline: TimelineEvent[] = [];
  cpuNsByTid = new Map<number, number>();
  lastThreads: ThreadSample[] = [];
  lastTree: ProcStat[] = [];
  /** Why the last sample was not a hang (for heartbeats and debugging). */
  notHungBecause = 'not sampled yet';
  private timer: NodeJS.Timeout | null = null;
  private lastSig = '';
  private lastCpu = -1;
  private lastOut = -1;
  private lastChangeAt = 0;
  private stuckSamples = 0;
  private lastSeen = new Map<number, string>();
  private lastEvent = new Map<number, TimelineEvent>();
  private done = false;
  private samples = 0;
  private suspected = false;

  private o: WatchOptions;

  constructor(o: WatchOptions) {
    this.o = o;
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), this.o.intervalMs ?? 20);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.done = true;
  }

  /** Every thread of the last sample, as facts (what a heartbeat shows). */
  lastLook(): Omit<TimelineEvent, 't'>[] {
    return this.lastThreads.map((th) => ({
      pid: th.pid,
      tid: th.tid,
      proc: th.proc,
      thread: th.thread,
      state: th.state,
      wchan: th.wchan,
      syscall: syscallFacts(th.syscall),
      housekeeping: th.housekeeping,
    }));
  }

  get cpuMs(): number {
    let ns = 0;
    for (const v of this.cpuNsByTid.values()) ns += v;
    return ns / 1e6;
  }

  /**
   * One look at the tree; public so the engine can take a final one. Most looks walk the tree
   * (cheap whatever the machine runs); every FULL_SCAN_EVERY-th, and any that would prove a
   * hang, read all of /proc, so a process the walk cannot see still counts.
   */
  sample(full = false): void {
    if (this.done) return;
    const t = this.o.now();
    const walk = !full && canWalkChildren && this.samples++ % FULL_SCAN_EVERY !== 0;
    const { rootPid, programPid = rootPid, rootIsHousekeeping } = this.o;
    const walked = walk ? walkTree(rootPid, this.lastTree) : findTree(rootPid, listProcesses());
    const tree = rootIsHousekeeping ? walked.filter((p) => p.pid !== rootPid) : walked;
    if (!tree.some((p) => p.pid === programPid && p.state !== 'Z')) return; // exit path takes over
    const threads = sampleThreads(tree);
    this.lastTree = tree;
    this.lastThreads = threads;
    this.record(t, threads);
    const live = tree.filter((p) => p.state !== 'Z');
    if (live.length > this.o.maxProcesses)
      return this.o.onLimit('processes', `${live.length} processes alive, cap ${this.o.maxProcesses}`);
    const rss = live.reduce((s, p) => s + p.rssPages * PAGE, 0);
    if (rss > this.o.maxMemoryBytes)
      return this.o.onLimit('memory', `${rss} bytes resident, cap ${this.o.maxMemoryBytes}`);

    let cpu = 0;
    const sig: string[] = [];
    for (const th of threads) {
      if (!th.housekeeping) cpu += th.cpuNs;
      if (!th.housekeeping || th.state === 'R' || th.state === 'D')
        sig.push(`${th.tid}:${th.state}:${th.syscall.nr}:${th.syscall.timed}`);
    }
    const signature = sig.sort().join(',');
    const out = this.o.outputBytes();
    if (signature !== this.lastSig || cpu !== this.lastCpu || out !== this.lastOut) {
      this.lastChangeAt = t;
      this.stuckSamples = 0;
    }
    this.lastSig = signature;
    this.lastCpu = cpu;
    this.lastOut = out;

    const program = threads.filter((th) => !th.housekeeping);
    let reason: string | null = program.length === 0 ? 'no program thread' : null;
    for (const th of threads) reason ??= progressReason(th);
    this.notHungBecause = reason ?? '';
    if (reason) {
      this.stuckSamples = 0;
      return;
    }
    this.stuckSamples++;
    if (!this.suspected) {
      this.suspected = true;
      this.o.onSuspect?.();
    }
    if (this.stuckSamples >= 2 && t - this.lastChangeAt >= this.o.quietMs) {
      if (walk) return this.sample(true); // no verdict from a walk: look again at every process first
      this.stop();
      this.o.onHang({ quietAtMs: this.lastChangeAt, confirmedAtMs: t, threads, tree });
    }
  }

  private record(t: number, threads: ThreadSample[]): void {
    const present = new Set<number>();
    for (const th of threads) {
      present.add(th.tid);
      this.cpuNsByTid.set(th.tid, Math.max(th.cpuNs, this.cpuNsByTid.get(th.tid) ?? 0));
      const key = `${th.state}|${th.syscall.name}|${th.syscall.timed}|${th.thread}`;
      if (this.lastSeen.get(th.tid) === key) continue;
      this.lastSeen.set(th.tid, key);
      this.push({
        t: Math.round(t * 10) / 10,
        pid: th.pid,
        tid: th.tid,
        proc: th.proc,
        thread: th.thread,
        state: th.state,
        wchan: th.wchan,
        syscall: syscallFacts(th.syscall),
        housekeeping: th.housekeeping,
      });
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
    if (this.timeline.length < TIMELINE_CAP) this.timeline.push(e);
  }
}
