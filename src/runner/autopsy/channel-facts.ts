// How full each pipe is and what each socket is and where it leads, read without consuming a
// byte. Node has no ioctl and no netlink: the one python3 helper (waits/unix-diag.ts) asks
// FIONREAD / F_GETPIPE_SZ through /proc/PID/fd/N and the kernel's sock_diag for UNIX peers; the
// socket tables of /proc/PID/net give each socket's protocol, state, addresses and TCP peer.
// Without python3, `ss -x` still names UNIX peers and pipe fill is "unknown".
import { execFile } from 'node:child_process';
import type { Channel, Fd } from './schema.ts';
import { NetTables } from '../waits/sockets.ts';

/** Each Unix socket's peer inode and receive queue, from `ss -xa`; empty when ss is missing. */
export function readSocketPeers(signal?: AbortSignal, timeoutMs = 1000): Promise<Map<number, Peer>> {
  return new Promise((resolve) => {
    execFile(
      'ss',
      ['-xaH'],
      { timeout: timeoutMs, signal, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, maxBuffer: 16 << 20 },
      (err, text) => {
        const out = new Map<number, Peer>();
        for (const line of err ? [] : text.split('\n')) {
          const m = /^\S+\s+\S+\s+(\d+)\s+\d+\s+\S+\s+(\d+)\s+\S+\s+(\d+)/.exec(line);
          if (m) out.set(Number(m[2]), { peer: Number(m[3]), recvQ: Number(m[1]) });
        }
        resolve(out);
      },
    );
  });
}

export interface Peer {
  peer: number;
  recvQ: number;
}

const at = (e: { address: string; port: number }) => ({ address: e.address, port: e.port });

/** A socket as the tables of its holder's network namespace show it, with its TCP peer on this machine. */
function socketFacts(net: NetTables, inode: number): { socket: Channel['socket']; peer: number | null } {
  const found = net.find(inode);
  if (!found) return { socket: null, peer: null };
  if ('unix' in found) {
    const u = found.unix;
    const state = u.listening ? 'listening' : u.state;
    return { socket: { proto: 'unix', type: u.type, state, local: null, remote: null, path: u.path }, peer: null };
  }
  const r = found.inet;
  const peer = r.proto === 'tcp' && r.state !== 'LISTEN' ? net.peer(r) : null;
  return {
    socket: {
      proto: r.proto,
      type: `ipv${r.family}`,
      state: r.state,
      local: at(r.local),
      remote: r.remote.port === 0 ? null : at(r.remote),
      path: null,
    },
    peer: peer && peer.inode > 0 ? peer.inode : null,
  };
}

/** The channels of the tree, with fill, capacity, what a socket is and its peer where known. */
export function buildChannels(
  root: string,
  holders: { pid: number; fd: Fd }[],
  fill: Map<number, [number, number]>,
  peers: Map<number, Peer> | null,
): Channel[] {
  const seen = new Map<number, Channel>();
  const nets = new Map<number, NetTables>();
  const netOf = (pid: number) => nets.get(pid) ?? nets.set(pid, new NetTables(root, pid)).get(pid)!;
  const add = (inode: number, kind: Fd['kind'], pid: number) => {
    if (seen.has(inode)) return;
    const f = fill.get(inode);
    const s = peers?.get(inode);
    const facts = kind === 'socket' ? socketFacts(netOf(pid), inode) : { socket: null, peer: null };
    seen.set(inode, {
      inode,
      kind,
      filled: f ? f[0] : s && s.recvQ >= 0 ? s.recvQ : null,
      capacity: f ? f[1] : null,
      peer: s && s.peer > 0 ? s.peer : facts.peer,
      socket: facts.socket,
    });
  };
  for (const { pid, fd } of holders) add(fd.inode, fd.kind, pid);
  // A socket's peer is part of the picture even when no process of the tree holds it.
  for (const { pid, fd } of holders) {
    const peer = seen.get(fd.inode)?.peer;
    if (peer != null) add(peer, 'socket', pid);
  }
  return [...seen.values()];
}
