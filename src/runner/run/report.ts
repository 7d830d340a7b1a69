// Phase 5: the RunResult, from the run's context. The outcome is classified here, once:
// the engine's reason to stop wins (hang, timeout); otherwise the root's own exit or signal.
import { displayPath } from '../launch/argv.ts';
import { hostInfo } from '../launch/env.ts';
import type { Outcome, RunResult } from '../result.ts';
import { SCHEMA_VERSION } from '../versions.ts';
import { hasProc } from '../watch/procfs.ts';
import type { Proof } from '../waits/schema.ts';
import type { Watcher } from '../watch/watch.ts';
import type { Ending, RunContext } from './context.ts';
import type { Finished } from './finish.ts';

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * What happened, classified: hang, stuck and timeout by the engine's reason (a timeout whose last
 * judgement found the tree blocked only on something outside the run is `waiting`, as is a wait
 * ended by its bound), else by how the root ended.
 */
export function classify(killedBy: Outcome['killedBy'], ending: Ending, proof: Proof | null): Outcome['kind'] {
  if (killedBy === 'hang') return 'hang';
  if (killedBy === 'stuck') return 'stuck';
  if (killedBy === 'wait-bound') return 'waiting';
  if (killedBy === 'timeout') return proof?.verdict.kind === 'waiting' ? 'waiting' : 'timeout';
  return ending.kind === 'exit' && ending.signal === null ? 'exit' : 'signal';
}

export function report(
  ctx: RunContext,
  ending: Ending,
  end: Finished,
  watcher: Watcher,
  transcript: RunResult['transcript'],
): RunResult {
  const kind = classify(ctx.killedBy, ending, ctx.proof);
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: ctx.runId,
    snippet: {
      path: displayPath(ctx.file),
      language: ctx.language,
      sha256: ctx.sha256,
    },
    argv: ctx.argv,
    command: ctx.command,
    options: ctx.options,
    startedAt: ctx.startedAt,
    host: hostInfo(ctx.language === 'py', ctx.load),
    outcome: {
      kind,
      code: kind === 'exit' ? end.code : null,
      signal: kind === 'exit' ? null : end.signal,
      killedBy: ctx.killedBy,
      leftBehind: end.leftovers.length,
      leftovers: end.leftovers,
      limits: ctx.limits,
      method: hasProc ? 'proc' : 'quiet-window',
      containment: ctx.containment,
    },
    transcript,
    timing: { wallMs: round(ctx.wallMs), cpuMs: round(watcher.cpuMs) },
    hang: ctx.hang,
    proof: ctx.proof,
    timeline: watcher.timeline,
    autopsy: ctx.autopsy,
    values: end.values,
  };
}
