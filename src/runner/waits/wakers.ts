// Phase 2: who could end each wait. A holder of the other end of a pipe, a socket's peer, a lock's
// holder, a mapper of shared memory, a child: inside the run or outside it. A wait that only a
// newcomer could end (a connection, an open, a signal) has a door. Anything not identified goes
// to `unknown`, which forbids a proof.
import type { Context } from './context.ts';
import type { Futex, On, Op, Wakers } from './facts.ts';
import { eventfdId, hasSignal, SIGALRM, SIGCHLD, statusMask } from './fdinfo.ts';
import { isNamed } from './futex.ts';
import { blockersOf } from './locks.ts';
import { fileId, numericEntries, readText } from './proc-files.ts';
import { inetWakers, terminalWakers, unixWakers } from './socket-wakers.ts';
import { Builder } from './waker-set.ts';

/** Who could end a wait on `on` (for a poll entry, on any of `ops`). */
export function wakersOf(ctx: Context, pid: number, on: On, timed: boolean, ops?: Op[]): Wakers {
  const b = new Builder(ctx);
  if (timed) b.timer('the call has a timeout');
  addWakers(ctx, b, pid, on, ops);
  // A wait nobody was found to end is not proven endless: it is one whose ender was not found.
  const w = b.w;
  if (on.kind !== 'running' && w.inside.length + w.outside.length === 0 && !w.timer && w.unknown.length === 0)
    b.unknown(`no waker found for this ${on.kind} wait`);
  return w;
}

function addWakers(ctx: Context, b: Builder, pid: number, on: On, ops?: Op[]): void {
  switch (on.kind) {
    case 'running':
      return;
    case 'pipe': {
      for (const op of ops ?? [on.op]) {
        const ends: ('read' | 'write' | 'both')[] = op === 'write' ? ['read', 'both'] : ['write', 'both'];
        let n: number;
        if (on.fifo) {
          const id = fileId(`${ctx.root}/${pid}/fd/${on.fd}`);
          n = id ? b.holders(on.fifo, ends, { ...id, waiter: pid }) : 0;
          if (!on.fifo.endsWith(' (deleted)'))
            b.outside({
              kind: 'door',
              door: 'open',
              target: `${on.fifo} (for ${op === 'write' ? 'reading' : 'writing'})`,
            });
        } else n = b.holders(`pipe:[${on.inode}]`, ends);
        const end = op === 'write' ? 'read' : 'write';
        if (n === 0) b.unknown(`no readable process holds the ${end} end of ${on.fifo ?? `pipe ${on.inode}`}`);
      }
      return;
    }
    case 'fifo-open':
      b.outside({
        kind: 'door',
        door: 'open',
        target: `${on.path} (for ${on.op === 'write' ? 'reading' : 'writing'})`,
      });
      return;
    case 'unix':
      return unixWakers(ctx, b, pid, on);
    case 'tcp':
    case 'udp':
      return inetWakers(ctx, b, pid, on);
    case 'socket':
      b.unknown(`socket ${on.inode}: ${on.detail}`);
      return;
    case 'lock': {
      const type = on.lock === 'flock' ? 'FLOCK' : on.lock === 'posix' ? 'POSIX' : 'OFDLCK';
      const blockers = blockersOf(ctx.locks(), { pid, dev: on.dev, inode: on.inode, type });
      if (blockers.length === 0) {
        b.unknown(`no ${type} lock on ${on.path} shows in /proc/locks`);
        return;
      }
      let n = 0;
      for (const r of blockers)
        if (r.pid > 0 && readText(`${ctx.root}/${r.pid}/stat`) !== null) {
          b.process(r.pid, { role: 'locks', line: r.line });
          n++;
        }
      // FLOCK and OFD locks belong to an open file description: whoever holds an fd on the file may hold it.
      if (type !== 'POSIX') n += b.holders(on.path, null, { dev: on.dev, inode: on.inode, waiter: pid });
      if (n === 0) b.unknown(`the ${type} lock that blocks it on ${on.path} belongs to no process this user can see`);
      return;
    }
    case 'futex':
      for (const f of on.futexes) futexWakers(ctx, b, pid, f);
      return;
    case 'poll':
      for (const w of on.fds) {
        const ops: Op[] = [];
        if (w.events.includes('in') || w.events.includes('pri')) ops.push('read');
        if (w.events.includes('out')) ops.push('write');
        w.wakers = wakersOf(ctx, pid, w.on, false, ops.length ? ops : undefined);
        b.merge(w.wakers);
      }
      if (on.fds.length === 0) b.unknown(`${on.call} watches no fd`);
      return;
    case 'children':
      if (on.children.length === 0) b.unknown('no child matches the wait');
      for (const c of on.children) b.process(c.pid, { role: 'exits', state: c.state });
      return;
    case 'signal':
      b.outside({ kind: 'door', door: 'signal', target: on.call === 'stopped' ? 'SIGCONT' : 'a signal' });
      return;
    case 'eventfd': {
      if (on.id === null) {
        b.unknown(`eventfd fd ${on.fd}: this kernel gives no eventfd-id, its holders cannot be told`);
        return;
      }
      const fds = ctx.fds();
      for (const h of fds.holders('anon_inode:[eventfd]')) {
        if (eventfdId(fds.fdinfo(h.pid, h.fd)) === on.id)
          b.process(h.pid, { role: 'holds', fd: h.fd, object: `eventfd ${on.id}`, end: 'both' });
      }
      return;
    }
    case 'timerfd':
      if (on.armed) b.timer('an armed timerfd');
      else b.unknown(`a disarmed timerfd (fd ${on.fd}): who could arm it is not in /proc`);
      return;
    case 'inotify':
      b.outside({ kind: 'door', door: 'change', target: `${on.watches} watched path${on.watches === 1 ? '' : 's'}` });
      return;
    case 'pidfd':
      if (on.pid === null || on.pid <= 0) b.unknown(`pidfd ${on.fd}: its process is gone`);
      else b.process(on.pid, { role: 'exits', state: statOf(ctx, on.pid) });
      return;
    case 'terminal':
      return terminalWakers(ctx, b, pid, on);
    case 'sleep':
      b.timer(on.call);
      return;
    case 'ipc':
      b.outside({ kind: 'door', door: 'send', target: `a System V or POSIX IPC object (${on.call})` });
      return;
    case 'unknown':
      b.unknown(on.call ? `${on.call}: ${on.detail}` : on.detail);
      return;
  }
}

function statOf(ctx: Context, pid: number): string {
  const stat = readText(`${ctx.root}/${pid}/stat`);
  return stat ? stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) : 'gone';
}

function futexWakers(ctx: Context, b: Builder, pid: number, f: Futex): void {
  if (f.private) {
    b.process(pid, { role: 'same process' });
    return;
  }
  if (!f.mapping) {
    b.unknown(`futex ${f.uaddr}: no mapping of /proc/${pid}/maps holds it`);
    return;
  }
  const m = /^(\S+) (\d+) ?(.*)$/.exec(f.mapping);
  if (!m) {
    b.unknown(`futex ${f.uaddr}: mapping ${f.mapping} unreadable`);
    return;
  }
  const [dev, inode, path] = [m[1]!, Number(m[2]), m[3]!];
  for (const x of ctx.mappersOf(dev, inode)) b.process(x.pid, { role: 'maps', mapping: x.line.trim() });
  // A process holding an fd on the object may map it at any time.
  if (path.startsWith('/')) b.holders(path, null, { dev, inode, waiter: pid });
  if (isNamed(path)) b.outside({ kind: 'door', door: 'open', target: `${path} (shared memory anyone may map)` });
}

const O_ASYNC = 0o20000;

/**
 * An fd of the process in signal-driven I/O mode (fcntl F_SETFL O_ASYNC, its fdinfo flags): data
 * arriving on it signals the process, which wakes any of its waits, from wherever the data comes.
 */
function asyncFd(ctx: Context, pid: number): number | null {
  for (const fd of numericEntries(`${ctx.root}/${pid}/fd`) ?? []) {
    const flags = /^flags:\s*([0-7]+)/m.exec(ctx.fds().fdinfo(pid, fd) ?? '')?.[1];
    if (flags && parseInt(flags, 8) & O_ASYNC) return fd;
  }
  return null;
}

/** `read(ctx, pid)`, asked once per process of an analysis however many of its threads ask. */
function perProcess<T>(read: (ctx: Context, pid: number) => T): (ctx: Context, pid: number) => T {
  const known = new WeakMap<Context, Map<number, T>>();
  return (ctx, pid) => {
    const seen = known.get(ctx) ?? new Map<number, T>();
    known.set(ctx, seen);
    if (!seen.has(pid)) seen.set(pid, read(ctx, pid));
    return seen.get(pid)!;
  };
}
const asyncFdOf = perProcess(asyncFd);

/** Milliseconds until the alarm the Python hook noted for `pid` fires; null when none is pending or noted. */
function pendingAlarm(ctx: Context, pid: number): number | null {
  const dir = /(?:^|\0)HANGTIME_STACKS_DIR=([^\0]*)/.exec(readText(`${ctx.root}/${pid}/environ`) ?? '')?.[1];
  if (!dir) return null;
  const [deadline, interval] = (readText(`${dir}/alarm-${pid}`) ?? '').trim().split(' ').map(Number);
  if (!deadline) return null;
  const left = (deadline - Number(process.hrtime.bigint())) / 1e6;
  return left > 0 || interval! > 0 ? Math.max(left, 0) : null;
}
const pendingAlarmMs = perProcess(pendingAlarm);

/**
 * What any blocked thread of a process can also be woken by: a child's exit when the process
 * catches SIGCHLD (libuv does once it has spawned), and timers /proc does not show.
 */
export function processWakers(ctx: Context, pid: number, tid: number): Wakers {
  const b = new Builder(ctx);
  const status = ctx.status(pid);
  const caught = statusMask(status, 'SigCgt');
  if (hasSignal(caught, SIGCHLD)) {
    const blocked = statusMask(readText(`${ctx.root}/${pid}/task/${tid}/status`), 'SigBlk');
    if (!hasSignal(blocked, SIGCHLD))
      for (const c of ctx.children(pid)) if (c.state !== 'Z') b.process(c.pid, { role: 'exits', state: c.state });
  }
  if (hasSignal(caught, SIGALRM)) b.timer('SIGALRM is caught: a pending alarm() does not show in /proc');
  else if (!hasSignal(statusMask(status, 'SigIgn'), SIGALRM)) {
    // Not caught, not ignored: a pending alarm ends the process. /proc does not show one; the
    // Python startup hook notes alarm() and setitimer() (autopsy/python/sitecustomize.py).
    const left = pendingAlarmMs(ctx, pid);
    if (left !== null) b.timer(`alarm() pending: SIGALRM ends the process in ${Math.ceil(left)} ms`);
  }
  const async = asyncFdOf(ctx, pid);
  if (async !== null)
    b.unknown(`fd ${async} is in signal-driven I/O mode (O_ASYNC): activity on it signals the process`);
  const timers = readText(`${ctx.root}/${pid}/timers`);
  if (timers && timers.trim()) b.timer('a POSIX timer (timer_create): armed or not, /proc does not say');
  return b.w;
}
