// Checking a plan: run every planned run through the engine, then for each one compare
// with its frozen result, check its expectation and the chapter's pins, and (with
// --update, never on CI) rewrite the frozen results that differ or are missing.
import { createTwoFilesPatch } from 'diff';
import type { RunResult } from '../runner/result.ts';
import { fillUnmeasured } from './autopsy-core.ts';
import { compareRun } from './compare.ts';
import { freeze } from './freeze.ts';
import { HEADER, renderCompared, type FrozenDoc } from './frozen.ts';
import { startHeartbeat, type InFlight } from './heartbeat.ts';
import type { Plan, PlannedRun } from './plan.ts';
import { cannotExecute } from './resolve.ts';
import { readFrozen, writeFrozen } from './store.ts';

export interface RunReport {
  planned: PlannedRun;
  pass: boolean;
  /** The engine's status line, e.g. "hung, as expected · confirmed 41 ms after it went quiet". */
  status: string;
  problems: string[];
  diff: string;
  /** What --update did: 'written' (was missing) or 'updated' (differed). */
  wrote?: 'written' | 'updated';
  /** Remarks that do not fail the run (an autopsy measurement missing this time). */
  notes?: string[];
}

export interface CheckOptions {
  update: boolean;
  ci: boolean;
  /** Ignore the engine's cache. @default true */
  fresh?: boolean;
  concurrency?: number;
  onReport?: (r: RunReport) => void;
  heartbeat?: (text: string) => void;
}

/** A pin binds verify: the run's value must equal the article's number. */
export function pinProblems(planned: PlannedRun, result: RunResult): string[] {
  const out: string[] = [];
  for (const ref of planned.chapter.values) {
    if (ref.pin === undefined) continue;
    const published = result.values.find((v) => v.name === ref.name);
    if (!published) continue;
    const same =
      typeof ref.pin === 'number' ? Number(published.value) === ref.pin : String(published.value) === String(ref.pin);
    if (!same) {
      out.push(
        `${ref.chapterFile}:${ref.line}: <${ref.component} name="${ref.name}" pin={${JSON.stringify(ref.pin)}}>: this machine measured ${JSON.stringify(published.value)}, not the article's ${JSON.stringify(ref.pin)}`,
      );
    }
  }
  return out;
}

function checkOne(
  planned: PlannedRun,
  runnableRoot: string,
  result: RunResult,
  o: CheckOptions,
  status: string,
  expectation: string | null,
): RunReport {
  const problems: string[] = [];
  if (expectation) problems.push(expectation);
  const pins = pinProblems(planned, result);
  problems.push(...pins);
  let frozen: FrozenDoc | null = null;
  let unreadable = '';
  try {
    frozen = readFrozen(planned.frozenPath, planned.frozenShown);
  } catch (e) {
    unreadable = (e as Error).message;
  }
  const redact = [...(frozen?.redact ?? []), ...planned.redact];
  const fresh = freeze(result, { id: planned.run.id, redact, file: planned.file, runnableRoot });
  let diff = '';
  let toWrite: FrozenDoc | null = null;
  let wrote: RunReport['wrote'];
  const notes: string[] = [];
  if (!frozen) {
    problems.push(
      unreadable ||
        `no frozen result at ${planned.frozenShown}${o.ci ? ' (CI: never written here)' : ': run `npx hangtime verify --update` to write it'}`,
    );
    diff = createTwoFilesPatch(
      '/dev/null',
      `${planned.frozenShown} (fresh run)`,
      '',
      [...HEADER, renderCompared(fresh)].join('\n'),
      '',
      '',
      { context: 3 },
    );
    toWrite = fresh;
    wrote = 'written';
  } else {
    const c = compareRun(frozen, fresh, planned.frozenShown);
    if (c.unmeasured)
      notes.push(
        `autopsy: ${c.unmeasured} measurement${c.unmeasured > 1 ? 's' : ''} not taken this time (kept from the frozen result)`,
      );
    if (c.gained) {
      notes.push(
        `autopsy: ${c.gained} measurement${c.gained > 1 ? 's' : ''} taken now that the frozen result lacks${o.update ? ' (recorded)' : ' (--update records them)'}`,
      );
      if (c.pass && o.update && !o.ci)
        writeFrozen(planned.frozenPath, {
          ...c.patched,
          autopsy: fillUnmeasured(frozen.autopsy, fresh.autopsy).merged,
          recorded: fresh.recorded,
        });
    }
    if (!c.pass) {
      problems.push(...c.problems);
      diff = c.diff;
      toWrite = { ...c.patched, recorded: fresh.recorded };
      wrote = 'updated';
    }
  }
  // A run that missed its expectation or a pin is not the truth: --update never freezes it.
  const untrue = problems.filter((p) => p === expectation || pins.includes(p));
  if (o.update && !o.ci && toWrite && untrue.length > 0) {
    problems.push(
      `not written by --update: fix the failure above first (${planned.frozenShown} keeps its old content)`,
    );
  } else if (o.update && !o.ci && toWrite) {
    writeFrozen(planned.frozenPath, toWrite);
    // What --update fixes (frozen text) no longer fails.
    const remaining = untrue;
    return {
      planned,
      pass: remaining.length === 0,
      status,
      problems: remaining,
      diff: remaining.length ? diff : '',
      wrote,
      notes,
    };
  }
  return { planned, pass: problems.length === 0, status, problems, diff, notes };
}

export async function checkPlan(plan: Plan, o: CheckOptions): Promise<RunReport[]> {
  const reports: RunReport[] = [];
  const emit = (r: RunReport) => {
    reports.push(r);
    o.onReport?.(r);
  };
  const runnable: PlannedRun[] = [];
  for (const p of plan.runs) {
    const why = cannotExecute({ file: p.file, options: p.run.options });
    if (why) emit({ planned: p, pass: false, status: 'not run', problems: [`cannot run here: ${why}`], diff: '' });
    else runnable.push(p);
  }
  if (runnable.length === 0) return reports;
  const { runMany, inFlightRuns, formatStatus, checkExpectation } = await import('../runner/index.ts');
  const flying = new Map<number, InFlight>();
  const stop = o.heartbeat ? startHeartbeat(() => [...flying.values()], inFlightRuns, o.heartbeat) : () => {};
  try {
    await runMany(
      runnable.map((p) => ({ file: p.file, options: p.run.options })),
      {
        fresh: o.fresh ?? true,
        concurrency: o.concurrency,
        onStart: ({ index }) => {
          const p = runnable[index]!;
          flying.set(index, {
            file: p.file,
            shown: `${p.run.chapterFile}:${p.run.line} ${p.run.src}`,
            startedAt: Date.now(),
          });
        },
        onProgress: ({ index, result }) => {
          flying.delete(index);
          const expectation = checkExpectation(result);
          emit(
            checkOne(
              runnable[index]!,
              plan.runnable,
              result,
              o,
              formatStatus(result),
              expectation.pass ? null : expectation.message,
            ),
          );
        },
      },
    );
  } finally {
    stop();
  }
  return reports;
}
