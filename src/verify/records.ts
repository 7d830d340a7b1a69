// The frozen records checked without running anything (`hangtime lint`, part of `npm test`):
// every record a chapter needs exists, is current (this FROZEN_FORMAT, this engine's
// SCHEMA_VERSION: src/frozen/current.ts), shows one run's numbers (src/results/agree.ts) and shows
// the facts each <Predict> gives for its right choice (src/results/predict.ts).
// `hangtime verify` checks the same records against fresh runs; this is the fast half.
import { relative } from 'node:path';
import { staleProblem } from '../frozen/current.ts';
import type { FrozenDoc } from '../frozen/document.ts';
import { runIdentity } from '../frozen/identity.ts';
import { listFrozen, readFrozen } from '../frozen/store.ts';
import { thaw } from '../frozen/thaw.ts';
import { agreementProblems } from '../results/agree.ts';
import { checkPredicts, type PredictRun } from '../results/predict.ts';
import { refreezeCommand } from '../frozen/current.ts';
import { makePlan } from './plan.ts';

export interface RecordsReport {
  /** Records read (every frozen file under the snippet root). */
  records: number;
  problems: string[];
}

/** Checks the frozen records of the chapters under `root` (content/chapters and runnable/). */
export function checkRecords(root: string): RecordsReport {
  const plan = makePlan({ root });
  const problems: string[] = [];
  const docs = new Map<string, FrozenDoc>();
  const chapterOf = new Map(plan.all.map((p) => [p.frozenPath, p.chapter.chapterFile]));
  const files = listFrozen(plan.runnable);
  for (const file of files) {
    const shown = relative(plan.root, file);
    try {
      const doc = readFrozen(file, shown)!;
      const stale = staleProblem(doc, shown, chapterOf.get(file));
      if (stale) problems.push(stale);
      else docs.set(file, doc);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  for (const chapter of plan.chapters) {
    const runs: PredictRun[] = [];
    for (const p of plan.all.filter((x) => x.chapter === chapter)) {
      const doc = docs.get(p.frozenPath);
      if (!doc) {
        if (!files.includes(p.frozenPath))
          problems.push(
            `${p.run.chapterFile}:${p.run.line}: <Run src="${p.run.src}"> ` +
              `has no frozen result (${p.frozenShown}): write it with \`${refreezeCommand(p.run.chapterFile)}\``,
          );
        continue;
      }
      const result = thaw(doc, p.file, p.run.options, { shownPath: p.frozenShown });
      runs.push({ run: p.run, key: runIdentity(p.run.src, p.run.options, p.run.id), result });
    }
    problems.push(...agreementProblems(chapter, runs));
    problems.push(...checkPredicts(chapter, runs).problems);
  }
  return { records: files.length, problems };
}
