// The prover: turns the watcher's looks into verdicts. When the cheap rule says the whole tree is
// quiet, or when part of it has sat in the same untimed waits for the stuck window, it takes a
// fresh look, reads the wait-for graph (../waits: who could end each wait) and judges it, then
// takes one more fresh look: the verdict holds only if nothing moved in between. A run ends early
// only on a confirmed `hang`, or on a confirmed, proven `stuck` whose group has not moved for the
// stuck window; `waiting` ends it only at the wait bound. Every judgement is kept for the end.
import type { Proof } from '../waits/schema.ts';
import type { Verdict, WaitFacts } from '../waits/index.ts';
import { housekeepingRule } from './housekeeping.ts';
import { quickUnixPeers } from './peers.ts';
import type { Look } from './watch.ts';

let waits: Promise<typeof import('../waits/index.ts')> | null = null;

/**
 * The wait-for graph's code (../waits: ~20 modules, ~20 ms to load), loaded once, when a tree
 * first looks quiet (a judgement needs two quiet looks): a program that never waits, such as most
 * short runs of `hangtime run`, never loads it, and nothing competes with its start for a core.
 */
export function loadWaits(): Promise<typeof import('../waits/index.ts')> {
  return (waits ??= import('../waits/index.ts'));
}

/** One judgement of the run's wait-for graph, with the facts it rests on. */
export interface Judged {
  verdict: Verdict;
  facts: WaitFacts;
  /** When (ms) the threads it judged last moved: the whole tree, or the stuck group for `stuck`. */
  sinceMs: number;
  /** When the look after the analysis was taken. */
  atMs: number;
  /** The look after the analysis found nothing moved since the look before it. */
  confirmed: boolean;
  /** The tree's signature in the look after the analysis, and each thread's key in it. */
  signature: string;
  keys: Map<number, string>;
}

export type Proven = { kind: 'hang' | 'stuck' | 'wait-bound'; judged: Judged };

export interface ProveOptions {
  quietMs: number;
  stuckMs: number;
  /** How long a run may wait on something outside it before it is ended as `waiting`; null: until the timeout. */
  waitBoundMs: number | null;
  /**
   * A fresh look at the tree (the watcher's), or null once the run is over; `scan`: find the tree
   * among every process of the machine (else walk it from the root).
   */
  look: (scan: boolean) => Look | null;
  /** Processes of the engine's own inside the tree (a launcher): never the program. */
  machinery?: () => number[];
  /** Called once, with what ends the run early. */
  onProven: (p: Proven) => void;
}

/**
 * The analysis may take at most a quarter of this thread's time: after one, wait three times what
 * it cost (its own work: not the wait for the UNIX socket peers, which another process does).
 */
const COOL_DOWN_FACTOR = 3;
/** The same picture is judged again after 1 s, then 2, 4, 8 s (an outside party may go away meanwhile). */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 8000;

export class Prover {
  /** The last judgement, confirmed or not. */
  last: Judged | null = null;
  analyses = 0;
  /** What the last analysis cost (ms, wall time). */
  costMs = 0;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastKey = '';
  private retryGap = RETRY_FIRST_MS;
  private retryAt = 0;
  private notBefore = 0;
  private o: ProveOptions;

  constructor(o: ProveOptions) {
    this.o = o;
  }

  /** Each look of the watcher. */
  offer(look: Look): void {
    if (this.running || this.stopped) return;
    // A confirmed judgement of this very picture: a hang waits out the quiet window, a wait its
    // bound, a proven stuck group (unmoved, whatever its pollers do) the stuck window.
    const last = this.last;
    if (last?.confirmed && look.signature === last.signature) {
      const quiet = look.t - look.changedAt >= this.o.quietMs;
      if (last.verdict.kind === 'hang' && quiet) return this.end({ kind: 'hang', judged: { ...last, atMs: look.t } });
      const bound = this.o.waitBoundMs;
      if (last.verdict.kind === 'waiting' && bound !== null && look.t - last.sinceMs >= bound)
        return this.end({ kind: 'wait-bound', judged: { ...last, atMs: look.t } });
    }
    const v = last?.verdict;
    if (
      last?.confirmed &&
      v?.kind === 'stuck' &&
      v.proven &&
      look.t - last.sinceMs >= this.o.stuckMs &&
      v.stuck.every((t) => look.steadySince.has(t.tid) && look.keys.get(t.tid) === last.keys.get(t.tid))
    )
      return this.end({ kind: 'stuck', judged: { ...last, atMs: look.t } });
    const key = this.trigger(look);
    if (key === null) return;
    if (key === this.lastKey) {
      this.retryGap = Math.min(this.retryGap * 2, RETRY_MAX_MS);
    } else this.retryGap = RETRY_FIRST_MS;
    this.lastKey = key;
    this.retryAt = look.t + this.retryGap;
    // An analysis that fails (a /proc read the waits code did not expect) decides nothing.
    this.running = this.analyse()
      .catch(() => undefined)
      .finally(() => (this.running = null));
  }

  /**
   * The judgement at the end of a run the engine stops (a timeout): the last one if nothing moved
   * since, else a new one. No verdict is acted on after this.
   */
  async final(): Promise<Judged | null> {
    await this.running;
    this.stopped = true;
    const now = this.o.look(true);
    if (!now) return this.last;
    if (this.last?.signature === now.signature) return this.last;
    return this.judge(now, false);
  }

  stop(): void {
    this.stopped = true;
  }

  private end(p: Proven): void {
    this.stopped = true;
    this.o.onProven(p);
  }

  /**
   * What a look asks to be judged: the whole tree, once every program thread has sat in an untimed
   * wait for two looks (the analysis overlaps the rest of the quiet window: a hang is declared
   * only once that window is over too); or a part that sat still for the stuck window.
   */
  private trigger(look: Look): string | null {
    if (look.t < this.notBefore) return null;
    let key: string | null = null;
    if (look.notQuiet === '' && look.stillLooks >= 2) key = `all ${look.signature}`;
    else {
      const part = [...look.steadySince].filter(([, since]) => look.t - since >= this.o.stuckMs).map(([tid]) => tid);
      if (part.length > 0) key = `part ${part.map((tid) => `${tid}:${look.keys.get(tid)}`).join(',')}`;
    }
    if (key === null || (key === this.lastKey && look.t < this.retryAt)) return null;
    return key;
  }

  private async analyse(): Promise<void> {
    const before = this.o.look(true);
    if (!before || this.stopped) return;
    const judged = await this.judge(before, true);
    if (!judged?.confirmed || this.stopped) return;
    const v = judged.verdict;
    if (v.kind === 'hang' && judged.atMs - judged.sinceMs >= this.o.quietMs) return this.end({ kind: 'hang', judged });
    if (v.kind === 'stuck' && v.proven && judged.atMs - judged.sinceMs >= this.o.stuckMs)
      return this.end({ kind: 'stuck', judged });
  }

  /** Reads and judges the graph the look `before` saw, then looks again: did anything move? */
  private async judge(before: Look, throttle: boolean): Promise<Judged | null> {
    const { judgeWaits, readWaits } = await loadWaits();
    const t0 = performance.now();
    const machinery = this.o.machinery?.() ?? [];
    const facts = await readWaits({
      pids: [...before.tree.map((p) => p.pid), ...machinery],
      machine: before.machine ?? undefined,
      housekeeping: housekeepingRule(new Set(machinery)),
      unixPeers: quickUnixPeers,
    });
    const verdict = judgeWaits(facts);
    this.analyses++;
    this.costMs = performance.now() - t0;
    // A process the walk cannot see came from a thread that ran, or from one that exited: either
    // changes the signature. The second look need not scan the machine again.
    const after = this.o.look(false);
    if (!after) return null;
    const work = (facts.cost['total'] ?? this.costMs) - (facts.cost['unix peers'] ?? 0);
    if (throttle) this.notBefore = after.t + COOL_DOWN_FACTOR * work;
    let confirmed: boolean;
    let sinceMs = after.changedAt;
    if (verdict.kind === 'stuck') {
      // Pollers move; the stuck group must not. It has sat still since the latest of its threads did.
      const still = verdict.stuck.every(
        (t) => after.steadySince.has(t.tid) && after.keys.get(t.tid) === before.keys.get(t.tid),
      );
      confirmed = still;
      sinceMs = still ? Math.max(...verdict.stuck.map((t) => after.steadySince.get(t.tid)!)) : after.t;
    } else confirmed = after.signature === before.signature;
    const judged: Judged = {
      verdict,
      facts,
      sinceMs,
      atMs: after.t,
      confirmed,
      signature: after.signature,
      keys: after.keys,
    };
    this.last = judged;
    return judged;
  }
}

/** A judgement as the RunResult stores it: the verdict and its facts, without the analysis's timings by step. */
export function toProof(j: Judged, p: Prover): Proof {
  return {
    verdict: j.verdict,
    sinceMs: Math.round(j.sinceMs * 10) / 10,
    atMs: Math.round(j.atMs * 10) / 10,
    confirmed: j.confirmed,
    processes: j.facts.processes,
    threads: j.facts.threads,
    unreadable: j.facts.unreadable,
    analyses: p.analyses,
    costMs: Math.round(p.costMs * 10) / 10,
  };
}
