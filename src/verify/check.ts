// Checking a plan: run every planned run through the engine, then for each one compare
// with its frozen result, check its expectation, the chapter's pins and the facts its
// predictions give (predicts.ts), and (with --update, never on CI) rewrite the frozen results
// that differ or are missing.
import { createTwoFilesPatch } from 'diff';
import { pinMatches } from '../collect/index.ts';
import type { RunResult } from '../runner/schema.ts';
import { checkExpectation, formatStatus } from '../explain/status.ts';
import { conditionsOf } from '../explain/conditions.ts';
import { compareRun } from './compare.ts';
import { predictFacts } from './predicts.ts';
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
  // The chapter's claims about this run: the article's pins, and the facts of each <Predict> it answers.
  const predicted = predictFacts(planned, runnableRoot, result);
  const pins = [...pinProblems(planned, result), ...predicted.problems];
  problems.push(...pins);
  let frozen: FrozenDoc | null = null;
  let unreadable = '';
  try {
    frozen = readFrozen(planned.frozenPath, planned.frozenShown);
  } catch (e) {
    unreadable = (e as Error).message;
  }
  const fresh = freeze(result, { id: planned.run.id, redact: frozen?.redact ?? [], file: planned.file, runnableRoot });
  const notes: string[] = [...predicted.notes];
  const busy = quietNote(fresh);
  if (busy) notes.push(busy);
  // What --update would write: always one execution whole (this one), never parts of two.
  let toWrite: FrozenDoc | null = null;
  let diff = '';
  let wrote: RunReport['wrote'];
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
    notes.push(...c.notes);
    if (c.unmeasured)
      notes.push(
        `autopsy: ${c.unmeasured} measurement${c.unmeasured > 1 ? 's' : ''} not taken this time ` +
          '(kept in the compared autopsy)',
      );
    if (c.gained) {
      notes.push(
        `autopsy: ${c.gained} measurement${c.gained > 1 ? 's' : ''} taken now that the frozen result lacks` +
          (o.update ? ' (recorded)' : ' (--update records them)'),
      );
      if (c.pass) {
        toWrite = c.rewrite;
        wrote = 'updated';
      }
    }
    if (c.pass && quieter(frozen, fresh)) {
      // A quiet run supersedes a record whose quiet measurements were taken on a busy machine.
      notes.push(
        'quiet measurements frozen on a busy machine; ' +
          `this run was quiet${o.update ? ' (recorded)' : ' (--update records it)'}`,
      );
      toWrite = c.rewrite;
      wrote = 'updated';
    }
    if (!c.pass) {
      problems.push(...c.problems);
      diff = c.diff;
      toWrite = c.rewrite;
      wrote = 'updated';
    }
  }
  // A run that missed its expectation, a pin or a prediction's fact is not the truth: --update never freezes it.
  const untrue = problems.filter((p) => p === expectation || pins.includes(p));
  if (o.update && !o.ci && toWrite && untrue.length > 0) {
    problems.push(
      `not written by --update: fix the failure above first (${planned.frozenShown} keeps its old content)`,
    );
  } else if (o.update && !o.ci && toWrite) {
    writeFrozen(planned.frozenPath, toWrite);
    // What --update fixes (frozen text) no longer fails.
    return { planned, pass: true, status, problems: [], diff: '', wrote, notes };
  }
  return { planned, pass: problems.length === 0, status, problems, diff, notes };
}

/** Whether the fresh run measured quietly what the record measured on a busy (or unknown) machine. */
export function quieter(frozen: FrozenDoc, fresh: FrozenDoc): boolean {
  if (!fresh.values.some((v) => v.quiet)) return false;
  return conditionsOf(fresh.recorded.host).quiet === true && conditionsOf(frozen.recorded.host).quiet !== true;
}

/** A note when this run published quiet measurements on a busy machine: pages show a note in their place. */
function quietNote(doc: FrozenDoc): string | null {
  const quiet = doc.values.filter((v) => v.quiet).map((v) => v.name);
  const c = conditionsOf(doc.recorded.host);
  if (quiet.length === 0 || c.quiet === true) return null;
  return (
    `quiet measurement${quiet.length > 1 ? 's' : ''} ${quiet.join(', ')} taken at ${c.words}: ` +
    'a page built from this run shows a note in their place; run it again on a quiet machine'
  );
}

export async function checkPlan(plan: Plan, o: CheckOptions): Promise<RunReport[]> {
  const reports: RunReport[] = [];
  await resolveRuns(
    plan.runs.map((p) => ({
      file: p.file,
      options: p.run.options,
      key: p.run.id,
      shown: `${p.run.chapterFile}:${p.run.line} ${p.run.src}`,
      chapter: p.run.chapterFile,
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
