// The wait-for facts of an autopsy in their machine-independent form: pids, tids and inodes as
// the autopsy's own numbering (P1, T1, pipe A…), file identities and kernel ids renumbered, paths
// as a reader writes them, a process outside the run as pid 0 with its command.
import type {
  OutsideWaker,
  Role,
  StoredOn as On,
  StoredWait as ThreadWait,
  StoredWakers as Wakers,
} from '../../runner/schema.ts';
import { readerPath } from './paths.ts';

export class Numbering {
  map = new Map<number, number>();
  of(n: number): number {
    let v = this.map.get(n);
    if (v === undefined) {
      v = this.map.size + 1;
      this.map.set(n, v);
    }
    return v;
  }
  /** A number seen before, or itself mapped to 0 (outside the tree). */
  known(n: number): number {
    return this.map.get(n) ?? 0;
  }
}

export interface Numberings {
  pids: Numbering;
  tids: Numbering;
  inodes: Numbering;
  /** Files (locks, mappings) and eventfds: numbered apart from pipes and sockets. */
  files: Numbering;
  eventfds: Numbering;
}

/** Absolute paths in a text, as a reader writes them (the words after a path are kept). */
export const pathsIn = (text: string) => text.replace(/\/[^\s,;()'"]+/g, (p) => readerPath(p));

/** Numbers in a fact's text (a reason, a /proc/locks line): known pids as P-numbers, known inodes renumbered. */
export function numbersIn(text: string, n: Numberings): string {
  return pathsIn(text)
    .replace(/\b(pipe|socket):\[(\d+)\]/g, (_m, k: string, i: string) => `${k}:[${n.inodes.of(Number(i))}]`)
    .replace(
      /\b(pipe|socket|UNIX socket|TCP socket) (\d{3,})\b/g,
      (_m, k: string, i: string) => `${k} ${n.inodes.of(Number(i))}`,
    )
    .replace(/\b\d{3,}\b/g, (d) => (n.pids.map.has(Number(d)) ? `P${n.pids.known(Number(d))}` : d));
}

function object(o: string, n: Numberings): string {
  const ch = /^(pipe|socket):\[(\d+)\]$/.exec(o);
  if (ch) return `${ch[1]}:[${n.inodes.of(Number(ch[2]))}]`;
  const ev = /^eventfd (\d+)$/.exec(o);
  if (ev) return `eventfd ${n.eventfds.of(Number(ev[1]))}`;
  return pathsIn(o);
}

/** "dev inode path" (a futex's mapping) or a whole /proc/PID/maps line: the path alone, as a reader writes it. */
const mappingPath = (m: string) => {
  const line = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+ +(.*)$/.exec(m);
  const path = line ? line[1]! : m.replace(/^[0-9a-f]+:[0-9a-f]+ \d+ ?/, '');
  return path.startsWith('/') ? pathsIn(path) : path;
};

function role(r: Role, n: Numberings): Role {
  switch (r.role) {
    case 'holds':
      return { ...r, object: object(r.object, n) };
    case 'locks':
      return { role: 'locks', line: numbersIn(r.line.replace(/[0-9a-f]{2}:[0-9a-f]{2}:\d+/, 'dev:inode'), n) };
    case 'maps':
      return { role: 'maps', mapping: mappingPath(r.mapping) };
    default:
      return r;
  }
}

function outside(o: OutsideWaker, n: Numberings): OutsideWaker {
  if (o.kind === 'process') return { kind: 'process', pid: 0, command: pathsIn(o.command), role: role(o.role, n) };
  if (o.kind === 'door') return { ...o, target: numbersIn(o.target, n) };
  return o;
}

export function wakers(w: Wakers, n: Numberings): Wakers {
  return {
    inside: w.inside.map((x) => ({ pid: n.pids.known(x.pid), role: role(x.role, n) })),
    outside: w.outside.map((o) => outside(o, n)),
    timer: w.timer,
    unknown: w.unknown.map((u) => numbersIn(u, n)),
  };
}

export function on(o: On, n: Numberings): On {
  const ino = (i: number) => n.inodes.of(i);
  const peer = (p: number | null) => (p === null || p === 0 ? p : ino(p));
  switch (o.kind) {
    case 'pipe':
      return { ...o, inode: ino(o.inode), fifo: o.fifo === null ? null : readerPath(o.fifo) };
    case 'unix':
      return { ...o, inode: ino(o.inode), peer: peer(o.peer), path: o.path === null ? null : readerPath(o.path) };
    case 'tcp':
    case 'udp':
      return { ...o, inode: ino(o.inode), peer: peer(o.peer) };
    case 'socket':
      return { ...o, inode: ino(o.inode) };
    case 'fifo-open':
      return { ...o, path: readerPath(o.path) };
    case 'lock':
      return { ...o, path: readerPath(o.path), dev: 'dev', inode: n.files.of(o.inode) };
    case 'futex':
      return {
        kind: 'futex',
        futexes: o.futexes.map((f) => ({
          ...f,
          mapping: f.mapping === null ? null : mappingPath(f.mapping),
          thread: f.thread === null ? null : n.tids.known(f.thread),
        })),
      };
    case 'children':
      return {
        ...o,
        which: o.which > 0 ? n.pids.known(o.which) : o.which < -1 ? -n.pids.known(-o.which) : o.which,
        children: o.children.map((c) => ({ ...c, pid: n.pids.known(c.pid) })),
      };
    case 'eventfd':
      return { ...o, id: o.id === null ? null : n.eventfds.of(o.id) };
    case 'pidfd':
      return { ...o, pid: o.pid === null ? null : n.pids.known(o.pid) };
    case 'poll':
      return {
        ...o,
        fds: o.fds.map((w) => ({ fd: w.fd, events: w.events, on: on(w.on, n), wakers: wakers(w.wakers, n) })),
      };
    case 'unknown':
      return { ...o, detail: numbersIn(o.detail, n) };
    default:
      return o;
  }
}

export function wait(w: ThreadWait, n: Numberings): ThreadWait {
  return { on: on(w.on, n), wakers: wakers(w.wakers, n) };
}

/** The channel inodes a wait names, in reading order: those a thread waits on number first. */
export function inodesOf(o: On): number[] {
  if (o.kind === 'pipe' || o.kind === 'socket') return [o.inode];
  if (o.kind === 'unix' || o.kind === 'tcp' || o.kind === 'udp') return o.peer ? [o.inode, o.peer] : [o.inode];
  if (o.kind === 'poll') return o.fds.flatMap((w) => inodesOf(w.on));
  return [];
}
