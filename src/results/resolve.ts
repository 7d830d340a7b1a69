// resolveRuns: the one door through which the build and verify get their RunResults.
//   auto   (default) run through the engine's cache; a run that cannot execute here (no python3
//          for a .py, no /proc to prove a hang) falls back to its frozen result
//   frozen spawn nothing at all: every result comes from its frozen file (no engine is loaded)
//   fresh  run everything again, ignoring the cache
// Mode comes from the caller or HANGTIME_RUNS. Progress events carry each job's index and, once
// its tree exists, the engine's run id, which is how the heartbeat finds what a job is doing.
import { existsSync } from 'node:fs';
import { delimiter, join, relative, resolve as resolvePath } from 'node:path';
import type { RunOptionsInput, RunResult } from '../runner/schema.ts';
import { frozenPathFor } from '../frozen/identity.ts';
// The engine's second public entry, containment alone: sweeping what a killed engine left must not
// load the engine (a frozen build never does; src/runner/index.ts re-exports the same function).
import { sweepOnce } from '../runner/contain/index.ts';
import { readFrozen } from '../frozen/store.ts';
import { thaw } from '../frozen/thaw.ts';
import { startHeartbeat, type InFlight } from './heartbeat.ts';

export const MODES = ['auto', 'frozen', 'fresh'] as const;
export type RunsMode = (typeof MODES)[number];

export interface ResolveJob {
  file: string;
  options: RunOptionsInput;
  /** The Run's id (it names the frozen file). */
  key?: string;
  /** How the heartbeat names the job, e.g. "content/chapters/01-….mdx:31 01-…/bob.py". */
  shown?: string;
  /** The chapter file that declares it (a stale record's error names the command for it). */
  chapter?: string;
}

export type Resolved =
  | { result: RunResult; source: 'cache' | 'run' | 'frozen'; reason?: string }
  /** Could not run here and, by the caller's choice, was not taken from its frozen result. */
  | { result: null; source: 'skipped'; reason: string };

export interface ResolveOptions {
  /** @default HANGTIME_RUNS, else 'auto' */
  mode?: RunsMode;
  /** What a job that cannot run here gets: its frozen result (the build), or skipped (verify). @default 'frozen' */
  cannotRun?: 'frozen' | 'skip';
  /** After each job; `index` is its position in the list given. */
  onProgress?: (e: { index: number; done: number; total: number; job: ResolveJob; resolved: Resolved }) => void;
  /** Where heartbeat messages go (runs in flight > 5 s); false for none. @default stderr */
  heartbeat?: false | ((text: string) => void);
  concurrency?: number;
  cacheDir?: string;
}

/** HANGTIME_RUNS, validated: an unknown value is an error that lists the valid ones. */
export function modeFromEnv(env: NodeJS.ProcessEnv = process.env): RunsMode {
  const value = env.HANGTIME_RUNS;
  if (value === undefined || value === '') return 'auto';
  if ((MODES as readonly string[]).includes(value)) return value as RunsMode;
  throw new Error(`HANGTIME_RUNS=${value} is not a mode. Valid modes are: ${MODES.join(', ')}.`);
}

const onPath = (name: string) => (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, name)));

/** Why this run cannot execute on this machine, or null when it can (checked without spawning). */
export function cannotExecute(job: Pick<ResolveJob, 'file' | 'options'>): string | null {
  if (job.file.endsWith('.py') && !onPath('python3')) return 'python3 is not on PATH';
  const expect = job.options.expect;
  if (expect?.kind === 'hang' && !(process.platform === 'linux' && existsSync('/proc/self/task'))) {
    return 'a hang can only be proved from /proc, on Linux';
  }
  return null;
}

/** The frozen result of a job as a RunResult; a missing one is an error naming the file to create. */
export function frozenResult(job: ResolveJob, why: string): RunResult {
  const path = frozenPathFor(resolvePath(job.file), job.options, job.key);
  const shownPath = relative(process.cwd(), path);
  const doc = readFrozen(path, shownPath);
  if (!doc) {
    throw new Error(
      `${relative(process.cwd(), path)}: no frozen result for ${job.file} (${why}). ` +
        'Run `npx hangtime verify --update` on a machine that can run it, and commit the file.',
    );
  }
  return thaw(doc, job.file, job.options, { shownPath, chapter: job.chapter });
}

export async function resolveRuns(jobs: ResolveJob[], o: ResolveOptions = {}): Promise<Resolved[]> {
  sweepOnce(); // in every mode, frozen included: a killed build's runs go before anything else
  const mode = o.mode ?? modeFromEnv();
  const out = new Array<Resolved>(jobs.length);
  let done = 0;
  const report = (i: number, resolved: Resolved) => {
    out[i] = resolved;
    o.onProgress?.({ index: i, done: ++done, total: jobs.length, job: jobs[i]!, resolved });
  };
  const toRun: number[] = [];
  jobs.forEach((job, i) => {
    const reason = mode === 'frozen' ? 'HANGTIME_RUNS=frozen' : cannotExecute(job);
    if (reason === null) toRun.push(i);
    else if (mode !== 'frozen' && o.cannotRun === 'skip') report(i, { result: null, source: 'skipped', reason });
    else report(i, { result: frozenResult(job, reason), source: 'frozen', reason });
  });
  if (toRun.length === 0) return out;

  // Imported here, not at the top: a frozen build never loads the engine.
  const { runMany, runsInFlight } = await import('../runner/index.ts');
  const flying = new Map<number, InFlight>();
  const write = o.heartbeat ?? ((t: string) => process.stderr.write(`${t}\n`));
  const stop = write === false ? () => {} : startHeartbeat(() => [...flying.values()], runsInFlight, write);
  try {
    await runMany(
      toRun.map((i) => ({ file: jobs[i]!.file, options: jobs[i]!.options })),
      {
        fresh: mode === 'fresh',
        concurrency: o.concurrency,
        cacheDir: o.cacheDir,
        onStart: ({ index }) => {
          const j = jobs[toRun[index]!]!;
          flying.set(index, { shown: j.shown ?? (j.key ? `${j.file} (${j.key})` : j.file), startedAt: Date.now() });
        },
        onSpawn: ({ index, runId }) => {
          const f = flying.get(index);
          if (f) f.runId = runId;
        },
        onProgress: ({ index, result, hit }) => {
          flying.delete(index);
          report(toRun[index]!, { result, source: hit ? 'cache' : 'run' });
        },
      },
    );
  } finally {
    stop();
  }
  return out;
}
