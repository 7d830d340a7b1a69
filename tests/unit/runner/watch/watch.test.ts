// The hang prover on real process trees, with its effects passed in: it confirms the hang of a
// tree that is blocked for good, never calls a sleeping tree or a busy loop hung, counts output as
// progress, and reports a cap the tree went past.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { Watcher, type WatchOptions } from '../../../../src/runner/watch/watch.ts';
import { sleep } from '../../../../src/shared/time.ts';
import { reap, startTree, until, type Tree } from '../../_support/processes.ts';

type HangInfo = Parameters<WatchOptions['onHang']>[0];

/** A watcher on the tree, every verdict recorded; quiet window 100 ms, a sample every 20 ms. */
function watch(tree: Tree, o: Partial<WatchOptions> = {}) {
  const t0 = performance.now();
  const seen = { hang: null as HangInfo | null, limits: [] as string[], suspects: 0 };
  const watcher = new Watcher({
    rootPid: tree.pid,
    now: () => performance.now() - t0,
    quietMs: 100,
    intervalMs: 20,
    maxProcesses: 64,
    maxMemoryBytes: 2 * 1024 ** 3,
    outputBytes: () => 0,
    onHang: (info) => (seen.hang = info),
    onLimit: (kind, detail) => {
      seen.limits.push(`${kind}: ${detail}`);
      watcher.stop();
    },
    onSuspect: () => seen.suspects++,
    ...o,
  });
  watcher.start();
  return { watcher, seen, now: () => performance.now() - t0 };
}

/** `sh -c 'cat; echo'`: the shell waits for cat, cat reads a pipe this test holds open and never writes. */
const blockedReader = () => startTree(['/bin/sh', '-c', 'cat; echo done'], { stdio: ['pipe', 'ignore', 'ignore'] });

test('a parent waiting for a child blocked reading a pipe nobody writes is proven hung', async () => {
  const tree = blockedReader();
  try {
    const { watcher, seen } = watch(tree);
    const hang = await until(() => seen.hang, 'a hang verdict');
    assert.ok(
      hang.confirmedAtMs - hang.quietAtMs >= 100,
      `confirmed ${hang.confirmedAtMs - hang.quietAtMs} ms after quiet`,
    );
    assert.equal(seen.suspects, 1, 'onSuspect: once, the first time the tree looked stuck');
    const cat = hang.tree.find((p) => p.ppid === tree.pid)!;
    assert.equal(cat.comm, 'cat');
    assert.deepEqual(hang.tree.map((p) => p.pid).sort(), [tree.pid, cat.pid].sort());
    const byPid = new Map(hang.threads.map((t) => [t.pid, t]));
    assert.deepEqual(
      [byPid.get(cat.pid)!.syscall.name, byPid.get(cat.pid)!.syscall.timed, byPid.get(cat.pid)!.state],
      ['read', false, 'S'],
    );
    assert.match(byPid.get(tree.pid)!.syscall.name, /^(wait4|waitid)$/);
    assert.equal(watcher.notHungBecause, '');
    // The timeline holds each thread's state as it was first seen; the heartbeat's look, the last one.
    assert.ok(watcher.timeline.some((e) => e.pid === cat.pid && e.syscall.name === 'read' && e.syscall.fd === 0));
    assert.deepEqual(
      watcher
        .lastLook()
        .map((t) => t.pid)
        .sort(),
      [tree.pid, cat.pid].sort(),
    );
    // A verdict stops the watcher: no second one.
    const samples = watcher.timeline.length;
    await sleep(100);
    assert.equal(watcher.timeline.length, samples);
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});

describe('never hung', { concurrency: true }, () => {
  for (const [what, argv, because] of [
    [
      'a parent waiting for a child in sleep(30)',
      ['/bin/sh', '-c', 'sleep 30; echo done'],
      /is in a timed \w*nanosleep/,
    ],
    ['a busy loop', ['/bin/sh', '-c', 'while :; do :; done'], /is running/],
  ] as const) {
    test(`${what}, watched for a second`, async () => {
      const tree = startTree([...argv]);
      try {
        const { watcher, seen } = watch(tree);
        await sleep(1000);
        watcher.stop();
        assert.equal(seen.hang, null);
        assert.match(watcher.notHungBecause, because);
        assert.ok(watcher.timeline.length > 0, 'the tree was sampled');
      } finally {
        assert.deepEqual(await reap(tree), []);
      }
    });
  }

  test('a blocked tree that keeps printing is not hung; once it stops, it is', async () => {
    const tree = blockedReader();
    try {
      let printed = 0;
      const { seen, now } = watch(tree, { outputBytes: () => printed });
      const printing = setInterval(() => (printed += 10), 15);
      await sleep(800);
      clearInterval(printing);
      const stoppedAtMs = now();
      assert.equal(seen.hang, null, 'output is progress');
      const stoppedAt = printed;
      const hang = await until(() => seen.hang, 'a hang verdict once the output stopped');
      assert.equal(printed, stoppedAt);
      // The quiet window starts at the sample that saw the last byte, not before.
      assert.ok(hang.quietAtMs >= stoppedAtMs - 100, `quiet since ${hang.quietAtMs} ms, printing until ${stoppedAtMs}`);
    } finally {
      assert.deepEqual(await reap(tree), []);
    }
  });

  test('a tree whose root has exited gets no verdict (the exit path takes over)', async () => {
    const tree = startTree(['/bin/sh', '-c', 'exit 0']);
    try {
      await new Promise((resolve) => tree.child.once('exit', resolve));
      const { watcher, seen } = watch(tree);
      await sleep(300);
      watcher.stop();
      assert.deepEqual([seen.hang, seen.limits, watcher.timeline], [null, [], []]);
    } finally {
      assert.deepEqual(await reap(tree), []);
    }
  });
});

test('a tree past its process cap is reported, with the count and the cap', async () => {
  const tree = startTree(['/bin/sh', '-c', 'sleep 30 & sleep 30 & wait']);
  try {
    const { seen } = watch(tree, { maxProcesses: 2 });
    const [limit] = await until(() => (seen.limits.length ? seen.limits : null), 'the process cap');
    assert.match(limit!, /^processes: [3-9] processes alive, cap 2$/);
    assert.equal(seen.hang, null);
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});

test('a tree past its memory cap is reported, with the resident bytes and the cap', async () => {
  const tree = blockedReader();
  try {
    const { seen } = watch(tree, { maxMemoryBytes: 4096 });
    const [limit] = await until(() => (seen.limits.length ? seen.limits : null), 'the memory cap');
    const bytes = Number(/^memory: (\d+) bytes resident, cap 4096$/.exec(limit!)?.[1]);
    assert.ok(bytes > 4096 && bytes % 4096 === 0, limit);
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});
