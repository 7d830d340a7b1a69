// resolveRuns: the one door through which a build gets its RunResults.
//   auto   (default) run through the engine's cache; a run that cannot execute here
//          (no python3 for a .py, no /proc to prove a hang) falls back to its frozen result
//   frozen spawn nothing at all: every result comes from its frozen file
//   fresh  run everything again, ignoring the cache
// Mode comes from the caller or HANGTIME_RUNS. `key` is the Run's id (it names the frozen file).
import { existsSync } from 'node:fs';
import { delimiter, join, relative, resolve as resolvePath } from 'node:path';
import type { RunOptionsInput, RunResult } from '../runner/result.ts';
import { thaw } from './freeze.ts';
import { startHeartbeat, type InFlight } from './heartbeat.ts';
import { frozenPathFor } from './identity.ts';
import { readFrozen } from './store.ts';

export const MODES = ['auto', 'frozen', 'fresh'] as const;
export type RunsMode = (typeof MODES)[number];

export interface ResolveJob {
  file: string;
  options: RunOptionsInput;
  key?: string;
}

export interface Resolved {
  result: RunResult;
  source: 'cache' | 'run' | 'frozen';
  /** Why a run came from its frozen result in auto mode ("python3 is not on PATH"). */
  reason?: string;
}

export interface ResolveOptions {
  /** @default HANGTIME_RUNS, else 'auto' */
  mode?: RunsMode;
  /** After each run; `index` is the job's position in the list given. */
  onProgress?: (e: {
    index: number;
    done: number;
    total: number;
    file: string;
    source: Resolved['source'];
    result: RunResult;
  }) => void;
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
export function cannotExecute(job: ResolveJob): string | null {
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
  const doc = readFrozen(path, relative(process.cwd(), path));
  if (!doc) {
    throw new Error(
      `${relative(process.cwd(), path)}: no frozen result for ${job.file} (${why}). Run \`npx hangtime verify --update\` on a machine that can run it, and commit the file.`,
    );
  }
  return thaw(doc, job.file, job.options);
}

export async function resolveRuns(jobs: ResolveJob[], o: ResolveOptions = {}): Promise<Resolved[]> {
  const mode = o.mode ?? modeFromEnv();
  const out = new Array<Resolved>(jobs.length);
  let done = 0;
  const report = (i: number) =>
    o.onProgress?.({
      index: i,
      done: ++done,
      total: jobs.length,
      file: jobs[i]!.file,
      source: out[i]!.source,
      result: out[i]!.result,
    });
  const toRun: number[] = [];
  jobs.forEach((job, i) => {
    const reason = mode === 'frozen' ? 'HANGTIME_RUNS=frozen' : mode === 'auto' ? cannotExecute(job) : null;
    if (reason === null) {
      toRun.push(i);
      return;
    }
    out[i] = { result: frozenResult(job, reason), source: 'frozen', reason };
    report(i);
  });
  if (toRun.length === 0) return out;

  // Imported here, not at the top: a frozen build never loads the runner.
  const { runMany, inFlightRuns } = await import('../runner/index.ts');
  const flying = new Map<number, InFlight>();
  const stop =
    o.heartbeat === false
      ? () => {}
      : startHeartbeat(
          () => [...flying.values()],
          inFlightRuns,
          o.heartbeat ?? ((t) => process.stderr.write(`${t}\n`)),
        );
  try {
    const results = await runMany(
      toRun.map((i) => ({ file: jobs[i]!.file, options: jobs[i]!.options })),
      {
        fresh: mode === 'fresh',
        concurrency: o.concurrency,
        cacheDir: o.cacheDir,
        onStart: ({ index }) => {
          const j = jobs[toRun[index]!]!;
          flying.set(index, { file: j.file, shown: j.key ? `${j.file} (${j.key})` : j.file, startedAt: Date.now() });
        },
        onProgress: ({ index, result, hit }) => {
          flying.delete(index);
          out[toRun[index]!] = { result, source: hit ? 'cache' : 'run' };
          report(toRun[index]!);
        },
      },
    );
    results.forEach((r, k) => {
      out[toRun[k]!] ??= { result: r.result, source: r.hit ? 'cache' : 'run' };
    });
  } finally {
    stop();
  }
  return out;
}
