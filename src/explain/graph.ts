// The wait graph, read from the autopsy's wait-for facts (the ones the verdict judged): for each
// program thread, what it waits on and who could end the wait. A thread blocked on a pipe or
// socket — in the call itself, through select/poll/epoll, or as an idle Node event loop with
// output queued or input awaited — waits for the holders the facts name; wait4 for a child; a
// Python join for the joined thread; a lock for its holder. Nothing here reads fds on its own:
// what the facts do not link, the words never link.
import type {
  OutsideWaker,
  Process,
  Role,
  StoredOn as On,
  StoredWakers as Wakers,
  TakenAutopsy,
  Thread,
} from '../runner/schema.ts';

/** Who could end a wait: processes of the tree (with the fd they hold, when that is the reason), and the rest. */
export interface Ends {
  inside: { pid: number; fd: number | null; role: Role['role'] }[];
  outside: OutsideWaker[];
  unknown: string[];
  /** The wait ends by itself: what the timer is. */
  timer: string | null;
}

interface Base {
  pid: number;
  tid: number;
}
export type Io = Base & {
  kind: 'write' | 'read';
  inode: number;
  bytes: number | null;
  /** How it waits: null in the call itself, 'loop' as an idle Node event loop, else the call (select, poll…). */
  via: string | null;
  /** The loop has this much output queued for the channel (a userland write). */
  queued: boolean;
  /** The waiting process's fd on the channel. */
  fd: number;
  /**
   * What ends a read of it: 'stream' data from its other end (a pipe, a connected socket);
   * 'listener' a connection (a listening socket: no other end); 'datagram' a message from anyone
   * who sends to its address (an unconnected datagram socket: no other end either).
   */
  shape: 'stream' | 'listener' | 'datagram';
  /** Waiting in select/poll/epoll: how many other fds it watches (any of them could end the wait). */
  others: number;
  ends: Ends;
  /** An event loop's other wakers (a listening socket, a timer…): what else could wake it. */
  loop: Ends | null;
};
export type Wait =
  | Io
  | (Base & { kind: 'lock'; lock: string; path: string; ends: Ends })
  | (Base & { kind: 'child'; children: number[] })
  | (Base & { kind: 'join'; target: number })
  | (Base & { kind: 'loop'; children: number[]; workers: number[]; ends: Ends })
  | (Base & { kind: 'other'; ends: Ends | null });

const CHANNELS = new Set(['pipe', 'unix', 'tcp', 'udp', 'socket']);
type ChannelOn = Extract<On, { kind: 'pipe' | 'unix' | 'tcp' | 'udp' | 'socket' }>;
const isChannel = (on: On): on is ChannelOn => CHANNELS.has(on.kind);
const isBlocked = (t: Thread) => t.state === 'S' || t.state === 'D';

export function endsOf(w: Wakers | null | undefined): Ends {
  if (!w) return { inside: [], outside: [], unknown: [], timer: null };
  return {
    inside: w.inside.map((x) => ({ pid: x.pid, fd: x.role.role === 'holds' ? x.role.fd : null, role: x.role.role })),
    outside: w.outside,
    unknown: w.unknown,
    timer: w.timer,
  };
}

/** A watched fd another process (or someone outside) could make ready: a link, not the loop's own plumbing. */
function linked(pid: number, w: { on: On; wakers: Wakers }): boolean {
  return (
    isChannel(w.on) && (w.wakers.inside.some((x) => x.pid !== pid) || w.wakers.outside.some((o) => o.kind !== 'door'))
  );
}

/** Whether a channel has another end, as its facts say (see Io.shape). */
function shapeOf(on: ChannelOn): Io['shape'] {
  if ((on.kind === 'tcp' && on.state === 'LISTEN') || (on.kind === 'unix' && on.state === 'listening'))
    return 'listener';
  if ((on.kind === 'udp' && !on.remote) || (on.kind === 'unix' && on.type === 'dgram' && on.state !== 'connected'))
    return 'datagram';
  return 'stream';
}

function io(base: Base, on: ChannelOn, kind: 'write' | 'read', wakers: Wakers, more: Partial<Io> = {}): Io {
  const ends = endsOf(wakers);
  return {
    ...base,
    kind,
    inode: on.inode,
    fd: on.fd,
    shape: shapeOf(on),
    others: 0,
    bytes: null,
    via: null,
    queued: false,
    ends,
    loop: null,
    ...more,
  };
}

/** An idle Node event loop: output queued, children to exit, input another process holds, or its own workers. */
function loopWait(
  p: Process,
  t: Thread,
  base: Base,
  on: Extract<On, { kind: 'poll' }> | null,
  wakers: Wakers | null,
): Wait {
  const workers = p.threads
    .filter((w) => !w.housekeeping && w.tid !== t.tid && w.name === 'libuv-worker' && isBlocked(w))
    .map((w) => w.tid);
  const queued = (p.handles ?? []).find(
    (h) => h.fd !== null && (h.writeQueue ?? 0) > 0 && on?.fds.some((w) => w.fd === h.fd && isChannel(w.on)),
  );
  const entry = queued && on?.fds.find((w) => w.fd === queued.fd);
  if (queued && entry && isChannel(entry.on))
    return io(base, entry.on, 'write', entry.wakers, {
      via: 'loop',
      queued: true,
      bytes: queued.writeQueue,
      loop: endsOf(wakers),
    });
  const exits = (wakers?.inside ?? []).filter((x) => x.role.role === 'exits').map((x) => x.pid);
  const handles = (p.handles ?? []).filter((h) => h.type === 'Process' && h.pid !== null).map((h) => h.pid!);
  const children = [...new Set([...handles, ...exits])];
  if (!children.length) {
    const input = on?.fds.find((w) => linked(p.pid, w) && w.events.includes('in'));
    if (input && isChannel(input.on))
      return io(base, input.on, 'read', input.wakers, { via: 'loop', loop: endsOf(wakers) });
  }
  return { ...base, kind: 'loop', children, workers, ends: endsOf(wakers) };
}

export function waitOf(a: TakenAutopsy, p: Process, t: Thread): Wait {
  const base = { pid: p.pid, tid: t.tid };
  const on = t.wait?.on ?? null;
  const wakers = t.wait?.wakers ?? null;
  if (t.joins !== null && p.threads.some((x) => x.tid === t.joins)) return { ...base, kind: 'join', target: t.joins };
  if (p.runtime === 'node' && t.isMain && /epoll/.test(t.syscall.name))
    return loopWait(p, t, base, on?.kind === 'poll' ? on : null, wakers);
  if (!on || !wakers) return { ...base, kind: 'other', ends: null };
  if (isChannel(on) && on.op !== 'connect')
    return io(base, on, on.op, wakers, { bytes: t.syscall.fd === on.fd ? t.syscall.bytes : null });
  if (on.kind === 'poll') {
    // The lowest fd first: the kernel lists an epoll set in no order a run can repeat.
    const fds = [...on.fds].sort((x, y) => x.fd - y.fd);
    const entry = fds.find((w) => linked(p.pid, w)) ?? fds.find((w) => isChannel(w.on));
    if (entry && isChannel(entry.on)) {
      const op = entry.events.includes('in') || entry.events.includes('pri') ? 'read' : 'write';
      // Any watched fd could end it: the wait's own wakers (all of them) are what else could.
      return io(base, entry.on, op, entry.wakers, { via: on.call, others: on.fds.length - 1, loop: endsOf(wakers) });
    }
  }
  if (on.kind === 'lock') return { ...base, kind: 'lock', lock: on.lock, path: on.path, ends: endsOf(wakers) };
  if (on.kind === 'children') return { ...base, kind: 'child', children: on.children.map((c) => c.pid) };
  return { ...base, kind: 'other', ends: endsOf(wakers) };
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
export function dependsOn(w: Wait): number[] {
  switch (w.kind) {
    case 'child':
      return w.children;
    case 'loop':
      return [...w.children, ...(w.workers.length ? [w.pid] : [])];
    case 'join':
      return [w.pid];
    case 'other':
      return w.ends?.inside.map((x) => x.pid) ?? [];
    default:
      return w.ends.inside.map((x) => x.pid);
  }
}

/** Two processes a pipe or socket links in the facts: `from` waits on it, `to` holds its other end. */
export interface Link {
  from: number;
  to: number;
  inode: number;
}

/** Every pipe or socket link between two processes that the facts show, direct or through select/poll/epoll. */
export function links(a: TakenAutopsy): Link[] {
  const out: Link[] = [];
  const add = (pid: number, on: On, wakers: Wakers) => {
    if (isChannel(on))
      for (const x of wakers.inside)
        if (x.pid !== pid && x.role.role === 'holds') out.push({ from: pid, to: x.pid, inode: on.inode });
    if (on.kind === 'poll') for (const w of on.fds) add(pid, w.on, w.wakers);
  };
  for (const p of a.processes)
    for (const t of p.threads) if (!t.housekeeping && !p.housekeeping && t.wait) add(p.pid, t.wait.on, t.wait.wakers);
  return out;
}

/** A cycle of processes that wait on one another, as pids in order, or null. */
export function findCycle(waits: Wait[]): number[] | null {
  const edges = new Map<number, Set<number>>();
  for (const w of waits) {
    const set = edges.get(w.pid) ?? new Set<number>();
    for (const d of dependsOn(w)) if (d !== w.pid) set.add(d);
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
