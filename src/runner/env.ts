// The world a snippet runs in: interpreters resolved once, the environment built by the
// engine (never the caller's), and what the result says about where it ran.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, release, platform, arch } from 'node:os';
import { dirname, delimiter, join } from 'node:path';
import type { Host, RunOptions } from './result.ts';

export interface Python {
  path: string;
  version: string;
  startMethod: string;
}

let python: Python | null | undefined;
/** The one python3 of this process: the first on PATH, resolved once, with version and start method. */
export function resolvePython(): Python | null {
  if (python !== undefined) return python;
  python = null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'python3');
    if (!dir || !existsSync(candidate)) continue;
    try {
      const out = execFileSync(
        candidate,
        [
          '-c',
          'import sys,multiprocessing as m;print(sys.executable);print(sys.version.split()[0]);print(m.get_start_method())',
        ],
        { encoding: 'utf8', timeout: 10_000, env: { PATH: process.env.PATH ?? '' } },
      );
      const [path, version, startMethod] = out.trim().split('\n');
      python = { path: path!, version: version!, startMethod: startMethod! };
    } catch {
      continue;
    }
    break;
  }
  return python;
}

/** tsx's loader, resolved from this package so a snippet never depends on its cwd. */
export const tsxLoader = new URL(import.meta.resolve('tsx')).href;

/** The root of this repository (where runnable/ and tests/ live). */
export const repoRoot = join(dirname(new URL(import.meta.url).pathname), '..', '..');

function kernelVersion(): string {
  try {
    return readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    return release();
  }
}

export function hostInfo(usesPython: boolean): Host {
  const py = usesPython ? resolvePython() : null;
  return {
    os: platform(),
    kernel: kernelVersion(),
    arch: arch(),
    cpus: cpus().length,
    node: process.version,
    python: py,
  };
}

/** Colour and Python buffering are the run's decisions, stated here on purpose. */
export function buildEnv(
  o: RunOptions,
  extra: { runId: string; publishFile: string; tmp: string },
  launch: Record<string, string>,
): Record<string, string> {
  const nodeDir = dirname(process.execPath);
  const env: Record<string, string> = {
    // The Node that runs the engine comes first, so a snippet's `node` is the pinned one.
    PATH: [
      nodeDir,
      ...(process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter).filter((d) => d !== nodeDir),
    ].join(delimiter),
    HOME: process.env.HOME ?? extra.tmp,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TZ: 'UTC',
    TMPDIR: extra.tmp,
    TERM: 'dumb',
    HANGTIME_RUN_ID: extra.runId,
    HANGTIME_PUBLISH: extra.publishFile,
    // Never write __pycache__ into runnable/ (it would change the next cache key's inputs).
    PYTHONDONTWRITEBYTECODE: '1',
  };
  if (o.color) env.FORCE_COLOR = '1';
  else env.NO_COLOR = '1';
  // Over a pipe Python block-buffers stdout, so a tree killed mid-hang would show nothing of
  // what it printed; a terminal line-buffers. 'unbuffered' shows what a terminal shows.
  if (o.pythonBuffering === 'unbuffered') env.PYTHONUNBUFFERED = '1';
  const merged = { ...env, ...launch, ...o.env };
  // A run's own PYTHONPATH goes after the engine's startup hook, not instead of it.
  if (launch.PYTHONPATH && o.env.PYTHONPATH) merged.PYTHONPATH = `${launch.PYTHONPATH}${delimiter}${o.env.PYTHONPATH}`;
  if (launch.NODE_OPTIONS && o.env.NODE_OPTIONS) merged.NODE_OPTIONS = `${launch.NODE_OPTIONS} ${o.env.NODE_OPTIONS}`;
  return merged;
}
