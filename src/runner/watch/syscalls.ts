// Syscall numbers the watcher needs to tell a timed wait from an untimed one.
// /proc/PID/task/TID/syscall gives "NR arg1 … arg6 sp pc" for a blocked thread,
// "running" for one on a CPU, "-1 sp pc" for one blocked outside a syscall.
import { arch } from 'node:process';

type Timed = (args: bigint[]) => boolean;
interface SyscallInfo {
  name: string;
  timed: Timed;
}

const never: Timed = () => false;
const always: Timed = () => true;
/** An int timeout argument: -1 (any negative) waits forever, >= 0 wakes by itself. */
const intTimeout =
  (i: number): Timed =>
  (a) =>
    BigInt.asIntN(32, a[i] ?? -1n) >= 0n;
/** A pointer to a timeout struct: NULL waits forever. */
const ptrTimeout =
  (i: number): Timed =>
  (a) =>
    (a[i] ?? 0n) !== 0n;
/** futex(uaddr, op, val, timeout…): only WAIT-like ops with a timeout pointer wake by themselves. */
const futexTimed: Timed = (a) => {
  const op = Number((a[1] ?? 0n) & 0x7fn);
  // WAIT, WAIT_BITSET, LOCK_PI, WAIT_REQUEUE_PI, LOCK_PI2
  const waits = op === 0 || op === 9 || op === 6 || op === 11 || op === 13;
  return waits && (a[3] ?? 0n) !== 0n;
};

const common: Record<string, Timed> = {
  read: never,
  write: never,
  readv: never,
  writev: never,
  wait4: never,
  waitid: never,
  pause: never,
  rt_sigsuspend: never,
  accept: never,
  accept4: never,
  recvfrom: never,
  recvmsg: never,
  sendto: never,
  sendmsg: never,
  connect: never,
  openat: never,
  flock: never,
  nanosleep: always,
  clock_nanosleep: always,
  futex: futexTimed,
  poll: intTimeout(2),
  epoll_wait: intTimeout(3),
  epoll_pwait: intTimeout(3),
  epoll_pwait2: ptrTimeout(3),
  ppoll: ptrTimeout(2),
  select: ptrTimeout(4),
  pselect6: ptrTimeout(4),
  rt_sigtimedwait: ptrTimeout(2),
  futex_waitv: ptrTimeout(3),
  // With IORING_ENTER_EXT_ARG (8) in its flags, argp may point to a timeout this reader cannot see.
  io_uring_enter: (a) => ((a[3] ?? 0n) & 8n) !== 0n,
  io_getevents: ptrTimeout(4),
  semtimedop: ptrTimeout(3),
  msgrcv: never,
  mq_timedreceive: ptrTimeout(4),
  // Waits only the wait-for analysis reads (src/runner/waits/call.ts): a lock wait in fcntl
  // (F_SETLKW, F_OFD_SETLKW; no other command blocks), splice, System V queues and semaphores…
  open: never,
  fcntl: never,
  sendfile: never,
  splice: never,
  tee: never,
  recvmmsg: ptrTimeout(4),
  sendmmsg: never,
  semop: never,
  msgsnd: never,
  mq_timedsend: ptrTimeout(4),
};

const x64: Record<number, string> = {
  0: 'read',
  1: 'write',
  2: 'open',
  40: 'sendfile',
  65: 'semop',
  69: 'msgsnd',
  72: 'fcntl',
  242: 'mq_timedsend',
  275: 'splice',
  276: 'tee',
  299: 'recvmmsg',
  307: 'sendmmsg',
  7: 'poll',
  19: 'readv',
  20: 'writev',
  23: 'select',
  34: 'pause',
  35: 'nanosleep',
  43: 'accept',
  44: 'sendto',
  45: 'recvfrom',
  46: 'sendmsg',
  47: 'recvmsg',
  42: 'connect',
  61: 'wait4',
  73: 'flock',
  70: 'msgrcv',
  128: 'rt_sigtimedwait',
  130: 'rt_sigsuspend',
  202: 'futex',
  208: 'io_getevents',
  220: 'semtimedop',
  230: 'clock_nanosleep',
  232: 'epoll_wait',
  243: 'mq_timedreceive',
  247: 'waitid',
  257: 'openat',
  270: 'pselect6',
  271: 'ppoll',
  281: 'epoll_pwait',
  288: 'accept4',
  426: 'io_uring_enter',
  441: 'epoll_pwait2',
  449: 'futex_waitv',
};
const arm64: Record<number, string> = {
  25: 'fcntl',
  71: 'sendfile',
  76: 'splice',
  77: 'tee',
  182: 'mq_timedsend',
  189: 'msgsnd',
  193: 'semop',
  243: 'recvmmsg',
  269: 'sendmmsg',
  63: 'read',
  64: 'write',
  65: 'readv',
  66: 'writev',
  72: 'pselect6',
  73: 'ppoll',
  98: 'futex',
  101: 'nanosleep',
  115: 'clock_nanosleep',
  133: 'rt_sigsuspend',
  137: 'rt_sigtimedwait',
  202: 'accept',
  203: 'connect',
  206: 'sendto',
  207: 'recvfrom',
  211: 'sendmsg',
  212: 'recvmsg',
  242: 'accept4',
  260: 'wait4',
  95: 'waitid',
  22: 'epoll_pwait',
  56: 'openat',
  32: 'flock',
  4: 'io_getevents',
  192: 'semtimedop',
  188: 'msgrcv',
  183: 'mq_timedreceive',
  426: 'io_uring_enter',
  441: 'epoll_pwait2',
  449: 'futex_waitv',
};
const table = arch === 'arm64' ? arm64 : x64;

export interface DecodedSyscall {
  /** 'running', 'none' (blocked outside a syscall), a name, or 'syscall N'. */
  name: string;
  nr: number;
  args: bigint[];
  /** The wait wakes by itself (a timeout): such a thread is not hung. */
  timed: boolean;
  /** Unknown syscall: the watcher cannot prove it is an untimed wait. */
  known: boolean;
}

/** Decodes the text of /proc/PID/task/TID/syscall. */
export function decodeSyscall(text: string): DecodedSyscall {
  const parts = text.trim().split(/\s+/);
  if (parts[0] === 'running') return { name: 'running', nr: -2, args: [], timed: false, known: true };
  const nr = Number(parts[0]);
  if (nr === -1) return { name: 'none', nr, args: [], timed: false, known: false };
  const args = parts.slice(1, 7).map((p) => BigInt(p));
  const name = table[nr];
  if (!name) return { name: `syscall ${nr}`, nr, args, timed: false, known: false };
  return { name, nr, args, timed: (common[name] ?? never)(args), known: true };
}

/** The syscall a blocked thread is in, as stored in a RunResult (timeline and autopsy); syscall-schema.ts checks it. */
export interface Syscall {
  /** 'running', 'none' (blocked outside a syscall), a syscall name, or 'syscall N'. */
  name: string;
  nr: number;
  /** The wait wakes by itself (a timeout). */
  timed: boolean;
  /** For read/write-like calls: the fd and how many bytes were asked for. */
  fd: number | null;
  bytes: number | null;
  /** For wait4/waitid: the pid waited for (-1: any child). */
  waitPid: number | null;
  /** For poll/epoll: the timeout in ms (-1: none). */
  timeoutMs: number | null;
}

const asInt = (a: bigint | undefined) => (a === undefined ? null : Number(BigInt.asIntN(32, a)));
const IO = new Set(['read', 'write', 'readv', 'writev', 'recvfrom', 'recvmsg', 'sendto', 'sendmsg']);

/** The arguments of a decoded syscall that say what it waits for: fd and bytes, pid, timeout. */
export function syscallFacts(d: DecodedSyscall): Syscall {
  const a = d.args;
  const s: Syscall = { name: d.name, nr: d.nr, timed: d.timed, fd: null, bytes: null, waitPid: null, timeoutMs: null };
  if (IO.has(d.name)) {
    s.fd = asInt(a[0]);
    // readv/writev/sendmsg take vectors: the byte count is not in the arguments.
    if (d.name === 'read' || d.name === 'write' || d.name === 'sendto' || d.name === 'recvfrom')
      s.bytes = Number(a[2] ?? 0n);
  } else if (d.name === 'wait4') s.waitPid = asInt(a[0]);
  else if (d.name === 'waitid')
    s.waitPid = Number(a[0]) === 1 ? asInt(a[1]) : -1; // P_PID = 1
  else if (d.name === 'epoll_wait' || d.name === 'epoll_pwait') s.timeoutMs = asInt(a[3]);
  else if (d.name === 'poll') s.timeoutMs = asInt(a[2]);
  return s;
}
