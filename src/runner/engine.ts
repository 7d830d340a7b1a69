// runSnippet: one snippet, run as a real process tree, watched, classified, and killed whole.
// A short composition of phases over one run context (run/context.ts):
//   prepare (argv, environment: nothing started) → start (the tree, over real pipes) →
//   supervise (watch until it exits, hangs, times out, hits a cap or is aborted) →
//   finish (autopsy of a hang, kill, leftovers, output drained) → report (the RunResult).
import { prepare, type Target } from './run/prepare.ts';
import { start } from './run/start.ts';
import { killTree } from './terminate.ts';
import type { RunEffects } from './run/context.ts';
import type { RunOptionsInput, RunResult, TimelineEvent } from './result.ts';
import { sweepOnce } from './contain/registry.ts';

export type { RunEffects } from './run/context.ts';

/** A run in flight, as a heartbeat sees it: which snippet, since when, and its watcher's last look. */
export interface RunInFlight {
  runId: string;
  file: string;
  rootPid: number;
  /** Date.now() when the tree started. */
  startedAt: number;
  /** Every thread as the watcher last saw it (facts, the shape of a timeline event without its time). */
  threads(): Omit<TimelineEvent, 't'>[];
}

const inFlight = new Map<string, RunInFlight>();

type Later = [typeof import('./run/supervise.ts'), typeof import('./run/finish.ts'), typeof import('./run/report.ts')];
let later: Promise<Later> | null = null;
/**
 * The phases after the start (the watch, the prover, the end, the report: ~20 ms of modules to
 * load), asked for once the first program is spawned, so that they load while it starts up: a
 * short program run by `hangtime run` does not wait for them before it may begin.
 */
const loadLater = (): Promise<Later> =>
  (later ??= Promise.all([import('./run/supervise.ts'), import('./run/finish.ts'), import('./run/report.ts')]));

/** The runs this engine process has in flight now (for heartbeats). */
export function runsInFlight(): RunInFlight[] {
  return [...inFlight.values()];
}

/**
 * Runs `file` (a snippet whose extension launch/languages.ts lists) with `input` options; resolves
 * with what happened, whatever it was. Throws UsageError (nothing ran) for a missing, unreadable or
 * unknown file, bad options or a missing interpreter. Every process of the run is gone when the promise settles.
 */
export function runSnippet(file: string, input: RunOptionsInput = {}, effects: RunEffects = {}): Promise<RunResult> {
  return run({ file }, input, effects);
}

/**
 * Runs a command: `name` is an executable (a name with a slash, relative to `input.cwd` or the
 * current directory, or a name found on the run's PATH), `input.args` its arguments. The same
 * watch, outcome, autopsy and kill as a snippet; the result's snippet is the executable
 * (language 'command', no sha256) and its command is what was given. UsageError: not found.
 */
export function runCommand(name: string, input: RunOptionsInput = {}, effects: RunEffects = {}): Promise<RunResult> {
  return run({ command: name }, input, effects);
}

async function run(target: Target, input: RunOptionsInput, effects: RunEffects): Promise<RunResult> {
  sweepOnce(); // what an engine killed before its end left: processes and temporary folders
  const ctx = prepare(target, input);
  const started = await start(ctx, effects, () => void loadLater());
  const [{ supervise }, { finish }, { report }] = await loadLater().catch(async (e: unknown) => {
    await killTree(started.tree, 0); // no code to watch it with: nothing of it may stay
    throw e;
  });
  const { watcher, ended } = supervise(ctx, started, effects);
  inFlight.set(ctx.runId, {
    runId: ctx.runId,
    file: ctx.file,
    rootPid: started.tree.program.pid,
    startedAt: Date.now(),
    threads: () => watcher.lastLook(),
  });
  try {
    const ending = await ended;
    const end = await finish(ctx, started, ending);
    const t = started.transcript;
    return report(ctx, ending, end, watcher, {
      chunks: t.chunks,
      totalBytes: t.totalBytes,
      droppedBytes: t.droppedBytes,
    });
  } finally {
    inFlight.delete(ctx.runId);
  }
}
