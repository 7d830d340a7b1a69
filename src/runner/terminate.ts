// Killing a run's whole tree, and making sure nothing of a run outlives the engine.
// Two steps (SIGTERM to the group, SIGKILL after a grace), then every process that left
// the group (setsid, double fork), found by HANGTIME_RUN_ID. Live runs are registered in a
// file per engine process so that, if the engine itself is SIGKILLed, the next start sweeps them.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findByRunId, findTree, hasProc, listProcesses, type ProcStat } from './watch/procfs.ts';

export interface LiveRun {
  runId: string;
  rootPid: number;
  sinceTicks: number;
}

const registryDir = join(tmpdir(), `hangtime-live-${process.getuid?.() ?? 0}`);
const live = new Map<string, LiveRun>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function signalPid(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** Every pid that belongs to the run right now: its group/session, its descendants, and escapees. */
export function runPids(run: LiveRun, all?: ProcStat[]): number[] {
  if (!hasProc) return [];
  all ??= listProcesses(); // one scan of /proc serves both searches
  const pids = new Set(
    findTree(run.rootPid, all)
      .filter((p) => p.state !== 'Z')
      .map((p) => p.pid),
  );
  for (const pid of findByRunId(run.runId, run.sinceTicks, all)) pids.add(pid);
  pids.delete(process.pid);
  return [...pids];
}

/**
 * Kills the whole tree: SIGTERM, a grace, then SIGKILL to whatever is left. Returns how many
 * processes it found. `freeze` (for a proven hang) first stops every process, then kills them:
 * otherwise a parent woken by its child's death could print lines the hang never let it print.
 */
export async function killTree(run: LiveRun, graceMs = 100, freeze = false): Promise<number> {
  const first = runPids(run);
  if (freeze) {
    signalPid(-run.rootPid, 'SIGSTOP');
    for (const pid of first) signalPid(pid, 'SIGSTOP');
    killTreeNow(run);
    for (let i = 0; i < 50 && runPids(run).length > 0; i++) {
      await sleep(10);
      killTreeNow(run);
    }
    return first.length;
  }
  signalPid(-run.rootPid, 'SIGTERM');
  for (const pid of first) signalPid(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  let left = first;
  while (Date.now() < deadline) {
    await sleep(10);
    left = runPids(run);
    if (left.length === 0) break;
  }
  killTreeNow(run);
  for (let i = 0; i < 50 && runPids(run).length > 0; i++) {
    await sleep(10);
    killTreeNow(run);
  }
  return first.length;
}

/** SIGKILL, synchronously: for signal handlers and exit paths. */
export function killTreeNow(run: LiveRun): void {
  signalPid(-run.rootPid, 'SIGKILL');
  for (const pid of runPids(run)) {
    signalPid(-pid, 'SIGKILL');
    signalPid(pid, 'SIGKILL');
  }
}

function registryFile(runId: string): string {
  return join(registryDir, `${process.pid}.${runId}.json`);
}

export function registerRun(run: LiveRun): void {
  live.set(run.runId, run);
  installSignalHandlers();
  try {
    mkdirSync(registryDir, { recursive: true });
    const tmp = registryFile(run.runId) + '.tmp';
    writeFileSync(tmp, JSON.stringify(run));
    renameSync(tmp, registryFile(run.runId));
  } catch {
    /* the sweep is best effort; killing in-process still works */
  }
}

export function unregisterRun(runId: string): void {
  live.delete(runId);
  rmSync(registryFile(runId), { force: true });
  if (live.size === 0) removeSignalHandlers();
}

export function liveRuns(): LiveRun[] {
  return [...live.values()];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let swept = false;
/** Kills what a previous engine process (SIGKILLed before it could clean up) left running. */
export function sweepOrphanedRuns(): number {
  if (swept) return 0;
  swept = true;
  let entries: string[];
  try {
    entries = readdirSync(registryDir);
  } catch {
    return 0;
  }
  let killed = 0;
  for (const name of entries) {
    const owner = Number(name.split('.')[0]);
    if (owner === process.pid || isAlive(owner)) continue;
    const path = join(registryDir, name);
    try {
      const run = JSON.parse(readFileSync(path, 'utf8')) as LiveRun;
      const pids = runPids(run);
      killed += pids.length;
      killTreeNow(run);
    } catch {
      /* half-written entry: nothing to kill */
    }
    rmSync(path, { force: true });
  }
  return killed;
}

const handled: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

function onSignal(sig: NodeJS.Signals): void {
  for (const run of live.values()) {
    killTreeNow(run);
    rmSync(registryFile(run.runId), { force: true });
  }
  live.clear();
  removeSignalHandlers();
  // Let the signal do what it would have done without us (usually: end the process).
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const s of handled) process.on(s, onSignal);
  process.on('exit', onExit);
}

function removeSignalHandlers(): void {
  if (!installed) return;
  installed = false;
  for (const s of handled) process.off(s, onSignal);
  process.off('exit', onExit);
}

function onExit(): void {
  for (const run of live.values()) {
    killTreeNow(run);
    rmSync(registryFile(run.runId), { force: true });
  }
}
