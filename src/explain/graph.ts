// The wait graph: for each program thread, what it waits on and who could end the wait.
// A writer blocked on a pipe waits for whoever holds its read end; a reader for whoever holds
// the write end (itself included); wait4 for a child; a Python join for the joined thread; an
// idle Node event loop for its child processes and for its own busy libuv workers.
import type { TakenAutopsy, Fd, Process, Thread } from '../runner/schema.ts';

export type Wait =
  | { kind: 'write' | 'read'; pid: number; tid: number; inode: number; bytes: number | null; queued?: boolean }
  | { kind: 'child'; pid: number; tid: number; children: number[] }
  | { kind: 'join'; pid: number; tid: number; target: number }
  | { kind: 'loop'; pid: number; tid: number; children: number[]; workers: number[]; reading: number[] }
  | { kind: 'other'; pid: number; tid: number };

const WRITES = new Set(['write', 'writev', 'sendto', 'sendmsg']);
const READS = new Set(['read', 'readv', 'recvfrom', 'recvmsg']);

export interface Holder {
  pid: number;
  fd: Fd;
}

/** Processes holding the end of a channel that would end a wait on it: the read end for a writer. */
export function otherEnd(a: TakenAutopsy, inode: number, want: 'read' | 'write'): Holder[] | null {
  const c = a.channels.find((x) => x.inode === inode);
  if (c?.kind === 'socket') {
    if (c.peer === null) return null;
    return holders(a, c.peer, () => true);
  }
  return holders(a, inode, (f) => f.dir === want || f.dir === 'both');
}

function holders(a: TakenAutopsy, inode: number, ok: (f: Fd) => boolean): Holder[] {
  const out: Holder[] = [];
  for (const p of a.processes) for (const f of p.fds) if (f.inode === inode && ok(f)) out.push({ pid: p.pid, fd: f });
  return out;
}

const isBlocked = (t: Thread) => t.state === 'S' || t.state === 'D';

export function waitOf(a: TakenAutopsy, p: Process, t: Thread): Wait {
  const s = t.syscall;
  const base = { pid: p.pid, tid: t.tid };
  if (isBlocked(t) && s.fd !== null && (WRITES.has(s.name) || READS.has(s.name))) {
    const fd = p.fds.find((f) => f.fd === s.fd);
    if (fd) return { ...base, kind: WRITES.has(s.name) ? 'write' : 'read', inode: fd.inode, bytes: s.bytes };
  }
  const kids = a.processes.filter((c) => c.ppid === p.pid && !c.housekeeping).map((c) => c.pid);
  if (isBlocked(t) && s.waitPid !== null)
    return { ...base, kind: 'child', children: s.waitPid > 0 ? [s.waitPid] : kids };
  if (t.joins !== null && p.threads.some((x) => x.tid === t.joins)) return { ...base, kind: 'join', target: t.joins };
  if (p.runtime === 'node' && t.isMain && /epoll/.test(s.name)) {
    // A libuv worker busy on a request keeps the loop alive until it is done: /proc shows that much
    // even without the process's own list of handles.
    const workers = p.threads
      .filter((w) => !w.housekeeping && w.tid !== t.tid && w.name === 'libuv-worker' && isBlocked(w))
      .map((w) => w.tid);
    if (!p.handles) return { ...base, kind: 'loop', children: [], workers, reading: [] };
    const procHandles = p.handles.filter((h) => h.type === 'process' && h.pid !== null).map((h) => h.pid!);
    // A stream with bytes queued: the loop waits for the kernel to take them (a userland write).
    const queued = p.handles.find((h) => h.fd !== null && (h.writeQueue ?? 0) > 0 && p.fds.some((f) => f.fd === h.fd));
    if (queued)
      return {
        ...base,
        kind: 'write',
        inode: p.fds.find((f) => f.fd === queued.fd)!.inode,
        bytes: queued.writeQueue,
        queued: true,
      };
    const reading = p.handles.filter((h) => h.fd !== null && h.type !== 'process' && h.active).map((h) => h.fd!);
    return { ...base, kind: 'loop', children: procHandles, workers, reading };
  }
  return { ...base, kind: 'other' };
}

/** Every program thread's wait, in process then thread order. */
export function waitGraph(a: TakenAutopsy): Wait[] {
  const out: Wait[] = [];
  for (const p of a.processes) {
    if (p.housekeeping) continue;
    for (const t of p.threads) if (!t.housekeeping) out.push(waitOf(a, p, t));
  }
  return out;
}

/** The processes a wait depends on (edges of the process-level graph). */
export function dependsOn(a: TakenAutopsy, w: Wait): number[] {
  if (w.kind === 'write' || w.kind === 'read')
    return (otherEnd(a, w.inode, w.kind === 'write' ? 'read' : 'write') ?? []).map((h) => h.pid);
  if (w.kind === 'child') return w.children;
  if (w.kind === 'loop') return [...w.children, ...(w.workers.length ? [w.pid] : [])];
  if (w.kind === 'join') return [w.pid];
  return [];
}

/** A cycle of processes that wait on one another, as pids in order, or null. */
export function findCycle(a: TakenAutopsy, waits: Wait[]): number[] | null {
  const edges = new Map<number, Set<number>>();
  for (const w of waits) {
    const set = edges.get(w.pid) ?? new Set<number>();
    for (const d of dependsOn(a, w)) if (d !== w.pid) set.add(d);
    edges.set(w.pid, set);
  }
  const state = new Map<number, 1 | 2>();
  const path: number[] = [];
  const visit = (v: number): number[] | null => {
    state.set(v, 1);
    path.push(v);
    for (const n of edges.get(v) ?? []) {
      if (state.get(n) === 1) return path.slice(path.indexOf(n));
      if (!state.has(n)) {
        const c = visit(n);
        if (c) return c;
      }
    }
    state.set(v, 2);
    path.pop();
    return null;
  };
  for (const v of edges.keys())
    if (!state.has(v)) {
      const c = visit(v);
      if (c) return c;
    }
  return null;
}
