// Phase 3: watch the tree until it ends. Whichever comes first ends the run: the root exits; the
// prover confirms a hang, a stuck part or a wait past its bound; the watcher sees a cap hit; the
// timeout fires (the graph is judged once more first, so the timeout can say what the tree
// waited on); the caller aborts. The first reason the engine had to stop it is recorded once.
import { warmHelper } from '../autopsy/channels.ts';
import type { Outcome } from '../result.ts';
import { hasProc } from '../watch/procfs.ts';
import { warmUnixPeers } from '../watch/peers.ts';
import { loadWaits, Prover, toProof, type Judged } from '../watch/prove.ts';
import { Watcher } from '../watch/watch.ts';
import { withDeadline } from '../../shared/time.ts';
import { FINAL_JUDGEMENT_MS, SAMPLE_INTERVAL_MS } from './budgets.ts';
import type { Ending, RunContext, RunEffects } from './context.ts';
import type { Started } from './start.ts';

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The helpers an autopsy and an analysis ask (pipe fill, UNIX socket peers) are long-lived python
 * processes, started once per engine. The autopsy's starts the first time a tree looks quiet (its
 * answer is what an autopsy waits for longest); the analysis's once the engine has decided to
 * stop a tree (meanwhile `ss` answers): each spawn blocks this thread for milliseconds.
 */
const warmHelpers = () => {
  void warmHelper();
  warmUnixPeers();
};

/** Runs the watch; resolves with how the run ended. `watcher` is exposed for heartbeats. */
export function supervise(
  ctx: RunContext,
  s: Started,
  effects: RunEffects,
): { watcher: Watcher; ended: Promise<Ending> } {
  let settled = false;
  let resolve!: (e: Ending) => void;
  const ended = new Promise<Ending>((r) => (resolve = r));
  const finish = (e: Ending) => {
    if (settled) return;
    settled = true;
    resolve(e);
  };
  const stopBy = (why: NonNullable<Outcome['killedBy']>) => {
    if (settled) return;
    ctx.killedBy ??= why;
    finish({ kind: 'engine' });
  };
  void s.exited.then((e) => {
    if (!e.lost) return finish({ kind: 'exit', code: e.code, signal: e.signal });
    // The launcher died before the program (the program killed it, say): the tree is no longer held.
    ctx.containment = { ...ctx.containment, held: false, reason: 'its launcher died while the program ran' };
    stopBy('containment');
  });
  const keep = (judged: Judged | null) => {
    ctx.proof = judged && toProof(judged, prover);
    ctx.waits = judged?.facts ?? null;
  };
  const hung = (quietAtMs: number, confirmedAtMs: number) => {
    ctx.hang = {
      quietAtMs: round(quietAtMs),
      confirmedAtMs: round(confirmedAtMs),
      confirmedAfterMs: round(confirmedAtMs - quietAtMs),
    };
  };
  const o = ctx.options;
  let suspected = false;
  const tree = s.tree;
  const watcher = new Watcher({
    // Walked from the launcher, which is engine machinery and left out of the samples; the caps
    // count every process below it. The watcher looks while the program itself lives.
    rootPid: tree.rootPid,
    programPid: tree.program.pid,
    rootIsHousekeeping: tree.contained !== null,
    now: ctx.now,
    intervalMs: SAMPLE_INTERVAL_MS,
    maxProcesses: o.maxProcesses,
    maxMemoryBytes: o.maxMemoryBytes,
    outputBytes: () => s.transcript.totalBytes,
    onLook: (look) => {
      if (look.notQuiet === '' && !suspected) {
        // The first quiet look: what a judgement needs starts now, a look before one can be made.
        suspected = true;
        void warmHelper();
        void loadWaits();
      }
      prover.offer(look);
    },
    onLimit: (kind, detail) => {
      ctx.limits.push({ kind, detail });
      stopBy('limit');
    },
  });
  const prover = new Prover({
    quietMs: o.quietMs,
    stuckMs: o.stuckMs,
    waitBoundMs: o.waitBoundMs,
    look: (scan) => watcher.sample(true, scan),
    // The launcher is in the analysis as what it is: housekeeping, never the program.
    machinery: () => (tree.contained !== null && tree.rootPid > 0 ? [tree.rootPid] : []),
    onProven: ({ kind, judged }) => {
      if (settled) return;
      warmHelpers();
      keep(judged);
      if (kind !== 'wait-bound') hung(judged.sinceMs, judged.atMs);
      stopBy(kind);
    },
  });
  // Without /proc no thread's wait can be seen, so nothing is proven: a silent program there is
  // not called hung (silence is also what a slow computation or a long sleep looks like); it runs
  // to its timeout, which the status line says is "not proven hung" and why.
  if (tree.rootPid > 0 && hasProc) watcher.start();
  // At the timeout the tree is still whole: its graph is judged once more, for the timeout's words.
  const timer = setTimeout(async () => {
    if (settled || !hasProc) return stopBy('timeout');
    warmHelpers();
    const last = () => prover.last;
    const judged = await withDeadline(prover.final().catch(last), FINAL_JUDGEMENT_MS, last);
    if (settled) return;
    keep(judged);
    stopBy('timeout');
  }, o.timeoutMs);
  const onAbort = () => stopBy('interrupted');
  effects.signal?.addEventListener('abort', onAbort);
  if (effects.signal?.aborted) onAbort();
  void ended.then(() => {
    // A run that ended otherwise keeps the last judgement made while it ran (a wait that ended).
    if (!ctx.proof && prover.last) keep(prover.last);
    prover.stop();
    watcher.stop();
    clearTimeout(timer);
    effects.signal?.removeEventListener('abort', onAbort);
  });
  return { watcher, ended };
}
