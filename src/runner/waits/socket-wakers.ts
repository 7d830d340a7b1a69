// Who could end a wait on a socket or a terminal: the holder of a UNIX socket's peer (or of the
// listener that has not accepted it yet), the holder of a TCP/UDP peer on this machine, a remote
// address, anyone who may connect or send (a door), the holder of a pty's master.
import type { Context } from './context.ts';
import type { On } from './facts.ts';
import { ttyIndex } from './fdinfo.ts';
import { readLink, readText } from './proc-files.ts';
import { isLoopback, type InetRow } from './sockets.ts';
import type { Builder } from './waker-set.ts';

export function unixWakers(ctx: Context, b: Builder, pid: number, on: Extract<On, { kind: 'unix' }>): void {
  if (on.op === 'connect' && on.state !== 'connected') return connectWakers(ctx, b, pid, on);
  const name = on.path ?? 'an unnamed socket';
  if (on.state === 'listening') {
    b.outside({ kind: 'door', door: 'connect', target: name });
    return;
  }
  if (on.type === 'dgram' && on.path) b.outside({ kind: 'door', door: 'send', target: name });
  const peers = ctx.unix;
  if (!peers || peers.source === 'unavailable') {
    b.unknown(`the peer of UNIX socket ${on.inode}: no sock_diag helper (python3) and no ss`);
    return;
  }
  const peer = peers.peers.get(on.inode);
  on.peer = peer ?? null;
  if (peer === undefined) {
    b.unknown(`UNIX socket ${on.inode} is not in sock_diag's dump`);
    return;
  }
  if (peer > 0) {
    if (b.holders(`socket:[${peer}]`, null) === 0)
      b.unknown(`the peer of UNIX socket ${on.inode} (socket ${peer}) is held by no readable process`);
    return;
  }
  if (on.state !== 'connected') {
    if (!(on.type === 'dgram' && on.path)) b.unknown(`UNIX ${on.type} socket ${on.inode} is ${on.state}, with no peer`);
    return;
  }
  // Connected with no peer inode: the peer waits, not yet accepted, in some listener's queue.
  let n = 0;
  for (const lino of peers.queued.keys()) n += b.holders(`socket:[${lino}]`, null);
  if (n === 0) b.unknown(`UNIX socket ${on.inode} waits to be accepted, by a listener no readable process holds`);
}

/**
 * A UNIX connect() that blocks waits for room in its listener's queue of connections not yet
 * accepted: whoever holds the listener could accept one (or close it, and the connect fails).
 * The listener is the one bound to the path connect() asked for (read from the caller's memory).
 */
function connectWakers(ctx: Context, b: Builder, pid: number, on: Extract<On, { kind: 'unix' }>): void {
  const to = on.to;
  if (!to) {
    b.unknown(`UNIX socket ${on.inode} waits in connect(), to a path its process's memory did not give`);
    return;
  }
  const rows = ctx.timed('socket tables', () => ctx.net(pid).unix());
  const listeners = rows.filter((r) => r.listening && r.type === on.type && r.path !== null && boundAt(ctx, r, to));
  if (listeners.length === 0) {
    b.unknown(`UNIX socket ${on.inode} waits in connect() to ${to}, where no listening ${on.type} socket is seen`);
    return;
  }
  let n = 0;
  for (const l of listeners) n += b.holders(`socket:[${l.inode}]`, null);
  if (n === 0)
    b.unknown(`UNIX socket ${on.inode} waits in connect() to ${to}: its listener is held by no readable process`);
}

/** Whether a listener is bound at `to`: its path as bound, or relative to a holder's working directory. */
function boundAt(ctx: Context, row: { inode: number; path: string | null }, to: string): boolean {
  const path = row.path!;
  if (path === to) return true;
  if (path.startsWith('/') || path.startsWith('@')) return false;
  return ctx
    .fds()
    .holders(`socket:[${row.inode}]`)
    .some((h) => `${readLink(`${ctx.root}/${h.pid}/cwd`)}/${path}` === to);
}

export function inetWakers(ctx: Context, b: Builder, pid: number, on: Extract<On, { kind: 'tcp' | 'udp' }>): void {
  const net = ctx.net(pid);
  const at = (e: { address: string; port: number }) =>
    `${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port}`;
  const listenersOf = (to: { address: string; port: number }) =>
    ctx.timed('socket tables', () => net.listeners(to)).filter((l) => l.inode > 0);
  const holdRows = (rows: InetRow[]) => rows.reduce((n, r) => n + b.holders(`socket:[${r.inode}]`, null), 0);
  if (on.kind === 'udp') {
    if (!on.remote) {
      b.outside({ kind: 'door', door: 'send', target: `udp ${at(on.local)}` });
      return;
    }
    const bound = ctx
      .timed('socket tables', () => net.udpBound(on.remote!))
      .filter((r) => r.inode > 0 && r.inode !== on.inode);
    if (holdRows(bound) === 0) b.outside({ kind: 'remote', proto: 'udp', ...on.remote });
    return;
  }
  if (on.state === 'LISTEN') {
    b.outside({ kind: 'door', door: 'connect', target: `tcp ${at(on.local)}` });
    return;
  }
  if (!on.remote) {
    b.unknown(`TCP socket ${on.inode} in ${on.state} with no remote address`);
    return;
  }
  if (on.state === 'SYN_SENT') {
    // Connecting: a local listener whose queue is full, or a remote that does not answer yet.
    if (holdRows(listenersOf(on.remote)) === 0) b.outside({ kind: 'remote', proto: 'tcp', ...on.remote });
    return;
  }
  if (on.peer !== null && on.peer > 0) {
    if (b.holders(`socket:[${on.peer}]`, null) === 0) b.outside({ kind: 'remote', proto: 'tcp', ...on.remote });
    return;
  }
  if (on.peer === 0) {
    // The peer is a connection not yet accepted: whoever holds the listener accepts it.
    if (holdRows(listenersOf(on.remote)) === 0)
      b.unknown(
        `TCP ${at(on.local)} → ${at(on.remote)}: the peer waits to be accepted by a listener no readable process holds`,
      );
    return;
  }
  if (isLoopback(on.remote.address))
    b.unknown(`TCP ${at(on.local)} → ${at(on.remote)}: no socket on this machine answers for it`);
  else b.outside({ kind: 'remote', proto: 'tcp', ...on.remote });
}

export function terminalWakers(ctx: Context, b: Builder, pid: number, on: Extract<On, { kind: 'terminal' }>): void {
  let path = on.path;
  if (path === '/dev/tty') {
    // The controlling terminal: tty_nr of /proc/PID/stat; pty slaves have majors 136-143.
    const stat = readText(`${ctx.root}/${pid}/stat`);
    const nr = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[4]) : 0;
    const major = (nr >> 8) & 0xfff;
    const minor = (nr & 0xff) | ((nr >> 12) & 0xfff00);
    if (major >= 136 && major <= 143) path = `/dev/pts/${(major - 136) * 256 + minor}`;
  }
  const m = /^\/dev\/pts\/(\d+)$/.exec(path);
  if (m) {
    const fds = ctx.fds();
    let n = 0;
    for (const target of ['/dev/ptmx', '/dev/pts/ptmx']) {
      for (const h of fds.holders(target)) {
        if (ttyIndex(fds.fdinfo(h.pid, h.fd)) !== Number(m[1])) continue;
        b.process(h.pid, { role: 'holds', fd: h.fd, object: `${target} (the master of ${path})`, end: 'both' });
        n++;
      }
    }
    if (n > 0) return;
  }
  b.outside({ kind: 'door', door: 'input', target: path });
}
