// The watcher and its prover on real process trees, with their effects passed in: the watcher's
// cheap rule finds a blocked tree quiet, never a sleeping tree or a busy loop, counts output as
// progress and reports a cap; the prover proves a hang only when the wait-for graph closes inside
// the tree (a pipe this test holds open is an outside party: waiting, never hung).
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { stopUnixDiag } from '../../../../src/runner/waits/index.ts';
import { Prover, type Proven } from '../../../../src/runner/watch/prove.ts';
import { Watcher, type Look, type WatchOptions } from '../../../../src/runner/watch/watch.ts';
import { repoRoot } from '../../../../src/shared/paths.ts';
import { sleep } from '../../../../src/shared/time.ts';
import { reap, startTree, until, type Tree } from '../../_support/processes.ts';

const hangs = `${repoRoot}/tests/fixtures/hangs/`;

/** A watcher and a prover on the tree, every look and verdict recorded; quiet window 100 ms, a look every 20 ms. */
function watch(tree: Tree, o: Partial<WatchOptions> = {}) {
  const t0 = performance.now();
  const seen = { proven: null as Proven | null, limits: [] as string[], looks: [] as Look[] };
  const watcher: Watcher = new Watcher({
    rootPid: tree.pid,
    now: () => performance.now() - t0,
    intervalMs: 20,
    maxProcesses: 64,
    maxMemoryBytes: 2 * 1024 ** 3,
    outputBytes: () => 0,
    onLook: (look) => {
      seen.looks.push(look);
      prover.offer(look);
    },
    onLimit: (kind, detail) => {
      seen.limits.push(`${kind}: ${detail}`);
      watcher.stop();
    },
    ...o,
  });
  const prover = new Prover({
    quietMs: 100,
    stuckMs: 3000,
    waitBoundMs: null,
    look: (scan) => watcher.sample(true, scan),
    onProven: (p) => {
      seen.proven = p;
      watcher.stop();
    },
  });
  watcher.start();
  return { watcher, prover, seen, now: () => performance.now() - t0 };
}

test('a child reading a pipe this test holds: quiet to the watcher, waiting to the prover, never hung', async () => {
  const tree = startTree(['/bin/sh', '-c', 'cat; echo done'], { stdio: ['pipe', 'ignore', 'ignore'] });
  try {
    const { watcher, prover, seen } = watch(tree);
    await until(() => prover.last?.confirmed && prover.last.verdict.kind === 'waiting', 'a waiting verdict');
    watcher.stop();
    const v = prover.last!.verdict;
    assert.ok(
      v.kind === 'waiting' && v.outside.some((o) => o.waker.kind === 'process' && o.waker.pid === process.pid),
      JSON.stringify(v),
    );
    assert.equal(seen.proven, null, 'a wait on an outside party ends nothing early');
    const quiet = seen.looks.at(-1)!;
    assert.equal(quiet.notQuiet, '');
    const cat = quiet.tree.find((p) => p.ppid === tree.pid)!;
    assert.equal(cat.comm, 'cat');
    const thread = quiet.threads.find((t) => t.pid === cat.pid)!;
    assert.deepEqual([thread.syscall.name, thread.syscall.timed, thread.state], ['read', false, 'S']);
    // The timeline holds each thread's state as it was first seen; the heartbeat's look, the last one.
    assert.ok(watcher.timeline.some((e) => e.pid === cat.pid && e.syscall.name === 'read' && e.syscall.fd === 0));
    assert.deepEqual(
      watcher
        .lastLook()
        .map((t) => t.pid)
        .sort(),
      [tree.pid, cat.pid].sort(),
    );
  } finally {
    assert.deepEqual(await reap(tree), []);
    stopUnixDiag();
  }
});

test('a socketpair between a parent and its child, both reading: proven hung after the quiet window', async () => {
  const tree = startTree(['python3', `${hangs}socketpair-both-read.py`]);
  try {
    const { seen } = watch(tree);
    const proven = await until(() => seen.proven, 'a hang verdict');
    assert.equal(proven.kind, 'hang');
    assert.ok(proven.judged.confirmed);
    const after = proven.judged.atMs - proven.judged.sinceMs;
    assert.ok(after >= 100, `confirmed ${after} ms after quiet`);
    assert.equal(proven.judged.facts.processes.length, 2);
  } finally {
    assert.deepEqual(await reap(tree), []);
    stopUnixDiag();
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
        assert.equal(seen.proven, null);
        assert.match(watcher.notHungBecause, because);
        assert.ok(watcher.timeline.length > 0, 'the tree was sampled');
      } finally {
        assert.deepEqual(await reap(tree), []);
      }
    });
  }

  test('a blocked tree that keeps printing is not hung; once it stops, it is', async () => {
    const tree = startTree(['python3', `${hangs}socketpair-both-read.py`]);
    try {
      let printed = 0;
      const { seen, now } = watch(tree, { outputBytes: () => printed });
      const printing = setInterval(() => (printed += 10), 15);
      await sleep(800);
      clearInterval(printing);
      const stoppedAtMs = now();
      assert.equal(seen.proven, null, 'output is progress');
      const stoppedAt = printed;
      const proven = await until(() => seen.proven, 'a hang verdict once the output stopped');
      assert.equal(proven.kind, 'hang');
      assert.equal(printed, stoppedAt);
      // The quiet window starts at the look that saw the last byte, not before.
      const since = proven.judged.sinceMs;
      assert.ok(since >= stoppedAtMs - 100, `quiet since ${since} ms, printing until ${stoppedAtMs}`);
    } finally {
      assert.deepEqual(await reap(tree), []);
      stopUnixDiag();
    }
  });

  test('a tree whose root has exited gets no look (the exit path takes over)', async () => {
    const tree = startTree(['/bin/sh', '-c', 'exit 0']);
    try {
      await new Promise((resolve) => tree.child.once('exit', resolve));
      const { watcher, seen } = watch(tree);
      await sleep(300);
      watcher.stop();
      assert.deepEqual([seen.proven, seen.limits, seen.looks, watcher.timeline], [null, [], [], []]);
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
    assert.equal(seen.proven, null);
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});

test('a tree past its memory cap is reported, with the resident bytes and the cap', async () => {
  const tree = startTree(['/bin/sh', '-c', 'cat; echo done'], { stdio: ['pipe', 'ignore', 'ignore'] });
  try {
    const { seen } = watch(tree, { maxMemoryBytes: 4096 });
    const [limit] = await until(() => (seen.limits.length ? seen.limits : null), 'the memory cap');
    const bytes = Number(/^memory: ([\d,]+) bytes resident, cap 4,096$/.exec(limit!)?.[1]?.replaceAll(',', ''));
    assert.ok(bytes > 4096 && bytes % 4096 === 0, limit);
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});

test('200 threads in timed sleeps: looks back off to at most one every 100 ms after a second', async () => {
  const tree = startTree(['python3', `${repoRoot}/tests/fixtures/runner/many-sleepers.py`, '200', '4'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    await new Promise((resolve) => tree.child.stdout!.once('data', resolve));
    const { watcher, seen } = watch(tree);
    await sleep(2500);
    watcher.stop();
    const late = seen.looks.filter((l) => l.t > 1500);
    const gaps = late
      .slice(1)
      .map((l, i) => l.t - late[i]!.t)
      .sort((a, b) => a - b);
    const median = gaps[Math.floor(gaps.length / 2)]!;
    assert.ok(median >= 60, `gaps after the first second: ${gaps.join(', ')}`);
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});
