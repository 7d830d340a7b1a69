// Partial hangs: a closed part of the tree beside threads that wake on timers.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { stopUnixDiag } from '../../../../src/runner/waits/index.ts';
import { killAll, lookUntil, show, startFixture } from './harness.ts';

after(async () => {
  await killAll();
  stopUnixDiag();
});

test('two children crossing pipes while the parent polls for them: stuck, proven, the parent a poller', async () => {
  const run = startFixture('children-deadlock-parent-polls.py');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'stuck', { processes: 3 });
  assert.ok(verdict.kind === 'stuck' && verdict.proven, show({ verdict, threads: facts.threads }));
  assert.deepEqual(
    verdict.stuck.map((t) => t.pid).sort(),
    facts.processes
      .filter((p) => p.pid !== run.pid)
      .map((p) => p.pid)
      .sort(),
  );
  assert.deepEqual(verdict.pollers, [{ pid: run.pid, tid: run.pid }]);
});

test(
  'a lock deadlock beside a thread that wakes every second: stuck, not proven ' +
    '(the poller shares the process and could release it)',
  async () => {
    const run = startFixture('deadlock-beside-poller.py');
    // Until both threads hold their first lock they sleep 0.1 s: look until all three are stuck.
    const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'stuck' && v.stuck.length === 3);
    assert.ok(verdict.kind === 'stuck' && !verdict.proven, show({ verdict, threads: facts.threads }));
    const poller = facts.threads.find((t) => t.on.kind === 'sleep')!;
    assert.deepEqual(verdict.pollers, [{ pid: poller.pid, tid: poller.tid }]);
    assert.equal(verdict.stuck.length, 3, 'the main thread joining, and the two deadlocked threads');
  },
);

test(
  "the issue's Manager().Lock() whose holder was SIGKILLed: " +
    'waiting, for a new connection to the manager (any client could release the lock)',
  async () => {
    const run = startFixture('manager-lock-dead-holder.py');
    // Until the parent asks for the lock it sleeps; look until the manager's handler waits behind its door.
    const isDoor = (v: {
      kind: string;
      outside?: { waker: { kind: string; door?: string; target?: string }; waiters: { pid: number }[] }[];
    }) =>
      v.kind === 'waiting' &&
      v.outside!.some(
        (o) =>
          o.waker.kind === 'door' &&
          o.waker.door === 'connect' &&
          /pymp-.*listener/.test(o.waker.target!) &&
          // The accepter waits there from the start; the handler of the parent's request joins it.
          o.waiters.filter((w) => w.pid !== run.pid).length >= 2,
      );
    const { verdict, facts, seen } = await lookUntil(run.pid!, isDoor, { processes: 2, timeoutMs: 15_000 });
    assert.ok(isDoor(verdict), show({ verdict, threads: facts.threads }));
    assert.ok(!seen.some((v) => v.kind === 'hang'), show(seen));
    // The parent waits for the manager's answer, the manager's handler for the lock: both behind the door.
    // The manager's handler waits behind the door (a futex: its poller is tolerated). The parent is
    // not said to wait only on the outside: the manager it waits for has a thread that wakes by itself.
    assert.ok(verdict.kind === 'waiting' && verdict.outside[0]!.waiters.every((w) => w.pid !== run.pid), show(verdict));
    const handler = facts.threads.find((t) => t.pid !== run.pid && t.on.kind === 'futex' && t.wakers.timer === null);
    assert.ok(handler, 'the manager thread that waits on the lock');
  },
);
