// Phase 1: what each thread waits on, from its syscall and the fds it names, followed into the
// socket tables, epoll sets, poll/select arguments and mappings. Who could end it: wakers.ts.
import { readCString, readPollFds, readSelectFds, readUnixSockaddr, readWaitv, type Interest } from './arguments.ts';
import { AT_FDCWD, isPrivateWaitv } from './call.ts';
import type { Context } from './context.ts';
import type { Futex, On, Op, Watched } from './facts.ts';
import { eventfdId, inotifyWatches, parseEpoll, pidfdPid, timerfdArmed } from './fdinfo.ts';
import { isShared, mappingAt } from './futex.ts';
import { fileId, readLink, readMemory, readText } from './proc-files.ts';
import type { RawThread } from './threads.ts';
import { emptyWakers } from './waker-set.ts';

const unknown = (call: string, detail: string): On => ({ kind: 'unknown', call, detail });

export function describeThread(ctx: Context, t: RawThread): On {
  const { name, call } = t.decoded;
  if (t.state === 'R' || t.state === 'D') return { kind: 'running', state: t.state };
  if (t.state === 'T' || t.state === 't') return { kind: 'signal', call: t.state === 'T' ? 'stopped' : 'traced' };
  if (t.syscallText === null)
    return unknown('', `/proc/${t.pid}/task/${t.tid}/syscall is unreadable (no ptrace access)`);
  if (t.syscallText.startsWith('running')) return { kind: 'running', state: t.state };
  const pid = t.pid;
  switch (call.how) {
    case 'fd': {
      const on = describeFd(ctx, pid, call.fd, call.op, name);
      if (on.kind === 'unix' && call.sockaddr && on.state !== 'connected')
        on.to = connectPath(ctx, pid, call.sockaddr.address, call.sockaddr.length);
      return on;
    }
    case 'fds':
      return { kind: 'poll', call: name, fds: call.fds.map((w) => watch(ctx, pid, w.fd, w.events, 0)) };
    case 'lock': {
      const link = readLink(`${ctx.root}/${pid}/fd/${call.fd}`);
      const id = fileId(`${ctx.root}/${pid}/fd/${call.fd}`);
      if (!link || !id) return unknown(name, `fd ${call.fd} is closed or unreadable`);
      return { kind: 'lock', fd: call.fd, lock: call.lock, path: link, dev: id.dev, inode: id.inode };
    }
    case 'futex':
      return { kind: 'futex', futexes: call.futexes.map((f) => describeFutex(ctx, pid, f.uaddr, f.private)) };
    case 'futex_waitv': {
      const list = readWaitv(ctx.root, pid, call.address, call.n);
      if (!list) return unknown(name, `the futex_waitv array is unreadable (/proc/${pid}/mem)`);
      return { kind: 'futex', futexes: list.map((w) => describeFutex(ctx, pid, w.uaddr, isPrivateWaitv(w.flags))) };
    }
    case 'epoll':
      return describeEpoll(ctx, pid, call.epfd, name, 0);
    case 'poll': {
      const fds = readPollFds(ctx.root, pid, call.address, call.nfds);
      if (!fds) return unknown(name, `the pollfd array is unreadable (/proc/${pid}/mem needs ptrace access)`);
      return { kind: 'poll', call: name, fds: fds.map((w) => watch(ctx, pid, w.fd, w.events, 0)) };
    }
    case 'select': {
      const fds = readSelectFds(ctx.root, pid, call.nfds, call.sets);
      if (!fds) return unknown(name, `the fd_sets are unreadable (/proc/${pid}/mem needs ptrace access)`);
      return { kind: 'poll', call: name, fds: fds.map((w) => watch(ctx, pid, w.fd, w.events, 0)) };
    }
    case 'wait': {
      const all = ctx.children(pid);
      let which = call.id;
      let children = all;
      if (call.idtype === 'pid') children = all.filter((c) => c.pid === call.id);
      else if (call.idtype === 'pgrp') {
        which = call.id === 0 ? -(readPgrp(ctx, pid) ?? 0) : -call.id;
        children = all.filter((c) => c.pgrp === -which);
      } else if (call.idtype === 'pidfd') {
        const target = pidfdPid(readText(`${ctx.root}/${pid}/fdinfo/${call.id}`));
        which = target ?? 0;
        children = all.filter((c) => c.pid === target);
      }
      return { kind: 'children', which, children: children.map((c) => ({ pid: c.pid, state: c.state })) };
    }
    case 'signal':
      return { kind: 'signal', call: name };
    case 'sleep':
      return { kind: 'sleep', call: name };
    case 'ipc':
      return { kind: 'ipc', call: name };
    case 'open': {
      const path = readCString(ctx.root, pid, call.path);
      if (path === null) return unknown(name, `the path argument is unreadable (/proc/${pid}/mem)`);
      // Resolved as the process sees it: in its own root (mount namespace, chroot), from its cwd or dirfd.
      const base = path.startsWith('/')
        ? `${ctx.root}/${pid}/root`
        : call.dirfd === AT_FDCWD
          ? `${ctx.root}/${pid}/cwd`
          : `${ctx.root}/${pid}/fd/${call.dirfd}`;
      const full = path.startsWith('/') ? path : `${readLink(base) ?? '.'}/${path}`;
      const id = fileId(`${base}/${path}`);
      if (id?.isFifo) return { kind: 'fifo-open', path: full, op: (call.flags & 3) === 1 ? 'write' : 'read' };
      return unknown(name, `opening ${full}, which is not a FIFO`);
    }
    case 'unknown':
      return unknown(name, call.detail);
  }
}

/** A UNIX connect()'s path as the kernel resolves it: relative to the caller's working directory. */
function connectPath(ctx: Context, pid: number, address: bigint, length: number): string | null {
  const path = readUnixSockaddr(ctx.root, pid, address, length);
  if (path === null || path.startsWith('/') || path.startsWith('@')) return path;
  const cwd = readLink(`${ctx.root}/${pid}/cwd`);
  return cwd ? `${cwd}/${path}` : null;
}

function readPgrp(ctx: Context, pid: number): number | null {
  const stat = readText(`${ctx.root}/${pid}/stat`);
  return stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) : null;
}

function watch(ctx: Context, pid: number, fd: number, events: Interest[], depth: number): Watched {
  const op: Op = events.includes('out') && !events.includes('in') && !events.includes('pri') ? 'write' : 'read';
  return { fd, events, on: describeFd(ctx, pid, fd, op, 'watched', depth), wakers: emptyWakers() };
}

/** One fd a thread waits on, for reading, writing or connecting. */
export function describeFd(ctx: Context, pid: number, fd: number, op: Op, call: string, depth = 0): On {
  const path = `${ctx.root}/${pid}/fd/${fd}`;
  const link = readLink(path);
  if (link === null) return unknown(call, `fd ${fd} is closed or unreadable`);
  let m = /^pipe:\[(\d+)\]$/.exec(link);
  if (m) return { kind: 'pipe', fd, inode: Number(m[1]), op, fifo: null };
  m = /^socket:\[(\d+)\]$/.exec(link);
  if (m) return describeSocket(ctx, pid, fd, Number(m[1]), op);
  const info = () => readText(`${ctx.root}/${pid}/fdinfo/${fd}`);
  if (link === 'anon_inode:[eventfd]') return { kind: 'eventfd', fd, id: eventfdId(info()) };
  if (link === 'anon_inode:[timerfd]') return { kind: 'timerfd', fd, armed: timerfdArmed(info()) ?? false };
  if (link === 'anon_inode:[signalfd]') return { kind: 'signal', call: 'signalfd' };
  if (link === 'anon_inode:inotify') return { kind: 'inotify', fd, watches: inotifyWatches(info()) };
  if (/pidfd/.test(link)) return { kind: 'pidfd', fd, pid: pidfdPid(info()) };
  if (link === 'anon_inode:[eventpoll]') return describeEpoll(ctx, pid, fd, 'epoll (watched)', depth + 1);
  if (!link.startsWith('/')) return unknown(call, `fd ${fd} is ${link}`);
  const id = fileId(path);
  if (id?.isFifo) return { kind: 'pipe', fd, inode: id.inode, op, fifo: link };
  if (id?.isChar && /^\/dev\/(pts\/\d+|ptmx|pts\/ptmx|tty\w*|console)$/.test(link))
    return { kind: 'terminal', fd, path: link, op };
  return unknown(
    call,
    `fd ${fd} is ${link}, ${id?.isChar ? 'a character device' : 'a file'}: not a wait this analysis reads`,
  );
}

function describeSocket(ctx: Context, pid: number, fd: number, inode: number, op: Op): On {
  const net = ctx.net(pid);
  const found = ctx.timed('socket tables', () => net.find(inode));
  if (!found)
    return {
      kind: 'socket',
      fd,
      inode,
      op,
      detail: 'not in the unix, tcp or udp tables (netlink, packet, raw, vsock…)',
    };
  if ('unix' in found) {
    const u = found.unix;
    return {
      kind: 'unix',
      fd,
      inode,
      op,
      type: u.type,
      state: u.listening ? 'listening' : u.state,
      path: u.path,
      peer: null,
    };
  }
  const r = found.inet;
  const peer = r.proto === 'tcp' && r.state !== 'LISTEN' ? ctx.timed('socket tables', () => net.peer(r)) : null;
  const remote = r.remote.port === 0 ? null : r.remote;
  return {
    kind: r.proto,
    fd,
    inode,
    op,
    family: r.family,
    state: r.state,
    local: r.local,
    remote,
    peer: peer ? peer.inode : null,
  };
}

/** An epoll set's watched fds (fdinfo `tfd:` lines), each described as if waited on alone. */
function describeEpoll(ctx: Context, pid: number, epfd: number, call: string, depth: number): On {
  if (depth > 4) return unknown(call, 'epoll sets nested more than 4 deep');
  const info = readText(`${ctx.root}/${pid}/fdinfo/${epfd}`);
  if (info === null) return unknown(call, `fd ${epfd} (the epoll set) is closed or unreadable`);
  const fds: Watched[] = [];
  for (const e of parseEpoll(info)) {
    const events = interestsOf(e.events);
    // A ONESHOT entry that fired is disarmed: no event bits left, it cannot wake the wait.
    if (events.length === 0 && (e.events & 0x18) === 0) continue;
    // tfd is the fd number in the process that added it: it must still name the same file here.
    const here = fileId(`${ctx.root}/${pid}/fd/${e.tfd}`);
    if (!here || here.inode !== e.inode || here.dev !== devOfSdev(e.sdev)) {
      fds.push({
        fd: e.tfd,
        events,
        on: unknown(call, `watched fd ${e.tfd} (inode ${e.inode}) was added by another process or closed since`),
        wakers: emptyWakers(),
      });
      continue;
    }
    fds.push(watch(ctx, pid, e.tfd, events.length ? events : ['in'], depth));
  }
  return { kind: 'poll', call, fds };
}

/** fdinfo's sdev is the kernel's dev_t (major << 20 | minor) in hex; as 'MAJ:MIN' like /proc/locks. */
const devOfSdev = (hex: string) => {
  const v = parseInt(hex, 16);
  const h = (n: number) => n.toString(16).padStart(2, '0');
  return `${h(Math.floor(v / 2 ** 20))}:${h(v & 0xfffff)}`;
};

const interestsOf = (bits: number): Interest[] => {
  const out: Interest[] = [];
  if (bits & 0x2041) out.push('in'); // EPOLLIN | EPOLLRDNORM | EPOLLRDHUP
  if (bits & 0x304) out.push('out'); // EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND
  if (bits & 0x82) out.push('pri'); // EPOLLPRI | EPOLLRDBAND
  return out;
};

function describeFutex(ctx: Context, pid: number, uaddr: bigint, isPrivate: boolean): Futex {
  const word = readMemory(ctx.root, pid, uaddr, 4)?.readUInt32LE(0) ?? null;
  const tids = new Set(ctx.threads.filter((t) => t.pid === pid).map((t) => t.tid));
  const owner = word === null ? null : word & 0x3fffffff;
  const thread = owner !== null && tids.has(owner) ? owner : null;
  const base = { uaddr: '0x' + uaddr.toString(16), value: word, thread };
  if (isPrivate) return { ...base, private: true, mapping: null };
  const m = mappingAt(ctx.root, pid, uaddr);
  if (!m) return { ...base, private: false, mapping: null };
  if (!isShared(m)) return { ...base, private: true, mapping: null };
  return { ...base, private: false, mapping: `${m.dev} ${m.inode} ${m.path}`.trim() };
}
