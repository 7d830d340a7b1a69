// Real process trees for the engine's parts tested without the engine (watch, terminate,
// housekeeping): each tree is started in a process group of its own, marked with a run id in its
// environment as the engine marks a run, so survivors() can prove afterwards that none of it lives on.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { nowTicks } from '../../../src/runner/watch/procfs.ts';
import { sleep } from '../../../src/shared/time.ts';
import { survivors } from './runner.ts';

export interface Tree {
  child: ChildProcess;
  /** The root: the leader of the tree's process group. */
  pid: number;
  /** The HANGTIME_RUN_ID every process of the tree inherits. */
  runId: string;
  /** The marker survivors() looks for. */
  marker: string;
  /** Clock ticks just before the tree started (what a LiveRun records). */
  sinceTicks: number;
}

/**
 * Starts argv as the root of a new process group, its environment marked with a fresh run id.
 * Python's output is unbuffered (as the engine's default), so a test can wait for a line.
 */
export function startTree(argv: string[], o: { stdio?: StdioOptions; env?: Record<string, string> } = {}): Tree {
  const runId = `test-${randomBytes(6).toString('hex')}`;
  const sinceTicks = nowTicks() - 1;
  const child = spawn(argv[0]!, argv.slice(1), {
    detached: true,
    stdio: o.stdio ?? 'ignore',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      PYTHONUNBUFFERED: '1',
      ...o.env,
      HANGTIME_RUN_ID: runId,
    },
  });
  if (!child.pid) throw new Error(`${argv[0]} did not start`);
  return { child, pid: child.pid, runId, marker: `HANGTIME_RUN_ID=${runId}`, sinceTicks };
}

type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>;

/** Polls `check` every 10 ms until it returns something truthy; fails naming `what` after `timeoutMs`. */
export async function until<T>(check: () => T, what: string, timeoutMs = 10_000): Promise<Truthy<T>> {
  for (const deadline = Date.now() + timeoutMs; ; await sleep(10)) {
    const value = check();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
  }
}

/**
 * SIGKILLs whatever of the tree is still alive (its group, then every process carrying its mark),
 * waits until the kernel has taken them, and returns the pids that outlived all that (none).
 */
export async function reap(tree: Tree): Promise<number[]> {
  try {
    process.kill(-tree.pid, 'SIGKILL');
  } catch {
    /* the group is gone */
  }
  for (const pid of survivors([tree.marker]))
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  for (let i = 0; i < 200 && survivors([tree.marker]).length > 0; i++) await sleep(10);
  return survivors([tree.marker]);
}
