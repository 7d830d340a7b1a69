// What verify will check: every run the chapters declare (collected from the MDX by
// src/collect, the one source of truth), its frozen file, its shard; and the frozen
// files no chapter uses any more.
import { existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import {
  chapterMatches,
  chaptersDir,
  collectChapters,
  snippetRoot,
  type CollectedChapter,
  type CollectedRun,
} from '../collect/index.ts';
import { frozenPathFor, runIdentity, shardOf } from '../frozen/identity.ts';
import { listFrozen } from '../frozen/store.ts';

export interface PlannedRun {
  chapter: CollectedChapter;
  run: CollectedRun;
  /** Absolute snippet path. */
  file: string;
  frozenPath: string;
  /** Frozen path as printed (relative to the root). */
  frozenShown: string;
  identity: string;
}

export interface Plan {
  root: string;
  runnable: string;
  chapters: CollectedChapter[];
  /** Runs selected (chapter filter, then shard). */
  runs: PlannedRun[];
  /** How many runs the chapter filter selected, before sharding. */
  selected: number;
  /** Every run of every chapter (for orphan detection). */
  all: PlannedRun[];
  /** Frozen files (relative to root) that no run of any chapter maps to. */
  unused: string[];
}

export interface PlanOptions {
  root: string;
  /** Chapter selectors: a file path, a file name, or a prefix such as "01" or "03-the". */
  select?: string[];
  shard?: { index: number; count: number };
}

const selects = (chapter: CollectedChapter, selector: string, root: string) =>
  chapterMatches(resolve(root, chapter.chapterFile), selector, root);

export function makePlan(o: PlanOptions): Plan {
  const root = resolve(o.root);
  const runnable = snippetRoot(root);
  const dir = chaptersDir(root);
  if (!existsSync(dir))
    throw new Error(
      `${relative(process.cwd(), dir) || dir}: no chapters folder here. ` +
        'Give --root DIR where DIR/content/chapters holds the chapters.',
    );
  const chapters = collectChapters(dir, { snippetRoot: runnable, root });
  for (const selector of o.select ?? []) {
    if (!chapters.some((c) => selects(c, selector, root))) {
      throw new Error(
        `no chapter matches "${selector}". ` +
          `Chapters are: ${chapters.map((c) => basename(c.chapterFile)).join(', ') || 'none'}.`,
      );
    }
  }
  const all: PlannedRun[] = chapters.flatMap((chapter) =>
    chapter.runs.map((run) => {
      const file = join(runnable, run.src);
      const frozenPath = frozenPathFor(file, run.options, run.id);
      return {
        chapter,
        run,
        file,
        frozenPath,
        frozenShown: relative(root, frozenPath),
        identity: runIdentity(run.src, run.options, run.id),
      };
    }),
  );
  const seen = new Map<string, PlannedRun>();
  for (const p of all) {
    const twin = seen.get(p.frozenPath);
    if (twin && JSON.stringify(twin.run.options) !== JSON.stringify(p.run.options)) {
      throw new Error(
        `${p.run.chapterFile}:${p.run.line}: this run and ${twin.run.chapterFile}:${twin.run.line} ` +
          `would share ${p.frozenShown} with different options. Give one of them another id.`,
      );
    }
    seen.set(p.frozenPath, p);
  }
  const selected = all.filter((p) => !o.select?.length || o.select.some((s) => selects(p.chapter, s, root)));
  const runs = o.shard ? selected.filter((p) => shardOf(p.identity, o.shard!.count) === o.shard!.index) : selected;
  const used = new Set(all.map((p) => p.frozenPath));
  const unused = listFrozen(runnable)
    .filter((f) => !used.has(f))
    .map((f) => relative(root, f));
  return { root, runnable, chapters, runs, selected: selected.length, all, unused };
}
