// The watcher: looks at the run's tree through /proc every 20 ms and applies the cheap rule (no
// program thread can make progress by itself, nothing changed for the quiet window). It proves
// nothing: each look goes to the prover (prove.ts), which analyses the wait-for graph when the
// rule says quiet, or when part of the tree has sat in the same untimed waits for the stuck window.
import type { TimelineEvent } from '../result.ts';
import { progressReason, type Look } from './look.ts';
import { canWalkChildren, type ProcStat, type ThreadSample } from './procfs.ts';
import { Sampler } from './sampler.ts';
import { threadFacts, Timeline } from './timeline.ts';

export type { Look } from './look.ts';

export interface WatchOptions {
  /** Where the tree is walked from. */
  rootPid: number;
  /** The program's own process: the watcher looks while it lives. @default rootPid */
  programPid?: number;
  /** The root is not the program but machinery holding it (the launcher): left out of every sample. */
  rootIsHousekeeping?: boolean;
  /** Milliseconds since the run started (the run's clock). */
  now: () => number;
  intervalMs?: number;
  maxProcesses: number;
  maxMemoryBytes: number;
  /** Bytes of output received so far: output is progress. */
  outputBytes: () => number;
  /** Every look the interval takes (not the fresh ones a caller asks for). */
  onLook: (look: Look) => void;
  onLimit: (kind: 'processes' | 'memory', detail: string) => void;
}

/** How often (ms) a look reads every process of the machine instead of walking the tree. */
const FULL_SCAN_EVERY_MS = 500;
/** With no program thread in an untimed wait for this long, looks come less often… */
const BACK_OFF_AFTER_MS = 1000;
/** …but never further apart than this. */
const MAX_INTERVAL_MS = 100;
const PAGE = 4096;

export class Watcher {
  private readonly recorded = new Timeline();
  lastThreads: ThreadSample[] = [];
  /** Why the last look was not quiet (for heartbeats and debugging). */
  notHungBecause = 'not sampled yet';
  private timer: NodeJS.Timeout | null = null;
  private sampler: Sampler;
  private lastSig = '';
  private nothingToProve = false;
  private lastOut = -1;
  private lastKeys = new Map<number, string>();
  private steady = new Map<number, number>();
  private changedAt = 0;
  private stillLooks = 0;
  private timedSince: number | null = null;
  private provableLooks = 0;
  private backedOff = 0;
  private interval: number;
  private done = false;
  private scannedAt = -Infinity;

  private o: WatchOptions;

  constructor(o: WatchOptions) {
    this.o = o;
    this.sampler = new Sampler(o.rootPid);
    this.interval = o.intervalMs ?? 20;
  }

  start(): void {
    const tick = () => {
      this.timer = null;
      const look = this.sample();
      if (this.done) return;
      if (look) this.o.onLook(look);
      if (this.done) return;
      this.timer = setTimeout(tick, this.interval);
      this.timer.unref();
    };
    this.timer = setTimeout(tick, this.interval);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.done = true;
    this.sampler.close();
  }

  /** Every thread of the last look, as facts (what a heartbeat shows). */
  lastLook(): Omit<TimelineEvent, 't'>[] {
    return this.lastThreads.map(threadFacts);
  }

  /** Each thread's state changes as the looks saw them. */
  get timeline(): TimelineEvent[] {
    return this.recorded.events;
  }

  /** CPU time the run's threads spent, as last seen. */
  get cpuMs(): number {
    return this.recorded.cpuMs;
  }

  /**
   * One look at the tree; null once the root is gone (the exit path takes over) or a cap was hit.
   * Most looks walk the tree and re-read only threads that ran; one every FULL_SCAN_EVERY_MS scans
   * every process of the machine; a `fresh` one (what a proof asks for) reads every thread anew
   * and, unless told not to, scans.
   */
  sample(fresh = false, scan = fresh): Look | null {
    if (this.done) return null;
    const t = this.o.now();
    const scanned = scan || !canWalkChildren || t - this.scannedAt >= FULL_SCAN_EVERY_MS;
    if (scanned) this.scannedAt = t;
    const looked = this.sampler.look(scanned, fresh);
    const { rootPid, programPid = rootPid, rootIsHousekeeping } = this.o;
    // The launcher (engine machinery) is walked through, never sampled as part of the run.
    const tree = rootIsHousekeeping ? looked.tree.filter((p) => p.pid !== rootPid) : looked.tree;
    const threads = rootIsHousekeeping ? looked.threads.filter((th) => th.pid !== rootPid) : looked.threads;
    const machine = looked.machine;
    if (!tree.some((p) => p.pid === programPid && p.state !== 'Z')) return null; // exit path takes over
    this.lastThreads = threads;
    if (looked.changed) this.recorded.record(t, threads);
    const live = tree.filter((p) => p.state !== 'Z');
    if (live.length > this.o.maxProcesses) {
      this.o.onLimit('processes', `${live.length} processes alive, cap ${this.o.maxProcesses}`);
      return null;
    }
    const rss = live.reduce((s, p) => s + p.rssPages * PAGE, 0);
    if (rss > this.o.maxMemoryBytes) {
      this.o.onLimit(
        'memory',
        `${rss.toLocaleString('en-US')} bytes resident, cap ${this.o.maxMemoryBytes.toLocaleString('en-US')}`,
      );
      return null;
    }

    // Nothing read anew, nothing came or went: the keys, the signature and the reasons still hold.
    const moved = looked.changed || this.lastKeys.size === 0 ? this.judge(t, tree, threads) : false;
    const out = this.o.outputBytes();
    if (moved || out !== this.lastOut) this.changedAt = t;
    this.lastOut = out;
    const reason = this.notHungBecause || null;
    this.stillLooks = reason ? 0 : this.stillLooks + 1;
    this.pace(t);
    return {
      t,
      fresh,
      tree,
      threads,
      machine,
      notQuiet: reason ?? '',
      changedAt: this.changedAt,
      stillLooks: this.stillLooks,
      steadySince: this.steady,
      keys: this.lastKeys,
      signature: `${this.lastSig}|out ${out}`,
    };
  }

  /**
   * What the threads of a look say: each one's key, the tree's signature, since when each thread
   * sits still, why the tree is not quiet. Whether anything differs from the last look.
   */
  private judge(t: number, tree: ProcStat[], threads: ThreadSample[]): boolean {
    const keys = new Map<number, string>();
    const sig: string[] = [];
    for (const th of threads) {
      const key = `${th.state}:${th.syscallText}:${th.cpuNs}`;
      keys.set(th.tid, key);
      if (!th.housekeeping) sig.push(`${th.tid}:${key}`);
      // A helper's CPU counts too: V8's platform workers compile and collect garbage for the
      // program, and a main thread waiting for them in a futex is not stuck while they work, even
      // when both looks catch them asleep between bursts.
      else sig.push(`${th.tid}:${th.state === 'R' || th.state === 'D' ? th.state : 'idle'}:${th.cpuNs}`);
    }
    for (const p of tree) sig.push(`p${p.pid}:${p.state}`);
    const signature = sig.sort().join(',');
    const moved = signature !== this.lastSig;
    this.lastSig = signature;
    const program = threads.filter((th) => !th.housekeeping);
    const steady = new Map<number, number>();
    for (const th of program) {
      if (progressReason(th) !== null) continue;
      const same = this.lastKeys.get(th.tid) === keys.get(th.tid);
      steady.set(th.tid, same ? (this.steady.get(th.tid) ?? t) : t);
    }
    this.steady = steady;
    this.lastKeys = keys;
    let reason: string | null = program.length === 0 ? 'no program thread' : null;
    for (const th of threads) reason ??= progressReason(th);
    this.notHungBecause = reason ?? '';
    this.nothingToProve =
      program.length > 0 &&
      program.every((th) => th.state === 'R' || (th.state === 'S' && th.syscall.known && th.syscall.timed));
    return moved;
  }

  /**
   * Looks come less often while every program thread runs or sleeps with a timeout: nothing can be
   * proven then, not even in part. A look that finds an untimed wait brings the next look at the
   * usual pace; a second one in a row ends the back-off (one alone is often a thread passing
   * through a mutex on its way back to sleep).
   */
  private pace(t: number): void {
    const base = this.o.intervalMs ?? 20;
    if (!this.nothingToProve) {
      if (this.interval === base || this.provableLooks++ > 0) this.timedSince = null;
      this.backedOff = this.timedSince === null ? base : this.interval;
      this.interval = base;
      return;
    }
    this.provableLooks = 0;
    this.timedSince ??= t;
    if (this.backedOff > base) this.interval = this.backedOff;
    if (t - this.timedSince >= BACK_OFF_AFTER_MS) this.interval = Math.min(this.interval * 2, MAX_INTERVAL_MS);
    this.backedOff = this.interval;
  }
}
