// A run's process tree: which processes are the run's, and how to end them all. Two ways to hold it:
// - below a launcher (contain/): the program runs under a child subreaper that every descendant
//   stays under, whatever it does (setsid, double fork, an empty environment); the launcher signals
//   them with pidfds when asked (term, stop, kill), and kills them all when its lifeline closes.
// - by process group (the fallback where no launcher could be built or started; the RunResult
//   says so): the program leads its own group and session; what leaves them is found by the
//   HANGTIME_RUN_ID in its environment. A descendant that leaves both escapes.
// Every signal from here goes to a process by identity (pid + start time), never to a bare pid.
// Live runs are recorded in the per-user registry (contain/registry.ts) so that, if this engine is
// SIGKILLed, the next start of any hangtime sweeps what the launcher's lifeline did not already end.
import type { ContainedChild, TreeEnd } from './contain/spawn.ts';
import { registerRun as recordRun } from './contain/registry.ts';
import { signalIfSame, type ProcessId } from '../shared/process.ts';
import { sleep, withDeadline } from '../shared/time.ts';
import { descendants, findByRunId, hasProc, listProcesses, type ProcStat } from './watch/procfs.ts';

export interface RunTree {
  runId: string;
  /** The program's own process (startTicks -1: it was gone before it could be identified). */
  program: ProcessId;
  /** The launcher holding the tree, or null: held by process group only. */
  contained: ContainedChild | null;
  launcher: ProcessId | null;
  /** Where the tree is walked from: the launcher, or (by process group) the program. */
  rootPid: number;
  /** Clock ticks since boot just before the run started: every process of it started after. */
  sinceTicks: number;
}

/** The launcher is still there to ask (not exited, not killed). */
export function launcherHolds(tree: RunTree): tree is RunTree & { contained: ContainedChild } {
  const l = tree.contained?.launcher;
  return !!l && l.exitCode === null && l.signalCode === null;
}

/**
 * The run's processes right now (never the launcher, never this engine), from one scan of /proc.
 * Below a live launcher: its descendants. Otherwise (process group, or a launcher that is gone):
 * the program and its descendants, the members of its group and session (a pid cannot be handed
 * to a new process while it names a live group or session), and the processes carrying the run id.
 */
export function runProcesses(tree: RunTree, all?: ProcStat[]): ProcStat[] {
  if (!hasProc) return [];
  all ??= listProcesses();
  const live = (p: ProcStat) => p.state !== 'Z' && p.state !== 'X' && p.pid !== process.pid;
  if (launcherHolds(tree) && tree.launcher) {
    const { pid, startTicks } = tree.launcher;
    const root = all.find((p) => p.pid === pid && p.startTicks === startTicks);
    return root ? descendants([root], all).filter((p) => p.pid !== pid && live(p)) : [];
  }
  const { pid, startTicks } = tree.program;
  // A process holding the program's pid with another start time is a stranger that got the
  // number after the program and its group were gone: then nothing is matched by that number.
  const reused = all.some((p) => p.pid === pid && p.startTicks !== startTicks);
  const roots = reused
    ? []
    : all.filter((p) => (p.pid === pid || p.pgrp === pid || p.session === pid) && p.startTicks >= tree.sinceTicks);
  const found = new Map(descendants(roots, all).map((p) => [p.pid, p]));
  const marked = new Set(findByRunId(tree.runId, tree.sinceTicks, all));
  for (const p of all) if (marked.has(p.pid)) found.set(p.pid, p);
  return [...found.values()].filter(live);
}

/** The pids of runProcesses (for the autopsy and the leftover count). */
export function runPids(tree: RunTree, all?: ProcStat[]): number[] {
  return runProcesses(tree, all).map((p) => p.pid);
}

function signalAll(procs: ProcStat[], signal: NodeJS.Signals): number {
  let sent = 0;
  for (const p of procs) if (signalIfSame({ pid: p.pid, startTicks: p.startTicks }, signal)) sent++;
  return sent;
}

/** SIGKILL until nothing of the run is found (a fork may race one pass), for at most ~0.5 s. */
async function killFound(tree: RunTree): Promise<void> {
  signalAll(runProcesses(tree), 'SIGKILL');
  for (let i = 0; i < 50; i++) {
    const left = runProcesses(tree);
    if (left.length === 0) return;
    await sleep(10);
    signalAll(left, 'SIGKILL');
  }
}

/**
 * Ends the whole tree; returns how many processes were found at the start. Not frozen: SIGTERM,
 * up to `graceMs` to end, then SIGKILL to what is left. `freeze` (a proven hang): every process is
 * stopped first, then killed, so that a parent woken by its child's death cannot print lines the
 * hang never let it print.
 */
export async function killTree(tree: RunTree, graceMs = 100, freeze = false): Promise<number> {
  if (launcherHolds(tree)) {
    const c = tree.contained;
    if (freeze) {
      await c.stop();
      return c.kill();
    }
    const termed = await c.term();
    await withDeadline(c.ended, graceMs, () => null);
    const killed = await c.kill();
    return Math.max(termed, killed);
  }
  const first = runProcesses(tree);
  if (freeze) signalAll(first, 'SIGSTOP');
  else {
    signalAll(first, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && runProcesses(tree).length > 0) await sleep(10);
  }
  await killFound(tree);
  return first.length;
}

/**
 * Whether the containment held to the end: true when the launcher saw nothing left below it (by
 * process group there is nothing more to know). Otherwise the launcher died first (the program
 * killed it, say): what is still found by group and run id is killed, and the reason says so.
 */
export async function settleTree(tree: RunTree, limitMs = 6000): Promise<{ held: boolean; reason: string | null }> {
  if (!tree.contained) return { held: true, reason: null };
  const end: TreeEnd | null = await withDeadline(tree.contained.ended, limitMs, () => null);
  if (end?.empty) return { held: true, reason: null };
  tree.contained.close();
  await killFound(tree);
  const how = end ? (end.launcher.signal ?? `exit ${end.launcher.code}`) : 'no answer';
  return {
    held: false,
    reason: end
      ? `its launcher ended (${how}) before its tree did: ` +
        "a process that left the program's group and run id could have escaped"
      : `its launcher did not report its tree empty within ${limitMs / 1000} s`,
  };
}

/** SIGKILL to every process of the run, synchronously (signal handlers, exit), then the lifeline closes. */
export function killTreeNow(tree: RunTree): void {
  signalAll(runProcesses(tree), 'SIGKILL');
  tree.contained?.close();
}

const live = new Map<string, { tree: RunTree; forget: () => void }>();

/** Records a started run: in this process (for signals and exit) and in the per-user registry. */
export function registerRun(tree: RunTree, tmpDirs: string[]): void {
  const forget = recordRun({ runId: tree.runId, launcher: tree.launcher, root: tree.program, tmpDirs });
  live.set(tree.runId, { tree, forget });
  installSignalHandlers();
}

export function unregisterRun(runId: string): void {
  live.get(runId)?.forget();
  live.delete(runId);
  if (live.size === 0) removeSignalHandlers();
}

export function liveRuns(): RunTree[] {
  return [...live.values()].map((l) => l.tree);
}

const handled: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

function killAllNow(): void {
  for (const { tree, forget } of live.values()) {
    killTreeNow(tree);
    forget();
  }
  live.clear();
}

function onSignal(sig: NodeJS.Signals): void {
  killAllNow();
  removeSignalHandlers();
  // Let the signal do what it would have done without us (usually: end the process).
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const s of handled) process.on(s, onSignal);
  process.on('exit', killAllNow);
}

function removeSignalHandlers(): void {
  if (!installed) return;
  installed = false;
  for (const s of handled) process.off(s, onSignal);
  process.off('exit', killAllNow);
}
