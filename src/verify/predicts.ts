// verify and <Predict>: a fresh run must still show the facts each prediction that reveals it
// gives for its right choice (src/results/predict.ts), as it must still match the article's pins;
// a `quiet` prediction on a busy machine is left undecided, with a note.
// A comparison with a value of another run of the chapter reads that run's frozen record: verify
// checks that record against its own fresh run.
import { join } from 'node:path';
import type { FrozenValue } from '../frozen/document.ts';
import { frozenPathFor } from '../frozen/identity.ts';
import { readFrozen } from '../frozen/store.ts';
import { predictReport, type FactResult } from '../results/predict.ts';
import type { PlannedRun } from './plan.ts';

/** The published values of the chapter's other runs, from their frozen records, by name. */
function otherRecords(planned: PlannedRun, runnableRoot: string): Map<string, FrozenValue & { src: string }> {
  const out = new Map<string, FrozenValue & { src: string }>();
  for (const run of planned.chapter.runs) {
    if (run === planned.run) continue;
    const path = frozenPathFor(join(runnableRoot, run.src), run.options, run.id);
    try {
      for (const value of readFrozen(path)?.values ?? [])
        if (!out.has(value.name)) out.set(value.name, { ...value, src: run.src });
    } catch {
      // An unreadable record fails its own run's check; a fact that needs it says it found nothing.
    }
  }
  return out;
}

/**
 * Every <Predict> that reveals this run, judged on its fresh result: a problem per prediction whose
 * facts it does not show, a note per `quiet` one it leaves undecided (a busy machine).
 */
export function predictFacts(
  planned: PlannedRun,
  runnableRoot: string,
  result: FactResult,
): { problems: string[]; notes: string[] } {
  const predicts = planned.chapter.predicts.filter((p) => planned.run.id !== undefined && p.run === planned.run.id);
  let others: Map<string, FrozenValue & { src: string }> | undefined;
  const chapter = (name: string) => (others ??= otherRecords(planned, runnableRoot)).get(name);
  const out = { problems: [] as string[], notes: [] as string[] };
  for (const predict of predicts) {
    const { problem, note } = predictReport(predict, result, chapter);
    if (problem) out.problems.push(problem);
    if (note) out.notes.push(note);
  }
  return out;
}
