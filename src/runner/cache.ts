// Content-addressed cache of RunResults: a hit executes nothing and keeps the date and host
// of the run that made it. The key covers the snippet's bytes, the repository files it imports,
// the interpreters (path and version), the run's options and the schema version.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runSnippet, type RunEffects } from './engine.ts';
import { chooseTsRunner } from './launch/argv.ts';
import { checkSnippet } from './launch/snippet.ts';
import { resolvePython } from './launch/python.ts';
import { repoRoot } from '../shared/paths.ts';
import { writeAtomic } from '../shared/fs.ts';
import { describeHolder, withLock, type WaitReport } from '../shared/lock.ts';
import { localImports } from './launch/imports.ts';
import { RunOptions, RunResult, SCHEMA_VERSION, type RunOptionsInput } from './result.ts';

export const defaultCacheDir = () => process.env.HANGTIME_CACHE_DIR ?? join(repoRoot, '.hangtime', 'cache');

export function cacheKey(file: string, input: RunOptionsInput): string {
  // The door first: a file that is missing, a folder or unreadable is a UsageError, not a key.
  const { abs, language } = checkSnippet(file);
  const options = RunOptions.parse(input);
  const libDir = join(repoRoot, 'runnable', 'lib');
  const files = localImports(abs, [libDir]).map((f) => [relative(repoRoot, f), sha256(readFileSync(f))]);
  const py = language === 'py' ? resolvePython() : null;
  const interpreter =
    language === 'py'
      ? { python: py?.path, version: py?.version, startMethod: py?.startMethod }
      : { node: process.execPath, version: process.version, runner: chooseTsRunner(abs, options.tsRunner) };
  return sha256(JSON.stringify({ schema: SCHEMA_VERSION, engine: engineHash(), files, interpreter, options }));
}

/**
 * The folders whose code produces a run's facts: the engine, and the helpers it uses. Nothing that
 * only explains a run (src/explain, the components, verify) is here, so changing a word of a
 * diagnosis or a pixel of a drawing re-executes no run.
 */
export const FACT_SOURCES = ['src/runner', 'src/shared'];

let engineDigest: string | undefined;
/** The engine's own code (FACT_SOURCES): a changed engine must not serve old results. */
export function engineHash(): string {
  if (engineDigest) return engineDigest;
  const h = createHash('sha256');
  for (const source of FACT_SOURCES) {
    const dir = join(repoRoot, source);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|mjs|cjs|py|c)$/.test(f))
      .sort();
    for (const f of files) h.update(`${source}/${f}`).update(readFileSync(join(dir, f)));
  }
  engineDigest = h.digest('hex');
  return engineDigest;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function readEntry(path: string): RunResult | null {
  if (!existsSync(path)) return null;
  try {
    const r = RunResult.parse(JSON.parse(readFileSync(path, 'utf8')));
    return cacheable(r) ? r : null;
  } catch {
    return null;
  }
}

/**
 * Only what the snippet itself decides is kept: an outcome that depends on this moment or this
 * machine's load (killed by a signal it did not expect, a timeout, a cap, an interruption, a broken
 * containment, a failed autopsy) would be replayed as the truth by every later build.
 */
export function cacheable(r: RunResult): boolean {
  const o = r.outcome;
  if (o.killedBy && o.killedBy !== 'hang' && o.killedBy !== 'leftovers') return false;
  if (o.kind === 'timeout' || o.containment?.held === false) return false;
  const expected = r.options.expect;
  if (o.kind === 'signal' && !(expected.kind === 'signal' && expected.name === o.signal)) return false;
  if (r.autopsy?.status === 'failed') return false;
  return true;
}

/** How long to wait for another engine running the same snippet: its own time budget, and more. */
const lockTimeoutMs = (input: RunOptionsInput) => RunOptions.parse(input).timeoutMs + 60_000;

const inFlight = new Map<string, Promise<{ result: RunResult; hit: boolean }>>();

export interface CacheOptions {
  cacheDir?: string;
  fresh?: boolean;
  effects?: RunEffects;
  /** Hears who holds a key's lock while this run waits for it. @default a line on stderr every 3 s */
  onLockWait?: (report: WaitReport) => void;
  /** Give up waiting for a key's lock after this long. @default the run's timeout + 60 s */
  lockTimeoutMs?: number;
}

function sayWait(file: string): (w: WaitReport) => void {
  return (w) => {
    const who =
      w.state.kind === 'held' ? describeHolder(w.state.holder) : `an ${w.state.why} lock file (taken over soon)`;
    process.stderr.write(
      `hangtime: ${relative(process.cwd(), file)}: ` +
        `waiting ${Math.round(w.waitedMs / 1000)} s for ${w.path}, held by ${who}\n`,
    );
  };
}

export function runCached(
  file: string,
  input: RunOptionsInput = {},
  o: CacheOptions = {},
): Promise<{ result: RunResult; hit: boolean; key: string }> {
  const key = cacheKey(file, input);
  const dir = o.cacheDir ?? defaultCacheDir();
  const existing = inFlight.get(key);
  if (existing && !o.fresh) return existing.then((r) => ({ ...r, key }));
  const job = (async () => {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${key}.json`);
    if (!o.fresh) {
      const hit = readEntry(path);
      if (hit) return { result: hit, hit: true };
    }
    return withLock(
      `${path}.lock`,
      async () => {
        if (!o.fresh) {
          const hit = readEntry(path);
          if (hit) return { result: hit, hit: true };
        }
        const result = await runSnippet(file, input, o.effects);
        if (cacheable(result)) writeAtomic(path, JSON.stringify(result));
        return { result, hit: false };
      },
      {
        command: `hangtime: running ${relative(repoRoot, resolve(file))}`,
        timeoutMs: o.lockTimeoutMs ?? lockTimeoutMs(input),
        onWait: o.onLockWait ?? sayWait(file),
      },
    );
  })();
  inFlight.set(key, job);
  job.finally(() => inFlight.delete(key)).catch(() => {});
  return job.then((r) => ({ ...r, key }));
}
