// Shared by the containment tests: every process a test makes is tracked by identity, and each
// test file ends by proving that none of them is alive.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { identify, isAlive, type ProcessId } from '../../../../src/shared/process.ts';

export const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
export const fixture = (name: string) => new URL(`../../../fixtures/contain/${name}`, import.meta.url).pathname;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const isRoot = process.getuid?.() === 0;

const tracked: ProcessId[] = [];

/** Remembers a process (by pid and start time) so that survivors() can check it. */
export function track(pid: number | undefined): ProcessId | null {
  const id = pid ? identify(pid) : null;
  if (id) tracked.push(id);
  return id;
}

/**
 * The tracked processes still alive (same pid, same start time, not a zombie) once those that were
 * just sent SIGKILL have had up to `settleMs` to die (a dying process is not gone at once).
 */
export async function survivors(settleMs = 1000): Promise<number[]> {
  return waitGone(tracked, settleMs);
}

/** Kills what a failed test left (by identity), so that one failure does not leak processes. */
export function killSurvivors(): void {
  for (const id of tracked.filter(isAlive))
    try {
      process.kill(id.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
}

export async function waitGone(ids: ProcessId[], ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = ids.filter(isAlive);
  while (left.length && Date.now() < deadline) {
    await sleep(10);
    left = left.filter(isAlive);
  }
  return left.map((p) => p.pid);
}

/** The parent chain of a pid, nearest first. */
export function ancestors(pid: number): number[] {
  const out: number[] = [];
  for (let p = pid; p > 1 && out.length < 64;) {
    try {
      const s = readFileSync(`/proc/${p}/stat`, 'latin1');
      p = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
      out.push(p);
    } catch {
      break;
    }
  }
  return out;
}

export const cliBin = new URL('../../../../src/cli/bin.mjs', import.meta.url).pathname;
export const repoDir = new URL('../../../../', import.meta.url).pathname;

/** Environment for a hangtime without a launcher: no C compiler, and an empty launcher cache. */
export function noLauncherEnv(cacheDir: string): NodeJS.ProcessEnv {
  return { CC: '/nonexistent/cc', XDG_CACHE_HOME: cacheDir };
}

export interface KilledEngine {
  /** The run's record as the engine wrote it (root = the program, launcher or null). */
  entry: { runId: string; engine: ProcessId; launcher: ProcessId | null; root: ProcessId; tmpDirs: string[] };
  /** The temporary folders the engine had made under TMPDIR. */
  tmpDirs: string[];
}

/**
 * `hangtime run slow-exit.py` with TMPDIR=base (its registry and temp folders land there), SIGKILLed
 * once the snippet prints "running". Every process it had is tracked.
 */
export async function killEngineMidRun(base: string, env: NodeJS.ProcessEnv = {}): Promise<KilledEngine> {
  const { spawn } = await import('node:child_process');
  const { readdirSync } = await import('node:fs');
  const child = spawn(process.execPath, [cliBin, 'run', fixture('slow-exit.py')], {
    cwd: repoDir,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TMPDIR: base, ...env },
  });
  track(child.pid);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      if (out.includes('running')) resolve();
    });
    child.on('exit', () => reject(new Error(`the engine ended before its snippet ran: ${out}`)));
  });
  const live = join(base, `hangtime-${process.getuid?.() ?? 0}`, 'live');
  const names = readdirSync(live).filter((n) => n.endsWith('.json'));
  assert.equal(names.length, 1, `one run recorded in ${live}`);
  const entry = JSON.parse(readFileSync(join(live, names[0]!), 'utf8')) as KilledEngine['entry'];
  for (const id of [entry.root, entry.launcher]) if (id && isAlive(id)) tracked.push(id);
  const tmpDirs = readdirSync(base).filter((n) => /^hangtime-(run|fifos)-/.test(n));
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  return { entry, tmpDirs };
}
