// Futexes: private ones are woken only by their own process; shared ones by every process that maps the memory.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, test } from 'node:test';
import {
  firstLine,
  killAll,
  lookUntil,
  outside,
  python,
  settle,
  show,
  start,
  startFixture,
  waiting,
} from './harness.ts';

const dir = mkdtempSync(`${tmpdir()}/waits-futex-`);
after(async () => {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

test('two threads deadlocked on two locks, the main thread joining them: hang', async () => {
  const run = startFixture('lock-deadlock-threads.py');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang');
  assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads }));
  const t = waiting(facts, 'futex');
  assert.ok(t.on.kind === 'futex' && t.on.futexes[0]!.private, show(t.on));
  assert.deepEqual(
    t.wakers.inside.map((w) => w.role.role),
    ['same process'],
  );
});

test('a multiprocessing.Lock (shared memory) held by a blocked child: hang, its mappers all inside', async () => {
  const run = startFixture('mp-lock-deadlock.py');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 2 });
  assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads }));
  const parent = facts.threads.find((t) => t.pid === run.pid && t.on.kind === 'futex')!;
  assert.ok(
    parent.on.kind === 'futex' && !parent.on.futexes[0]!.private && parent.on.futexes[0]!.mapping,
    show(parent.on),
  );
  assert.ok(
    parent.wakers.inside.some((w) => w.pid !== run.pid && w.role.role === 'maps'),
    show(parent.wakers),
  );
});

test('a shared futex in a file an outside process maps too: waiting, on that process', async () => {
  const file = `${dir}/shared`;
  writeFileSync(file, Buffer.alloc(4096));
  const mapper = start(python, [outside + 'futex-map.py', file, '30'], { stdout: 'pipe' });
  await firstLine(mapper);
  const run = startFixture('futex-shared-wait.py', [file]);
  await settle(run.pid!);
  unlinkSync(file); // no name left: only the processes that map it can wake the futex
  const isWaiting = (v: { kind: string; outside?: { waker: { kind: string; pid?: number } }[] }) =>
    v.kind === 'waiting' && v.outside!.some((o) => o.waker.kind === 'process' && o.waker.pid === mapper.pid);
  const { verdict, facts, seen } = await lookUntil(run.pid!, isWaiting);
  assert.ok(isWaiting(verdict), show({ verdict, threads: facts.threads }));
  assert.ok(!seen.some((v) => v.kind === 'hang'), `said hang: ${show(seen)}`);
  assert.ok(
    verdict.kind === 'waiting' && !verdict.outside.some((o) => o.waker.kind === 'door'),
    'a deleted file is no door',
  );
});

test('the same shared futex while the file still has a name: anyone may map it (a door)', async () => {
  const file = `${dir}/named`;
  writeFileSync(file, Buffer.alloc(4096));
  const run = startFixture('futex-shared-wait.py', [file]);
  const { verdict } = await lookUntil(run.pid!, (v) => v.kind === 'waiting');
  assert.ok(
    verdict.kind === 'waiting' &&
      verdict.outside.some((o) => o.waker.kind === 'door' && o.waker.target.startsWith(file)),
    show(verdict),
  );
});

test(
  'a plain os.fork() while another thread holds a lock: ' + 'the child blocks on it forever, the parent waits: hang',
  async () => {
    const run = startFixture('fork-while-locked.py');
    const { verdict, facts, seen } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 2 });
    assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads, seen }));
    const child = facts.processes.find((p) => p.pid !== run.pid)!;
    const t = facts.threads.find((x) => x.pid === child.pid)!;
    assert.equal(t.on.kind, 'futex');
    assert.deepEqual(
      t.wakers.inside.map((w) => w.pid),
      [child.pid],
      'only the child itself could release it',
    );
  },
);
