// Executing every run every chapter declares, before any page renders: collect,
// run through the engine's cache, say how it went, check expectations and value
// references, then write the store. No Astro in here: the bench and tests call it.
import path from 'node:path';
import { chapterId, chaptersDir, collectChapters, snippetRoot } from '../collect/index.ts';
import { checkExpectation, formatStatus } from '../explain/status.ts';
import { runIdentity } from '../frozen/identity.ts';
import { agreementProblems, chapterValues } from '../results/agree.ts';
import { checkPredicts, type PredictRun } from '../results/predict.ts';
import { resolveRuns, type Resolved, type RunsMode } from '../results/resolve.ts';
import { storeFile, writeStore, type SiteStore, type StoredRun } from './store.ts';

export interface ExecuteOptions {
  root?: string;
  /** auto (cache, frozen where it cannot run) | frozen | fresh. @default HANGTIME_RUNS, else auto */
  mode?: RunsMode;
  /** Where progress lines go. @default console.log */
  log?: (line: string) => void;
  cacheDir?: string;
}

export interface ExecuteSummary {
  store: SiteStore;
  total: number;
  executed: number;
  hits: number;
  frozen: number;
  ms: number;
}

/** A build-stopping problem list: every missed expectation and dangling value at once. */
export class RunsFailedError extends Error {
  constructor(problems: string[]) {
    super(
      `${problems.length} problem${problems.length > 1 ? 's' : ''} in the chapters' runs:\n\n${problems.join('\n\n')}`,
    );
    this.name = 'RunsFailedError';
  }
}

/** Run everything, write the store, throw RunsFailedError when a chapter is not true. */
export async function executeChapters(options: ExecuteOptions = {}): Promise<ExecuteSummary> {
  const started = performance.now();
  const root = options.root ?? process.cwd();
  const log = options.log ?? ((line: string) => console.log(line));
  const snippets = snippetRoot(root);
  const chapters = collectChapters(chaptersDir(root), { snippetRoot: snippets, root });
  const jobs = chapters.flatMap((chapter) =>
    chapter.runs.map((run) => ({ chapter, run, file: path.join(snippets, run.src), options: run.options })),
  );
  const width = String(jobs.length).length;
  const words: Record<Resolved['source'], string> = {
    run: 'executed',
    cache: 'cache hit',
    frozen: 'frozen result',
    skipped: 'not run',
  };
  const results = await resolveRuns(
    jobs.map(({ file, options, run, chapter }) => ({
      file,
      options,
      key: run.id,
      shown: `${chapter.chapterFile}:${run.line} ${run.src}`,
      chapter: chapter.chapterFile,
    })),
    {
      mode: options.mode,
      cacheDir: options.cacheDir,
      onProgress: (event) => {
        const { chapter, run } = jobs[event.index];
        const status = event.resolved.result ? `${formatStatus(event.resolved.result)} ` : '';
        log(
          `[${String(event.done).padStart(width)}/${event.total}] ${run.src} ` +
            `(${chapterId(chapter.chapterFile).slice(0, 2)}:${run.line}) … ${status}(${words[event.resolved.source]})`,
        );
      },
    },
  );
  const problems: string[] = [];
  const store: SiteStore = { version: 1, writtenAt: new Date().toISOString(), chapters: {} };
  const byChapter = new Map<string, PredictRun[]>();
  jobs.forEach(({ chapter, run }, index) => {
    const id = chapterId(chapter.chapterFile);
    const stored = (store.chapters[id] ??= { file: chapter.chapterFile, runs: [], values: {} });
    const resolved = results[index]!;
    if (!resolved.result) throw new Error(`${run.src}: not run (${resolved.reason})`);
    const { result, source, reason } = resolved;
    const entry: StoredRun = {
      key: runIdentity(run.src, run.options, run.id),
      line: run.line,
      src: run.src,
      source,
      result,
    };
    if (reason) entry.reason = reason;
    if (run.id) entry.id = run.id;
    stored.runs.push(entry);
    byChapter.set(id, [...(byChapter.get(id) ?? []), { run, key: entry.key, result }]);
    const check = checkExpectation(result);
    if (!check.pass) {
      const again =
        source === 'cache'
          ? '\n(this result came from the cache, made by an earlier run: ' +
            '`HANGTIME_RUNS=fresh npm run build` runs it again)'
          : '';
      problems.push(`${chapter.chapterFile}:${run.line}: <Run src="${run.src}">\n${check.message}${again}`);
    }
  });
  for (const chapter of chapters) {
    const id = chapterId(chapter.chapterFile);
    const stored = (store.chapters[id] ??= { file: chapter.chapterFile, runs: [], values: {} });
    const runs = byChapter.get(id) ?? [];
    stored.values = chapterValues(runs);
    problems.push(...agreementProblems(chapter, runs));
    const predicts = checkPredicts(chapter, runs);
    problems.push(...predicts.problems);
    for (const note of predicts.notes) log(`note: ${note}`);
    for (const ref of chapter.values) {
      if (!(ref.name in stored.values)) {
        const known = Object.keys(stored.values);
        problems.push(
          `${ref.chapterFile}:${ref.line}: <${ref.component} ${ref.prop ?? 'name'}="${ref.name}"> ` +
            'names a value no run of this chapter publishes. ' +
            (known.length
              ? `Published here: ${known.join(', ')}.`
              : 'No run of this chapter publishes anything: call publish() in a snippet.'),
        );
      }
    }
  }
  writeStore(store, storeFile(root));
  if (problems.length) throw new RunsFailedError(problems);
  const count = (source: Resolved['source']) => results.filter((r) => r.source === source).length;
  return {
    store,
    total: jobs.length,
    executed: count('run'),
    hits: count('cache'),
    frozen: count('frozen'),
    ms: performance.now() - started,
  };
}
