// Reading processes and threads from /proc, cheaply enough to sample every 20 ms.
import { readdirSync } from 'node:fs';
import { helperProcessKindOf, helperThreadKind } from './housekeeping.ts';
import { decodeSyscall, type DecodedSyscall } from './syscalls.ts';
import { readOnce } from './open-files.ts';

export const hasProc = (() => {
  try {
    return readdirSync('/proc/self/task').length > 0;
  } catch {
    return false;
  }
})();

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  startTicks: number;
  utime: number;
  stime: number;
  rssPages: number;
}

/** Parses /proc/PID/stat (comm may hold spaces and parentheses: split after the last ')'). */
export function parseStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const f = text.slice(close + 2).split(' ');
  return {
    pid: Number(text.slice(0, open - 1)),
    comm: text.slice(open + 1, close),
    state: f[0]!,
    ppid: Number(f[1]),
    pgrp: Number(f[2]),
    session: Number(f[3]),
    utime: Number(f[11]),
    stime: Number(f[12]),
    startTicks: Number(f[19]),
    rssPages: Number(f[21]),
  };
}

/** Every process on the machine (a process can vanish between readdir and read). */
export function listProcesses(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const text = readOnce(`/proc/${name}/stat`);
    if (text) out.push(parseStat(text));
  }
  return out;
}

/** `roots` and every process below them, from one list of the machine's processes. */
export function descendants(roots: ProcStat[], all: ProcStat[]): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const p of all) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const seen = new Map<number, ProcStat>();
  const stack = [...roots];
  while (stack.length) {
    const p = stack.pop()!;
    if (seen.has(p.pid)) continue;
    seen.set(p.pid, p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return [...seen.values()];
}

/** The processes of a run: same session as the root, or descended from it. */
export function findTree(rootPid: number, all: ProcStat[] = listProcesses()): ProcStat[] {
  const session = all.filter((p) => p.session === rootPid);
  const root = all.find((p) => p.pid === rootPid);
  const found = new Map(session.map((p) => [p.pid, p]));
  for (const p of descendants(root ? [root] : session, all)) found.set(p.pid, p);
  return [...found.values()];
}

/** Does this kernel list a thread's children in /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN)? */
export const canWalkChildren = hasProc && readOnce(`/proc/self/task/${process.pid}/children`) !== null;

/**
 * The tree below rootPid, walked through the children files: its cost follows the size of the
 * tree, where findTree reads every process on the machine. `known` (the last tree) keeps a
 * process that its parent's exit reparented away; a reused pid is told apart by its start time.
 * It cannot see a process that was orphaned before it was ever seen: callers scan in full now and
 * then, and before any verdict.
 */
export function walkTree(rootPid: number, known: ProcStat[] = []): ProcStat[] {
  const startOf = new Map(known.map((p) => [p.pid, p.startTicks]));
  const out = new Map<number, ProcStat>();
  const stack = [rootPid, ...startOf.keys()];
  while (stack.length) {
    const pid = stack.pop()!;
    if (out.has(pid)) continue;
    const text = readOnce(`/proc/${pid}/stat`);
    if (!text) continue;
    const p = parseStat(text);
    const seenStart = startOf.get(pid);
    if (seenStart !== undefined && seenStart !== p.startTicks) continue; // the pid was reused
    out.set(pid, p);
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const kids = readOnce(`/proc/${pid}/task/${tid}/children`);
      if (kids) for (const k of kids.split(' ')) if (k) stack.push(Number(k));
    }
  }
  return [...out.values()];
}

export interface ThreadSample {
  pid: number;
  tid: number;
  proc: string;
  thread: string;
  state: string;
  wchan: string;
  syscall: DecodedSyscall;
  /** The text of /proc/PID/task/TID/syscall as read ('running' for a thread in R, null if unreadable). */
  syscallText: string | null;
  cpuNs: number;
  housekeeping: boolean;
  /** The watcher could not read this thread's syscall: a hang cannot be proven. */
  unreadable: boolean;
}

function processName(argv: string[], comm: string): string {
  const argv0 = argv[0];
  return argv0 ? argv0.slice(argv0.lastIndexOf('/') + 1) : comm;
}

/** All threads of the given processes, with state, wait channel, syscall and CPU time. */
export function sampleThreads(procs: ProcStat[]): ThreadSample[] {
  const out: ThreadSample[] = [];
  for (const p of procs) {
    if (p.state === 'Z' || p.state === 'X') continue;
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${p.pid}/task`);
    } catch {
      continue;
    }
    // One read of the command line per process and sample: this runs every 20 ms.
    const argv = (readOnce(`/proc/${p.pid}/cmdline`) ?? '').replace(/\0$/, '').split('\0');
    const proc = processName(argv, p.comm);
    const parentArgv = () => (readOnce(`/proc/${p.ppid}/cmdline`) ?? '').replace(/\0$/, '').split('\0');
    const wholeHousekeeping = helperProcessKindOf(argv, parentArgv) !== null;
    for (const t of tids) {
      const base = `/proc/${p.pid}/task/${t}`;
      const stat = readOnce(`${base}/stat`);
      if (!stat) continue;
      const st = parseStat(stat);
      const sc = readOnce(`${base}/syscall`);
      const syscall = decodeSyscall(sc ?? '-1');
      const sched = readOnce(`${base}/schedstat`);
      const cpuNs = sched ? Number(sched.split(' ')[0]) : (st.utime + st.stime) * 1e7;
      const thread = st.comm;
      out.push({
        pid: p.pid,
        tid: Number(t),
        proc,
        thread,
        state: st.state,
        wchan: readOnce(`${base}/wchan`) ?? '',
        syscall,
        syscallText: sc,
        cpuNs,
        housekeeping: wholeHousekeeping || helperThreadKind(thread, syscall) !== null,
        unreadable: sc === null && st.state !== 'Z',
      });
    }
  }
  return out;
}

/** Processes of this user started at or after `sinceTicks` whose environment holds the run id. */
export function findByRunId(runId: string, sinceTicks: number, all: ProcStat[] = listProcesses()): number[] {
  const needle = `HANGTIME_RUN_ID=${runId}\0`;
  const out: number[] = [];
  for (const p of all) {
    if (p.startTicks < sinceTicks || p.pid === process.pid) continue;
    const env = readOnce(`/proc/${p.pid}/environ`);
    if (env?.includes(needle) && p.state !== 'Z') out.push(p.pid);
  }
  return out;
}

/** Clock ticks since boot now (to compare with a process's start time). */
export function nowTicks(): number {
  const up = readOnce('/proc/uptime');
  return up ? Math.floor(Number(up.split(' ')[0]) * 100) : 0;
}
