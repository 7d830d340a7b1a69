// The judgement alone, over facts made by hand: what closes a graph and what keeps it open.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  judgeWaits,
  type On,
  type ThreadWait,
  type WaitFacts,
  type Wakers,
} from '../../../../src/runner/waits/index.ts';

const on: On = { kind: 'pipe', fd: 3, inode: 1, op: 'read', fifo: null };
const wakers = (w: Partial<Wakers> = {}): Wakers => ({ inside: [], outside: [], timer: null, unknown: [], ...w });
const by = (
  pid: number,
  role: Wakers['inside'][number]['role'] = { role: 'holds', fd: 4, object: 'pipe:[1]', end: 'write' },
) => ({ pid, command: `p${pid}`, role });
const thread = (pid: number, tid: number, w: Wakers, x: Partial<ThreadWait> = {}): ThreadWait => ({
  pid,
  tid,
  thread: 'python3',
  state: 'S',
  syscall: 'read',
  timed: false,
  housekeeping: false,
  on,
  wakers: w,
  ...x,
});
const facts = (threads: ThreadWait[], o: { zombies?: number[]; housekeeping?: number[] } = {}): WaitFacts => {
  const pids = [...new Set([...threads.map((t) => t.pid), ...(o.zombies ?? [])])];
  return {
    procRoot: '/proc',
    unreadable: [],
    cost: {},
    threads,
    processes: pids.map((pid) => ({
      pid,
      ppid: 1,
      state: o.zombies?.includes(pid) ? 'Z' : 'S',
      command: `p${pid}`,
      startTicks: 0,
      housekeeping: o.housekeeping?.includes(pid) ?? false,
    })),
  };
};

test('a process reading a pipe only it can write: hang (a process may be its own waker)', () => {
  assert.equal(judgeWaits(facts([thread(1, 1, wakers({ inside: [by(1)] }))])).kind, 'hang');
});

test('a waker that is a zombie can no longer act: closed', () => {
  assert.equal(
    judgeWaits(facts([thread(1, 1, wakers({ inside: [by(2, { role: 'exits', state: 'Z' })] }))], { zombies: [2] }))
      .kind,
    'hang',
  );
});

test('a process is a waker as a whole: one of its threads running keeps the graph open', () => {
  const v = judgeWaits(
    facts([
      thread(1, 1, wakers({ inside: [by(2)] })),
      thread(2, 2, wakers({ inside: [by(1)] })),
      thread(2, 3, wakers(), { state: 'R', on: { kind: 'running', state: 'R' } }),
    ]),
  );
  assert.equal(v.kind, 'not proven');
});

test('a housekeeping thread is never required to be blocked, unless it runs', () => {
  const hk = (state: string) =>
    thread(1, 2, wakers({ timer: 'the call has a timeout' }), {
      housekeeping: true,
      state,
      on: state === 'R' ? { kind: 'running', state } : on,
    });
  assert.equal(judgeWaits(facts([thread(1, 1, wakers({ inside: [by(1)] })), hk('S')])).kind, 'hang');
  assert.equal(judgeWaits(facts([thread(1, 1, wakers({ inside: [by(1)] })), hk('R')])).kind, 'not proven');
});

test('a closed pair beside a running process: stuck, proven; the running one named among the others', () => {
  const v = judgeWaits(
    facts([
      thread(1, 1, wakers({ inside: [by(2)] })),
      thread(2, 2, wakers({ inside: [by(1)] })),
      thread(3, 3, wakers(), { state: 'R', on: { kind: 'running', state: 'R' } }),
    ]),
  );
  assert.ok(v.kind === 'stuck' && v.proven && v.others.length === 1 && v.others[0]!.pid === 3, JSON.stringify(v));
});

test('waiting names each outside party with every thread behind it, even through others', () => {
  const v = judgeWaits(
    facts([
      thread(1, 1, wakers({ inside: [by(2)] })),
      thread(2, 2, wakers({ outside: [{ kind: 'remote', proto: 'tcp', address: '10.0.0.1', port: 80 }] })),
    ]),
  );
  assert.ok(v.kind === 'waiting' && v.outside.length === 1, JSON.stringify(v));
  assert.deepEqual(v.kind === 'waiting' && v.outside[0]!.waiters.map((w) => w.pid), [1, 2]);
});

test('an unknown waker anywhere in a graph that would close: not proven, never hang', () => {
  const v = judgeWaits(
    facts([
      thread(1, 1, wakers({ inside: [by(2)] })),
      thread(2, 2, wakers({ inside: [by(1)], unknown: ['something'] })),
    ]),
  );
  assert.ok(v.kind === 'not proven' && /something/.test(v.reason), JSON.stringify(v));
});

test('a poller behind a futex is tolerated (stuck, not proven); a poller waited for is not (a sleeping child)', () => {
  const poller = thread(1, 2, wakers({ timer: 'nanosleep' }), {
    syscall: 'clock_nanosleep',
    timed: true,
    on: { kind: 'sleep', call: 'clock_nanosleep' },
  });
  const futex = thread(1, 1, wakers({ inside: [by(1, { role: 'same process' })] }), { syscall: 'futex' });
  const v = judgeWaits(facts([futex, poller]));
  assert.ok(v.kind === 'stuck' && !v.proven && v.pollers.length === 1 && v.pollers[0]!.tid === 2, JSON.stringify(v));
  const parent = thread(3, 3, wakers({ inside: [by(4, { role: 'exits', state: 'S' })] }), { syscall: 'wait4' });
  const child = thread(4, 4, wakers({ timer: 'nanosleep' }), { timed: true, on: { kind: 'sleep', call: 'nanosleep' } });
  assert.equal(judgeWaits(facts([parent, child])).kind, 'not proven');
});

test('a process of the run whose fds are unreadable forbids any proof', () => {
  const f = facts([thread(1, 1, wakers({ inside: [by(1)] }))]);
  f.unreadable = [1];
  assert.equal(judgeWaits(f).kind, 'not proven');
});
