// Telling a timed wait from an untimed one, from the text of /proc/PID/task/TID/syscall ("NR arg1 …
// arg6 sp pc"). Every syscall the watcher knows is checked here against the kernel's own numbers
// (arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h) and against where its
// timeout argument is, both ways: a wait that wakes by itself is never taken for one that cannot.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch } from 'node:process';
import { test } from 'node:test';
import { decodeSyscall, syscallFacts } from '../../../../src/runner/watch/syscalls.ts';
import { sleep } from '../../../../src/shared/time.ts';

/** Where a syscall's timeout is: none, always one, an int in ms (<0: none), a pointer (NULL: none), futex's op. */
type Timeout = 'never' | 'always' | { int: number } | { ptr: number } | 'futex' | 'io_uring';

// name: [x86_64 number, arm64 number (null: no such syscall there), timeout]
const TABLE: Record<string, [number, number | null, Timeout]> = {
  read: [0, 63, 'never'],
  write: [1, 64, 'never'],
  poll: [7, null, { int: 2 }],
  readv: [19, 65, 'never'],
  writev: [20, 66, 'never'],
  select: [23, null, { ptr: 4 }],
  pause: [34, null, 'never'],
  nanosleep: [35, 101, 'always'],
  connect: [42, 203, 'never'],
  accept: [43, 202, 'never'],
  sendto: [44, 206, 'never'],
  recvfrom: [45, 207, 'never'],
  sendmsg: [46, 211, 'never'],
  recvmsg: [47, 212, 'never'],
  wait4: [61, 260, 'never'],
  msgrcv: [70, 188, 'never'],
  flock: [73, 32, 'never'],
  rt_sigtimedwait: [128, 137, { ptr: 2 }],
  rt_sigsuspend: [130, 133, 'never'],
  futex: [202, 98, 'futex'],
  io_getevents: [208, 4, { ptr: 4 }],
  semtimedop: [220, 192, { ptr: 3 }],
  clock_nanosleep: [230, 115, 'always'],
  epoll_wait: [232, null, { int: 3 }],
  mq_timedreceive: [243, 183, { ptr: 4 }],
  waitid: [247, 95, 'never'],
  openat: [257, 56, 'never'],
  pselect6: [270, 72, { ptr: 4 }],
  ppoll: [271, 73, { ptr: 2 }],
  epoll_pwait: [281, 22, { int: 3 }],
  accept4: [288, 242, 'never'],
  io_uring_enter: [426, 426, 'io_uring'],
  epoll_pwait2: [441, 441, { ptr: 3 }],
  futex_waitv: [449, 449, { ptr: 3 }],
};
const known = Object.entries(TABLE).filter(([, [x64, arm64]]) => (arch === 'arm64' ? arm64 : x64) !== null);
const nrOf = (name: string) => (arch === 'arm64' ? TABLE[name]![1] : TABLE[name]![0])!;

/** The text the kernel writes for a thread blocked in syscall `nr` with these six arguments. */
const line = (nr: number, args: bigint[]) =>
  [String(nr), ...args.map((a) => `0x${BigInt.asUintN(64, a).toString(16)}`), '0x7ffd1000', '0x7f0012345678'].join(' ');
const decode = (name: string, args: bigint[]) => decodeSyscall(line(nrOf(name), args));
/** Six arguments: non-zero everywhere (a pointer, a count), with `at` set to `value`. */
const args = (at: number, value: bigint) =>
  Array.from({ length: 6 }, (_, i) => (i === at ? value : 0x7ffe0000n + BigInt(i)));

const FUTEX_WAIT = 0n;
const FUTEX_PRIVATE = 128n;
const FUTEX_CLOCK_REALTIME = 256n;

test(
  'every syscall of the table is decoded by its number, and timed only when its timeout says so',
  { skip: arch !== 'x64' && arch !== 'arm64' && `no table for ${arch}` },
  () => {
    assert.ok(known.length >= 29, `${known.length} syscalls`);
    for (const [name, [, , timeout]] of known) {
      const cases: [bigint[], boolean][] =
        timeout === 'never'
          ? [
              [args(0, 3n), false],
              [args(3, 0n), false],
            ]
          : timeout === 'always'
            ? [
                [args(1, 0n), true],
                [args(0, 0n), true],
              ]
            : timeout === 'futex'
              ? [
                  [[0x7f00n, FUTEX_WAIT | FUTEX_PRIVATE, 1n, 0n, 0n, 0n], false],
                  [[0x7f00n, FUTEX_WAIT | FUTEX_PRIVATE, 1n, 0x7ffen, 0n, 0n], true],
                ]
              : timeout === 'io_uring'
                ? [
                    [[5n, 0n, 1n, 1n /* GETEVENTS */, 0n, 0n], false],
                    [[5n, 0n, 1n, 1n | 8n /* GETEVENTS | EXT_ARG: a timeout may be in argp */, 0x7ffen, 24n], true],
                  ]
                : 'int' in timeout
                  ? [
                      [args(timeout.int, -1n), false],
                      [args(timeout.int, 0xffffffffn), false], // -1 as the kernel shows an int
                      [args(timeout.int, 0n), true],
                      [args(timeout.int, 8081n), true],
                    ]
                  : [
                      [args(timeout.ptr, 0n), false],
                      [args(timeout.ptr, 0x7ffe1234n), true],
                    ];
      for (const [a, timed] of cases) {
        const d = decode(name, a);
        assert.deepEqual([d.name, d.known, d.timed], [name, true, timed], `${name}(${a.join(', ')})`);
        assert.deepEqual(
          d.args,
          a.map((x) => BigInt.asUintN(64, x)),
        );
      }
    }
  },
);

test(
  'futex: only the operations that wait, and only with a timeout pointer, wake by themselves',
  { skip: arch !== 'x64' && arch !== 'arm64' },
  () => {
    const futex = (op: bigint, timeout: bigint) => decode('futex', [0x7f00n, op, 1n, timeout, 0x7f08n, 0n]).timed;
    // WAIT, LOCK_PI, WAIT_BITSET, WAIT_REQUEUE_PI, LOCK_PI2; with the private and realtime-clock flags or not.
    for (const op of [0n, 6n, 9n, 11n, 13n])
      for (const flags of [0n, FUTEX_PRIVATE, FUTEX_PRIVATE | FUTEX_CLOCK_REALTIME]) {
        assert.equal(futex(op | flags, 0n), false, `op ${op | flags}, NULL timeout`);
        assert.equal(futex(op | flags, 0x7ffe0000n), true, `op ${op | flags}, a timeout`);
      }
    // WAKE, FD, REQUEUE, CMP_REQUEUE, WAKE_OP, UNLOCK_PI, TRYLOCK_PI, WAKE_BITSET, CMP_REQUEUE_PI:
    // their fourth argument is a count or a value, never a timeout.
    for (const op of [1n, 2n, 3n, 4n, 5n, 7n, 8n, 10n, 12n])
      assert.equal(futex(op | FUTEX_PRIVATE, 5n), false, `op ${op}`);
  },
);

test('running, blocked outside a syscall, and a syscall not in the table: none can prove a hang', () => {
  assert.deepEqual(decodeSyscall('running\n'), { name: 'running', nr: -2, args: [], timed: false, known: true });
  assert.deepEqual(decodeSyscall('-1 0x7ffd1000 0x7f0012345678\n'), {
    name: 'none',
    nr: -1,
    args: [],
    timed: false,
    known: false,
  });
  const getpid = decodeSyscall(line(arch === 'arm64' ? 172 : 39, args(0, 0n)));
  assert.deepEqual([getpid.name, getpid.known, getpid.timed], [`syscall ${arch === 'arm64' ? 172 : 39}`, false, false]);
});

test(
  'the facts kept of a wait: fd and bytes of I/O, the pid waited for, the timeout of poll and epoll',
  { skip: arch !== 'x64' && arch !== 'arm64' },
  () => {
    const facts = (name: string, a: bigint[]) => {
      const { fd, bytes, waitPid, timeoutMs } = syscallFacts(decode(name, a));
      return { fd, bytes, waitPid, timeoutMs };
    };
    const none = { fd: null, bytes: null, waitPid: null, timeoutMs: null };
    assert.deepEqual(facts('write', [4n, 0x7f00n, 105_665n, 0n, 0n, 0n]), { ...none, fd: 4, bytes: 105_665 });
    assert.deepEqual(facts('read', [0n, 0x7f00n, 65_536n, 0n, 0n, 0n]), { ...none, fd: 0, bytes: 65_536 });
    assert.deepEqual(facts('recvfrom', [7n, 0x7f00n, 10n, 0n, 0n, 0n]), { ...none, fd: 7, bytes: 10 });
    // Vectors: the byte count is in memory, not in the arguments.
    assert.deepEqual(facts('writev', [5n, 0x7f00n, 2n, 0n, 0n, 0n]), { ...none, fd: 5 });
    assert.deepEqual(facts('wait4', [4405n, 0x7ffdn, 0n, 0n, 0n, 0n]), { ...none, waitPid: 4405 });
    assert.deepEqual(facts('wait4', [-1n, 0x7ffdn, 0n, 0n, 0n, 0n]), { ...none, waitPid: -1 });
    assert.deepEqual(facts('waitid', [1n /* P_PID */, 77n, 0x7ffdn, 4n, 0n, 0n]), { ...none, waitPid: 77 });
    assert.deepEqual(facts('waitid', [0n /* P_ALL */, 0n, 0x7ffdn, 4n, 0n, 0n]), { ...none, waitPid: -1 });
    assert.deepEqual(facts('epoll_pwait', [16n, 0x7ffen, 1024n, -1n, 0n, 8n]), { ...none, timeoutMs: -1 });
    assert.deepEqual(facts('epoll_pwait', [16n, 0x7ffen, 1024n, 8081n, 0n, 8n]), { ...none, timeoutMs: 8081 });
    assert.deepEqual(facts('futex', [0x7f00n, 128n, 1n, 0n, 0n, 0n]), none);
    if (arch === 'x64') assert.deepEqual(facts('poll', [0x7ffen, 2n, 250n, 0n, 0n, 0n]), { ...none, timeoutMs: 250 });
  },
);

test('what the kernel writes for real threads: a sleep is timed, a blocked read is not', async () => {
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  const reader = spawn('cat', [], { stdio: ['pipe', 'ignore', 'ignore'] });
  try {
    const read = (pid: number) => decodeSyscall(readFileSync(`/proc/${pid}/syscall`, 'latin1'));
    let s = read(sleeper.pid!);
    let r = read(reader.pid!);
    for (let i = 0; i < 200 && (s.name === 'running' || r.name === 'running' || r.name !== 'read'); i++) {
      await sleep(10);
      [s, r] = [read(sleeper.pid!), read(reader.pid!)];
    }
    assert.deepEqual([s.name.endsWith('nanosleep'), s.timed, s.known], [true, true, true], s.name);
    assert.deepEqual([r.name, r.timed, r.known, syscallFacts(r).fd], ['read', false, true, 0]);
  } finally {
    for (const child of [sleeper, reader]) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
});
