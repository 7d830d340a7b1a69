// The world a snippet runs in: the environment built by the engine (never the caller's), and
// what the result says about where it ran.
import { readFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release } from 'node:os';
import { delimiter, dirname } from 'node:path';
import { privateCacheDir } from '../../shared/cache-dir.ts';
import { resolvePython } from './python.ts';
import type { Host, RunOptions } from '../result.ts';

let nodeCache: string | null | undefined;
/** The private folder a run's Node processes keep compiled code in (preload/node.cjs); null when none can be made. */
export function nodeCompileCache(): string | null {
  return nodeCache === undefined ? (nodeCache = privateCacheDir('node-compile-cache')) : nodeCache;
}

/** tsx's loader, resolved from this package so a snippet never depends on its cwd. */
export const tsxLoader = new URL(import.meta.resolve('tsx')).href;

function kernelVersion(): string {
  try {
    return readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    return release();
  }
}

/** The load average now, rounded to hundredths (1, 5, 15 minutes). */
export function loadNow(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = loadavg().map((l) => Math.round(l * 100) / 100);
  return [a, b, c];
}

/** Where the run ran; `load` is the load average taken when it started (before its own work). */
export function hostInfo(usesPython: boolean, load: [number, number, number] = loadNow()): Host {
  const py = usesPython ? resolvePython() : null;
  return {
    os: platform(),
    kernel: kernelVersion(),
    arch: arch(),
    cpus: cpus().length,
    load,
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
  // The engine's own variables are not the run's to change: the run id finds processes that left
  // the tree, the publish file and the stacks folder are where the engine reads.
  for (const [k, v] of Object.entries({ ...env, ...launch })) if (k.startsWith('HANGTIME_')) merged[k] = v;
  return merged;
}
