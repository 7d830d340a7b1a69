// How processes, threads, pipes and syscalls are named in text: raw (pid 4405, pipe 9790)
// or normalized (P1, pipe A), and relative to the tree (the parent, the child, child P3).
import type { Channel, Process, TakenAutopsy, Thread } from '../runner/schema.ts';
import { describeWait } from './waits.ts';

export const group3 = (n: number) => n.toLocaleString('en-US');

function letters(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

export const pidLabel = (a: TakenAutopsy, pid: number) => (a.normalized ? `P${pid}` : String(pid));
export const tidLabel = (a: TakenAutopsy, tid: number) => (a.normalized ? `T${tid}` : String(tid));

export function channelLabel(a: TakenAutopsy, inode: number): string {
  const c = a.channels.find((x) => x.inode === inode);
  const kind = c?.kind ?? 'pipe';
  return a.normalized ? `${kind} ${letters(inode)}` : `${kind} ${inode}`;
}

/** As /proc writes an fd's target: pipe:[9790], socket:[12], or normalized pipe A. */
function fdTarget(a: TakenAutopsy, c: Channel): string {
  // /proc shows a FIFO by its path; the inode names it as well and fits a line.
  return a.normalized || c.kind === 'fifo' ? channelLabel(a, c.inode) : `${c.kind}:[${c.inode}]`;
}

export const programProcesses = (a: TakenAutopsy) => a.processes.filter((p) => !p.housekeeping);

/**
 * How far below the root a process is, counting program processes only (a runtime helper in
 * between, such as Python's forkserver, is not a generation); null when its line of parents does
 * not reach the root: its parent exited and it was adopted elsewhere (an orphan).
 */
function depthOf(a: TakenAutopsy, byPid: Map<number, Process>, pid: number): number | null {
  if (pid === a.rootPid) return 0;
  let d = 1;
  for (let p = byPid.get(byPid.get(pid)?.ppid ?? -1); p; p = byPid.get(p.ppid)) {
    if (p.pid === a.rootPid) return d;
    if (!p.housekeeping) d++;
  }
  return null;
}

/** "the parent", "the child", "child P3", "the grandchild", "orphan P4"… by depth under the root. */
export function roleOf(a: TakenAutopsy, pid: number): string {
  const byPid = new Map(a.processes.map((p) => [p.pid, p]));
  const depth = depthOf(a, byPid, pid);
  if (depth === null) {
    // Adopted: the first of its line is the orphan (a runtime helper above it is no parent of the
    // program); its own descendants are just processes.
    let up = byPid.get(byPid.get(pid)?.ppid ?? -1);
    while (up?.housekeeping) up = byPid.get(up.ppid);
    return up ? `process ${pidLabel(a, pid)}` : `orphan ${pidLabel(a, pid)}`;
  }
  const procs = programProcesses(a);
  const peers = procs.filter((p) => depthOf(a, byPid, p.pid) === depth);
  if (depth === 0) return procs.length > 1 ? 'the parent' : 'the program';
  const word = depth === 1 ? 'child' : depth === 2 ? 'grandchild' : 'process';
  return peers.length === 1 && word !== 'process' ? `the ${word}` : `${word} ${pidLabel(a, pid)}`;
}

export const possessive = (role: string) => `${role}'s`;

/** A thread in prose: its runtime name, or "main thread". */
export function threadName(t: Thread): string {
  return t.isMain ? 'main thread' : `thread ${t.name}`;
}

/** The syscall as a reader can follow it: write(fd 4 → pipe:[9790], 105,665 bytes). */
export function syscallText(a: TakenAutopsy, p: Process, t: Thread): string {
  return describeWait(t.syscall, t.state, {
    target: (n) => {
      const fd = p.fds.find((f) => f.fd === n);
      const c = fd ? a.channels.find((x) => x.inode === fd.inode) : undefined;
      return c ? fdTarget(a, c) : null;
    },
    pid: (pid) => pidLabel(a, pid),
  });
}

/**
 * Pipes and sockets only one process holds and nobody waits on: a runtime's own (libuv's wake-up
 * pipes…). A network socket, a named or listening UNIX socket is never one: a server shows.
 */
export function isPrivate(a: TakenAutopsy, inode: number): boolean {
  const c = a.channels.find((x) => x.inode === inode);
  const s = c?.socket;
  if (s && (s.proto !== 'unix' || s.path !== null || s.state === 'listening')) return false;
  const holders = new Set(a.processes.filter((p) => p.fds.some((f) => f.inode === inode)).map((p) => p.pid));
  const peerHolders =
    c?.peer != null ? a.processes.filter((p) => p.fds.some((f) => f.inode === c.peer)).map((p) => p.pid) : [];
  for (const pid of peerHolders) holders.add(pid);
  if (holders.size > 1) return false;
  const waited = a.processes.some((p) =>
    p.threads.some((t) => t.syscall.fd !== null && p.fds.some((f) => f.fd === t.syscall.fd && f.inode === inode)),
  );
  const queued = a.processes.some((p) =>
    (p.handles ?? []).some((h) => (h.writeQueue ?? 0) > 0 && p.fds.some((f) => f.fd === h.fd && f.inode === inode)),
  );
  return !waited && !queued;
}

/** A short form for the drawing: "write 105,665 B", "wait4 (pid 12)", "futex wait, no timeout". */
export function shortWait(a: TakenAutopsy, p: Process, t: Thread): string {
  const s = t.syscall;
  if (s.fd !== null) return `${s.name} fd ${s.fd}${s.bytes !== null ? `, ${group3(s.bytes)} B` : ''}`;
  return syscallText(a, p, t);
}
