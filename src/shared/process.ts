// A process is its pid AND its start time: pid_max is 32768 on the build machines and pids wrap
// within minutes under a test suite, so a bare pid in a registry or a lock file may name a
// stranger by the time it is read. Everything that records a process to signal or wait for it
// later (locks, the run registry, sweeps) goes through these.
import { readFileSync } from 'node:fs';

/**
 * A process as recorded: pid plus start time (field 22 of /proc/PID/stat, clock ticks since boot;
 * a tick is 10 ms here). A pid handed to a new process within the same tick as the old one's start
 * would look the same: that needs the pid space to wrap within 10 ms, which only pinning
 * /proc/sys/kernel/ns_last_pid does.
 */
export interface ProcessId {
  pid: number;
  /** null where /proc cannot be read (not Linux): then the pid alone identifies, and may lie. */
  startTicks: number | null;
}

function readStat(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
}

/** State (field 3) and start time (field 22); the command name may hold spaces and parentheses. */
function parseStat(text: string): { state: string; startTicks: number } {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0]!, startTicks: Number(fields[19]) };
}

const hasProc = readStat(process.pid) !== null;

/** The identity of a live process, or null when there is none with that pid (or it is a zombie). */
export function identify(pid: number): ProcessId | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (!hasProc) return existsByKill(pid) ? { pid, startTicks: null } : null;
  const text = readStat(pid);
  if (text === null) return null;
  const { state, startTicks } = parseStat(text);
  return state === 'Z' || state === 'X' ? null : { pid, startTicks };
}

let me: ProcessId | null = null;
/** This process. */
export function selfId(): ProcessId {
  me ??= identify(process.pid) ?? { pid: process.pid, startTicks: null };
  return me;
}

function existsByKill(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Is this very process still running? True only when the pid exists, is not a zombie, and has
 * the recorded start time. A pid that /proc does not show but kill(pid, 0) answers with EPERM
 * (/proc mounted with hidepid, another user's process) is counted alive: its identity cannot be
 * checked, and calling it dead would let a lock or a sweep act against a live owner.
 */
export function isAlive(id: ProcessId): boolean {
  if (!Number.isInteger(id.pid) || id.pid <= 0) return false;
  if (!hasProc || id.startTicks === null) return existsByKill(id.pid);
  const text = readStat(id.pid);
  if (text === null) return existsByKill(id.pid);
  const { state, startTicks } = parseStat(text);
  return startTicks === id.startTicks && state !== 'Z' && state !== 'X';
}

/**
 * Sends `signal` only if the pid still has the recorded start time; returns whether it was sent.
 * A reused pid is never signalled — up to one race Node cannot close: it has no pidfd, so
 * between reading /proc/PID/stat and kill(2) the process could exit and its pid go to a new
 * process. That needs the whole pid space to wrap within those microseconds (a forking storm, or
 * someone pinning ns_last_pid); code that must be exact asks the launcher, which uses pidfds.
 * An identity without a start time (no /proc) is signalled by pid alone.
 */
export function signalIfSame(id: ProcessId, signal: NodeJS.Signals | number): boolean {
  if (id.startTicks !== null && hasProc) {
    const text = readStat(id.pid);
    if (text === null) return false;
    const { state, startTicks } = parseStat(text);
    if (startTicks !== id.startTicks || state === 'Z' || state === 'X') return false;
  }
  try {
    process.kill(id.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** `pid.startTicks`, for file names and log lines; `formatId(parseId(s)) === s`. */
export function formatId(id: ProcessId): string {
  return `${id.pid}.${id.startTicks ?? 'x'}`;
}

export function parseId(text: string): ProcessId | null {
  const m = /^(\d+)\.(\d+|x)$/.exec(text);
  if (!m) return null;
  return { pid: Number(m[1]), startTicks: m[2] === 'x' ? null : Number(m[2]) };
}

/** The command line of a live pid, for messages ("node astro build"), or '' when unreadable. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}
