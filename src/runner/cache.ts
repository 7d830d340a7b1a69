// Content-addressed cache of RunResults: a hit executes nothing and keeps the date and host
// of the run that made it. The key covers the snippet's bytes, the repository files it imports,
// the interpreters (path and version), the run's options and the schema version.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runSnippet, type RunEffects } from './engine.ts';
import { chooseTsRunner, languageOf } from './launch/argv.ts';
import { resolvePython } from './launch/python.ts';
import { repoRoot } from '../shared/paths.ts';
import { writeAtomic } from '../shared/fs.ts';
import { sleep } from '../shared/time.ts';
import { localImports } from './launch/imports.ts';
import { RunOptions, RunResult, SCHEMA_VERSION, type RunOptionsInput } from './result.ts';

export const defaultCacheDir = () => process.env.HANGTIME_CACHE_DIR ?? join(repoRoot, '.hangtime', 'cache');

export function cacheKey(file: string, input: RunOptionsInput): string {
  const abs = resolve(file);
  const options = RunOptions.parse(input);
  const language = languageOf(abs);
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
    return RunResult.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return null;
  }
}

/** A lock file per key, so a dev server and a verify running together run a snippet once. */
async function withLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch {
      const owner = Number(readFileSafe(lockPath));
      if (owner && !isAlive(owner)) {
        rmSync(lockPath, { force: true });
        continue;
      }
      await sleep(50);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

function readFileSafe(p: string): string {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const inFlight = new Map<string, Promise<{ result: RunResult; hit: boolean }>>();

export interface CacheOptions {
  cacheDir?: string;
  fresh?: boolean;
  effects?: RunEffects;
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
    return withLock(`${path}.lock`, async () => {
      if (!o.fresh) {
        const hit = readEntry(path);
        if (hit) return { result: hit, hit: true };
      }
      const result = await runSnippet(file, input, o.effects);
      if (result.outcome.killedBy !== 'interrupted') writeAtomic(path, JSON.stringify(result));
      return { result, hit: false };
    });
  })();
  inFlight.set(key, job);
  job.finally(() => inFlight.delete(key)).catch(() => {});
  return job.then((r) => ({ ...r, key }));
}
