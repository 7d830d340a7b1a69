// Phase 3: watch the tree until it ends. Whichever comes first ends the run: the root exits; the
// watcher proves a hang or sees a cap hit; the timeout fires; the caller aborts. The first
// reason the engine had to stop it is recorded once (ctx.killedBy).
import { warmHelper } from '../autopsy/channels.ts';
import type { Outcome } from '../result.ts';
import { hasProc } from '../watch/procfs.ts';
import { Watcher } from '../watch/watch.ts';
import { QUIET_FALLBACK_MIN_MS, QUIET_FALLBACK_POLL_MS, SAMPLE_INTERVAL_MS } from './budgets.ts';
import type { Ending, RunContext, RunEffects } from './context.ts';
import type { Started } from './start.ts';

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Runs the watch; resolves with how the run ended. `watcher` is exposed for heartbeats. */
export function supervise(
  ctx: RunContext,
  s: Started,
  effects: RunEffects,
): { watcher: Watcher; ended: Promise<Ending> } {
  let finish!: (e: Ending) => void;
  const ended = new Promise<Ending>((resolve) => (finish = resolve));
  const stopBy = (why: NonNullable<Outcome['killedBy']>) => {
    ctx.killedBy ??= why;
    finish({ kind: 'engine' });
  };
  void s.exited.then((e) => {
    if (!e.lost) return finish({ kind: 'exit', code: e.code, signal: e.signal });
    // The launcher died before the program (the program killed it, say): the tree is no longer held.
    ctx.containment = { ...ctx.containment, held: false, reason: 'its launcher died while the program ran' };
    stopBy('containment');
  });
  const hung = (quietAtMs: number, confirmedAtMs: number) => {
    ctx.hang = {
      quietAtMs: round(quietAtMs),
      confirmedAtMs: round(confirmedAtMs),
      confirmedAfterMs: round(confirmedAtMs - quietAtMs),
    };
    stopBy('hang');
  };
  const o = ctx.options;
  const tree = s.tree;
  const watcher = new Watcher({
    // Walked from the launcher, which is engine machinery and left out of the samples; the caps
    // count every process below it. The watcher looks while the program itself lives.
    rootPid: tree.rootPid,
    programPid: tree.program.pid,
    rootIsHousekeeping: tree.contained !== null,
    now: ctx.now,
    intervalMs: SAMPLE_INTERVAL_MS,
    quietMs: o.quietMs,
    maxProcesses: o.maxProcesses,
    maxMemoryBytes: o.maxMemoryBytes,
    outputBytes: () => s.transcript.totalBytes,
    // The autopsy's pipe-fill helper starts only when a tree first looks stuck.
    onSuspect: () => void warmHelper(),
    onHang: (info) => hung(info.quietAtMs, info.confirmedAtMs),
    onLimit: (kind, detail) => {
      ctx.limits.push({ kind, detail });
      stopBy('limit');
    },
  });
  if (tree.rootPid > 0 && hasProc) watcher.start();
  else if (tree.rootPid > 0) quietFallback(ctx, s, ended, hung);
  const timer = setTimeout(() => stopBy('timeout'), o.timeoutMs);
  const onAbort = () => stopBy('interrupted');
  effects.signal?.addEventListener('abort', onAbort);
  if (effects.signal?.aborted) onAbort();
  void ended.then(() => {
    watcher.stop();
    clearTimeout(timer);
    effects.signal?.removeEventListener('abort', onAbort);
  });
  return { watcher, ended };
}

/** Without /proc there is no way to see threads: a long silence is the only hint of a hang. */
function quietFallback(
  ctx: RunContext,
  s: Started,
  ended: Promise<Ending>,
  hung: (quietAtMs: number, confirmedAtMs: number) => void,
): void {
  const quiet = Math.max(ctx.options.quietMs, QUIET_FALLBACK_MIN_MS);
  let last = -1;
  let since = 0;
  const poll = setInterval(() => {
    if (s.transcript.totalBytes !== last) {
      last = s.transcript.totalBytes;
      since = ctx.now();
      return;
    }
    if (ctx.now() - since >= quiet) {
      clearInterval(poll);
      hung(since, ctx.now());
    }
  }, QUIET_FALLBACK_POLL_MS);
  void ended.then(() => clearInterval(poll));
}
