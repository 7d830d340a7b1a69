// epoll, poll and select: the fds they watch are decoded and each is judged like a plain wait; wait4 waits on children.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { killAll, lookUntil, show, startFixture } from './harness.ts';

after(killAll);

test('a ring of three processes in poll(), select() and epoll, each waiting on the next: hang', async () => {
  const run = startFixture('multiplex-ring.py');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 3 });
  assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads }));
  const calls = facts.threads.map((t) => (t.on.kind === 'poll' ? t.on.call : t.on.kind)).sort();
  assert.deepEqual(
    calls.map((c) => c.replace(/^(ppoll|pselect6)$/, (m) => ({ ppoll: 'poll', pselect6: 'select' })[m]!)),
    ['epoll_wait', 'poll', 'select'].sort(),
    show(calls),
  );
  for (const t of facts.threads) {
    assert.ok(t.on.kind === 'poll' && t.on.fds.length === 1 && t.on.fds[0]!.on.kind === 'pipe', show(t.on));
    assert.equal(t.wakers.inside.length, 1);
    assert.notEqual(t.wakers.inside[0]!.pid, t.pid, 'the other end is held by the next process only');
  }
});

test('a parent waiting by pid for a blocked child beside an unreaped zombie child: hang, the zombie seen', async () => {
  const run = startFixture('wait-zombie-sibling.py');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 3 });
  assert.equal(verdict.kind, 'hang', show({ verdict, facts }));
  assert.ok(
    facts.processes.some((p) => p.state === 'Z'),
    "the zombie is one of the run's processes",
  );
  const parent = facts.threads.find((t) => t.pid === run.pid)!;
  assert.ok(
    parent.on.kind === 'children' && parent.on.children.length === 1 && parent.on.children[0]!.state === 'S',
    show(parent.on),
  );
});
