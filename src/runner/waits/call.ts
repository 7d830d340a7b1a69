// What a blocked syscall waits on, from its number and arguments. The watcher's table
// (../watch/syscalls.ts) names and times every wait, those only a wait-for graph reads (fcntl
// lock waits, splice, recvmmsg…) included; this says, per call, which argument to follow.
import { decodeSyscall } from '../watch/syscalls.ts';
import type { Op } from './facts.ts';
import type { Interest } from './arguments.ts';

export type Call =
  | { how: 'fd'; fd: number; op: Op; sockaddr?: { address: bigint; length: number } }
  | { how: 'fds'; fds: { fd: number; events: Interest[] }[] }
  | { how: 'lock'; fd: number; lock: 'flock' | 'posix' | 'ofd' }
  | { how: 'futex'; futexes: { uaddr: bigint; private: boolean }[] }
  | { how: 'futex_waitv'; address: bigint; n: number }
  | { how: 'epoll'; epfd: number }
  | { how: 'poll'; address: bigint; nfds: number }
  | { how: 'select'; nfds: number; sets: [bigint, bigint, bigint] }
  | { how: 'wait'; idtype: 'pid' | 'pgrp' | 'any' | 'pidfd'; id: number }
  | { how: 'signal' }
  | { how: 'sleep' }
  | { how: 'open'; dirfd: number; path: bigint; flags: number }
  | { how: 'ipc' }
  | { how: 'unknown'; detail: string };

export interface DecodedCall {
  name: string;
  timed: boolean;
  known: boolean;
  call: Call;
}

const int = (a: bigint | undefined) => Number(BigInt.asIntN(32, a ?? 0n));
const F_SETLKW = 7,
  F_SETLKW64 = 14,
  F_OFD_SETLKW = 38;
const FUTEX_PRIVATE = 128,
  FUTEX2_PRIVATE = 128;
export const AT_FDCWD = -100;

const READS = new Set(['read', 'readv', 'recvfrom', 'recvmsg', 'recvmmsg', 'accept', 'accept4']);
const WRITES = new Set(['write', 'writev', 'sendto', 'sendmsg', 'sendmmsg']);

/** Decodes the text of /proc/PID/task/TID/syscall into a name, whether it is timed, and what it waits on. */
export function decodeCall(text: string): DecodedCall {
  const { name, timed, known, args } = decodeSyscall(text);
  return { name, timed, known, call: callOf(name, args, known) };
}

function callOf(name: string, a: bigint[], known: boolean): Call {
  if (!known)
    return {
      how: 'unknown',
      detail: name === 'none' ? 'blocked outside a syscall' : `${name} is not a wait this analysis reads`,
    };
  if (READS.has(name)) return { how: 'fd', fd: int(a[0]), op: 'read' };
  if (WRITES.has(name)) return { how: 'fd', fd: int(a[0]), op: 'write' };
  switch (name) {
    case 'connect':
      // connect(fd, addr, addrlen): the address asked for stays in the caller's memory meanwhile.
      return { how: 'fd', fd: int(a[0]), op: 'connect', sockaddr: { address: a[1] ?? 0n, length: int(a[2]) } };
    case 'splice':
      return {
        how: 'fds',
        fds: [
          { fd: int(a[0]), events: ['in'] },
          { fd: int(a[2]), events: ['out'] },
        ],
      };
    case 'tee':
      return {
        how: 'fds',
        fds: [
          { fd: int(a[0]), events: ['in'] },
          { fd: int(a[1]), events: ['out'] },
        ],
      };
    case 'sendfile':
      return {
        how: 'fds',
        fds: [
          { fd: int(a[1]), events: ['in'] },
          { fd: int(a[0]), events: ['out'] },
        ],
      };
    case 'flock':
      return { how: 'lock', fd: int(a[0]), lock: 'flock' };
    case 'fcntl': {
      const cmd = int(a[1]);
      if (cmd === F_SETLKW || cmd === F_SETLKW64) return { how: 'lock', fd: int(a[0]), lock: 'posix' };
      if (cmd === F_OFD_SETLKW) return { how: 'lock', fd: int(a[0]), lock: 'ofd' };
      return { how: 'unknown', detail: `fcntl command ${cmd}` };
    }
    case 'futex':
      return { how: 'futex', futexes: [{ uaddr: a[0] ?? 0n, private: (int(a[1]) & FUTEX_PRIVATE) !== 0 }] };
    case 'futex_waitv':
      return { how: 'futex_waitv', address: a[0] ?? 0n, n: int(a[1]) };
    case 'epoll_wait':
    case 'epoll_pwait':
    case 'epoll_pwait2':
      return { how: 'epoll', epfd: int(a[0]) };
    case 'poll':
    case 'ppoll':
      return { how: 'poll', address: a[0] ?? 0n, nfds: int(a[1]) };
    case 'select':
    case 'pselect6':
      return { how: 'select', nfds: int(a[0]), sets: [a[1] ?? 0n, a[2] ?? 0n, a[3] ?? 0n] };
    case 'wait4': {
      const pid = int(a[0]);
      return pid > 0
        ? { how: 'wait', idtype: 'pid', id: pid }
        : pid === -1
          ? { how: 'wait', idtype: 'any', id: -1 }
          : { how: 'wait', idtype: 'pgrp', id: -pid };
    }
    case 'waitid': {
      const idtype = int(a[0]);
      const id = int(a[1]);
      if (idtype === 1) return { how: 'wait', idtype: 'pid', id };
      if (idtype === 2) return { how: 'wait', idtype: 'pgrp', id };
      if (idtype === 3) return { how: 'wait', idtype: 'pidfd', id };
      return { how: 'wait', idtype: 'any', id: -1 };
    }
    case 'pause':
    case 'rt_sigsuspend':
    case 'rt_sigtimedwait':
      return { how: 'signal' };
    case 'nanosleep':
    case 'clock_nanosleep':
      return { how: 'sleep' };
    case 'openat':
      return { how: 'open', dirfd: int(a[0]), path: a[1] ?? 0n, flags: int(a[2]) };
    case 'open':
      return { how: 'open', dirfd: AT_FDCWD, path: a[0] ?? 0n, flags: int(a[1]) };
    case 'msgrcv':
    case 'msgsnd':
    case 'semop':
    case 'semtimedop':
    case 'mq_timedreceive':
    case 'mq_timedsend':
      return { how: 'ipc' };
    default:
      return { how: 'unknown', detail: `${name} is not a wait this analysis reads` };
  }
}

/** A futex_waitv entry's flags: FUTEX2_PRIVATE. */
export const isPrivateWaitv = (flags: number) => (flags & FUTEX2_PRIVATE) !== 0;
