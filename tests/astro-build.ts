// One `astro build` of the site in a child process, with the env that points it at content,
// snippets, a run mode and private output folders: the build tests' one way to build.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..');

/** Builds; returns the exit status, the output (stdout + stderr) and how long it took. */
export function astroBuild(env: Record<string, string>): { status: number | null; output: string; ms: number } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: result.status, output: result.stdout + result.stderr, ms: Date.now() - started };
}

/** The private folders of one build under `dir`: output, results store, Astro's cache. */
export function buildDirs(dir: string): Record<string, string> {
  return {
    HANGTIME_OUT_DIR: path.join(dir, 'dist'),
    HANGTIME_STATE_DIR: path.join(dir, 'state'),
    HANGTIME_ASTRO_CACHE_DIR: path.join(dir, 'astro'),
  };
}
