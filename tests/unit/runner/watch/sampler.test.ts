// The watcher's cheap look: a thread that has not run since the last look is not read again, a
// fresh look reads every thread; the /proc files it keeps open are closed when their thread or process is gone and
// when the sampler is closed.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { Sampler } from '../../../../src/runner/watch/sampler.ts';
import { repoRoot } from '../../../../src/shared/paths.ts';
import { sleep } from '../../../../src/shared/time.ts';
import { reap, startTree, until } from '../../_support/processes.ts';

const openFds = () => readdirSync('/proc/self/fd').length;

test('threads that did not run are kept as they were; a fresh look reads them all anew', async () => {
  // 21 threads, each in one long sleep.
  const tree = startTree(['python3', `${repoRoot}/tests/fixtures/runner/many-sleepers.py`, '20', '5'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    await new Promise((resolve) => tree.child.stdout!.once('data', resolve));
    const sampler = new Sampler(tree.pid);
    const first = sampler.look(true, true);
    assert.equal(first.threads.length, 21);
    await sleep(120);
    const again = sampler.look(false, false);
    const kept = again.threads.filter((t) => first.threads.includes(t));
    assert.ok(kept.length >= 19, `${kept.length} of 21 samples kept`);
    // A fresh look reads every thread: no sample is the old object.
    const fresh = sampler.look(false, true);
    assert.equal(fresh.threads.filter((t) => again.threads.includes(t)).length, 0);
    assert.deepEqual(
      fresh.threads.map((t) => [t.tid, t.state, t.syscall.name]).sort(),
      again.threads.map((t) => [t.tid, t.state, t.syscall.name]).sort(),
    );
    sampler.close();
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});

test('the files kept open are closed when the tree is gone and when the sampler closes', async () => {
  const before = openFds();
  const tree = startTree(['python3', `${repoRoot}/tests/fixtures/runner/many-sleepers.py`, '30', '30'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const sampler = new Sampler(tree.pid);
  try {
    await new Promise((resolve) => tree.child.stdout!.once('data', resolve));
    sampler.look(false, true);
    assert.ok(openFds() - before >= 31, `${openFds() - before} fds open for 31 threads`);
    assert.deepEqual(await reap(tree), []);
    await until(() => sampler.look(false, false).tree.length === 0, 'a look that finds nothing');
    assert.ok(openFds() - before <= 3, `${openFds() - before} fds still open`);
  } finally {
    sampler.close();
    await reap(tree);
  }
  assert.ok(openFds() <= before + 2, `${openFds() - before} fds left open after close()`);
});
