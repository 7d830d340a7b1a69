// The arguments a blocked syscall left in the process's memory, read through /proc/PID/mem at
// the addresses /proc/PID/task/TID/syscall shows: poll's pollfd array, select's fd_sets,
// openat's path. The kernel copied them in when the call began and writes results back only on
// return, so during the wait the memory still holds what was asked. Needs ptrace-attach rights
// (an ancestor has them even under Yama ptrace_scope=1; root always): null when denied.
import { readMemory } from './proc-files.ts';

export type Interest = 'in' | 'out' | 'pri';
export interface WatchedFd {
  fd: number;
  events: Interest[];
}

const POLLIN = 0x1,
  POLLPRI = 0x2,
  POLLOUT = 0x4,
  POLLRDNORM = 0x40,
  POLLRDBAND = 0x80,
  POLLWRNORM = 0x100,
  POLLWRBAND = 0x200,
  POLLRDHUP = 0x2000;

/** Poll/epoll event bits as read, write and priority interest (POLLHUP/POLLERR are always watched). */
export function interests(bits: number): Interest[] {
  const out: Interest[] = [];
  if (bits & (POLLIN | POLLRDNORM | POLLRDHUP)) out.push('in');
  if (bits & (POLLOUT | POLLWRNORM | POLLWRBAND)) out.push('out');
  if (bits & (POLLPRI | POLLRDBAND)) out.push('pri');
  return out;
}

/**
 * poll(fds, nfds, …) and ppoll: struct pollfd { int fd; short events; short revents; }. Negative fds
 * are skipped by the kernel.
 */
export function readPollFds(root: string, pid: number, address: bigint, nfds: number): WatchedFd[] | null {
  if (nfds === 0) return [];
  if (nfds > 65536) return null;
  const buf = readMemory(root, pid, address, nfds * 8);
  if (!buf) return null;
  const out: WatchedFd[] = [];
  for (let i = 0; i < nfds; i++) {
    const fd = buf.readInt32LE(i * 8);
    if (fd >= 0) out.push({ fd, events: interests(buf.readUInt16LE(i * 8 + 4)) });
  }
  return out;
}

/**
 * select(nfds, readfds, writefds, exceptfds, …) and pselect6: three bitmaps of nfds bits in longs;
 * a NULL set is empty.
 */
export function readSelectFds(
  root: string,
  pid: number,
  nfds: number,
  sets: [bigint, bigint, bigint],
): WatchedFd[] | null {
  if (nfds < 0 || nfds > 1 << 20) return null;
  const bytes = Math.ceil(nfds / 64) * 8;
  const byFd = new Map<number, Interest[]>();
  const kinds: Interest[] = ['in', 'out', 'pri'];
  for (let k = 0; k < 3; k++) {
    if (sets[k] === 0n || bytes === 0) continue;
    const buf = readMemory(root, pid, sets[k]!, bytes);
    if (!buf) return null;
    for (let fd = 0; fd < nfds; fd++) {
      if (buf[fd >> 3]! & (1 << (fd & 7))) {
        const list = byFd.get(fd) ?? [];
        list.push(kinds[k]!);
        byFd.set(fd, list);
      }
    }
  }
  return [...byFd].map(([fd, events]) => ({ fd, events }));
}

/** A NUL-terminated string (a path argument), read page by page so no read crosses into an unmapped page. */
export function readCString(root: string, pid: number, address: bigint, max = 4096): string | null {
  let out = Buffer.alloc(0);
  let at = address;
  while (out.length < max) {
    const room = 4096 - Number(at % 4096n);
    const buf = readMemory(root, pid, at, Math.min(room, max - out.length));
    if (!buf) return null;
    const nul = buf.indexOf(0);
    if (nul >= 0) return Buffer.concat([out, buf.subarray(0, nul)]).toString('utf8');
    out = Buffer.concat([out, buf]);
    at += BigInt(buf.length);
  }
  return null;
}

/** futex_waitv's array: struct futex_waitv { u64 val; u64 uaddr; u32 flags; u32 reserved; }. */
export function readWaitv(
  root: string,
  pid: number,
  address: bigint,
  n: number,
): { uaddr: bigint; flags: number }[] | null {
  if (n <= 0 || n > 128) return null;
  const buf = readMemory(root, pid, address, n * 24);
  if (!buf) return null;
  const out: { uaddr: bigint; flags: number }[] = [];
  for (let i = 0; i < n; i++)
    out.push({ uaddr: buf.readBigUInt64LE(i * 24 + 8), flags: buf.readUInt32LE(i * 24 + 16) });
  return out;
}

const AF_UNIX = 1;

/**
 * The path in a struct sockaddr_un a connect() was given (sun_path after the 2-byte family): a
 * filesystem path, or '@name' for an abstract socket (as /proc/net/unix shows one). Null when the
 * memory cannot be read or the address is not a UNIX one.
 */
export function readUnixSockaddr(root: string, pid: number, address: bigint, length: number): string | null {
  if (length <= 2 || length > 110) return null;
  const buf = readMemory(root, pid, address, length);
  if (!buf || buf.readUInt16LE(0) !== AF_UNIX) return null;
  const path = buf.subarray(2);
  if (path[0] === 0) return `@${path.subarray(1).toString('latin1').replace(/\0/g, '@')}`;
  const nul = path.indexOf(0);
  return path.subarray(0, nul < 0 ? path.length : nul).toString('utf8');
}
