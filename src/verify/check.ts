// Checking a plan: run every planned run through the engine, then for each one compare
// with its frozen result, check its expectation and the chapter's pins, and (with
// --update, never on CI) rewrite the frozen results that differ or are missing.
import { createTwoFilesPatch } from 'diff';
import { pinMatches } from '../collect/index.ts';
import type { RunResult } from '../runner/schema.ts';
import { checkExpectation, formatStatus } from '../explain/status.ts';
import { fillUnmeasured } from '../frozen/autopsy-core.ts';
import { compareRun } from './compare.ts';
import { freeze } from '../frozen/freeze.ts';
import { HEADER, renderCompared, type FrozenDoc } from '../frozen/document.ts';
import type { Plan, PlannedRun } from './plan.ts';
import { resolveRuns } from '../results/resolve.ts';
import { readFrozen, writeFrozen } from '../frozen/store.ts';

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
    if (!pinMatches(ref.pin, published.value)) {
      out.push(
        `${ref.chapterFile}:${ref.line}: <${ref.component} name="${ref.name}" pin={${JSON.stringify(ref.pin)}}>: ` +
          `this machine measured ${JSON.stringify(published.value)}, not the article's ${JSON.stringify(ref.pin)}`,
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
  const redact = frozen?.redact ?? [];
  const fresh = freeze(result, { id: planned.run.id, redact, file: planned.file, runnableRoot });
  let diff = '';
  let toWrite: FrozenDoc | null = null;
  let wrote: RunReport['wrote'];
  const notes: string[] = [];
  if (!frozen) {
    problems.push(
      unreadable ||
        `no frozen result at ${planned.frozenShown}` +
          (o.ci ? ' (CI: never written here)' : ': run `npx hangtime verify --update` to write it'),
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
        `autopsy: ${c.unmeasured} measurement${c.unmeasured > 1 ? 's' : ''} not taken this time ` +
          '(kept from the frozen result)',
      );
    if (c.gained) {
      notes.push(
        `autopsy: ${c.gained} measurement${c.gained > 1 ? 's' : ''} taken now that the frozen result lacks` +
          (o.update ? ' (recorded)' : ' (--update records them)'),
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
  await resolveRuns(
    plan.runs.map((p) => ({
      file: p.file,
      options: p.run.options,
      key: p.run.id,
      shown: `${p.run.chapterFile}:${p.run.line} ${p.run.src}`,
    })),
    {
      mode: (o.fresh ?? true) ? 'fresh' : 'auto',
      cannotRun: 'skip',
      concurrency: o.concurrency,
      heartbeat: o.heartbeat ?? false,
      onProgress: ({ index, resolved }) => {
        const planned = plan.runs[index]!;
        const report: RunReport = resolved.result
          ? checkRun(planned, plan.runnable, resolved.result, o)
          : { planned, pass: false, status: 'not run', problems: [`cannot run here: ${resolved.reason}`], diff: '' };
        if (!report.pass && resolved.source === 'cache')
          report.problems.push(
            'this result came from the cache (an earlier run): without --cached, verify runs it again',
          );
        reports.push(report);
        o.onReport?.(report);
      },
    },
  );
  return reports;
}

/** One run's report: its expectation, the chapter's pins, and the comparison with its frozen result. */
function checkRun(planned: PlannedRun, runnableRoot: string, result: RunResult, o: CheckOptions): RunReport {
  const expectation = checkExpectation(result);
  return checkOne(
    planned,
    runnableRoot,
    result,
    o,
    formatStatus(result),
    expectation.pass ? null : expectation.message,
  );
}
