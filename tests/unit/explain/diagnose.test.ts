// The diagnosis of real hung trees, in the words a reader sees under a hung run: each fixture of
// tests/fixtures/autopsy is run until the engine proves the hang, then its autopsy is put into
// sentences. The facts these sentences are made of are asserted in runner/autopsy/take.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose, explainAutopsy } from '../../../src/explain/diagnose.ts';
import { findCycle, waitGraph } from '../../../src/explain/graph.ts';
import { hungAutopsy } from '../_support/autopsy.ts';

test("two processes each blocked writing into the other one's full pipe", async () => {
  const { norm } = await hungAutopsy('ring.py', ['2']);
  assert.equal(
    diagnose(norm),
    'The parent is blocked writing 200,000 bytes into pipe A, which is full. ' +
      'Its read end is open in the child, which is blocked writing 200,000 bytes into pipe B, which is full. ' +
      'Its read end is open in the parent, the one blocked writing into pipe A. Nobody will read: neither can move.',
  );
  assert.deepEqual(findCycle(norm, waitGraph(norm)), [1, 2]);
});

test('a ring of three processes, each blocked writing to the next', async () => {
  const { norm } = await hungAutopsy('ring.py', ['3']);
  assert.equal(
    diagnose(norm),
    'The parent is blocked writing 200,000 bytes into pipe A, which is full. ' +
      'Its read end is open in child P2, which is blocked writing 200,000 bytes into pipe B, which is full. ' +
      'Its read end is open in child P3, which is blocked writing 200,000 bytes into pipe C, which is full. ' +
      'Its read end is open in the parent, the one blocked writing into pipe A. Nobody will read: none can move.',
  );
  assert.deepEqual(findCycle(norm, waitGraph(norm)), [1, 2, 3]);
});

// Bob's hang under the fork and spawn start methods: the feeder thread, the full pipe, both
// read ends — the same cycle either way.
for (const method of ['fork', 'spawn'] as const) {
  test(`Python queue hang (${method}): the feeder thread writes into a full pipe nobody reads`, async () => {
    const { raw, norm } = await hungAutopsy('queue-hang.py', [method]);
    assert.equal(
      diagnose(norm),
      "The child's thread QueueFeederThread is blocked writing 100,009 bytes into pipe A, which is full. " +
        'Its read end is open in the parent, which is waiting for the child to exit, and in the child itself, ' +
        'whose main thread is waiting for QueueFeederThread to finish. Nobody will read: neither can move.',
    );
    // The raw form names the real pipe: the inode the feeder's fd points to.
    const child = raw.processes.find((p) => p.threads.some((t) => t.name === 'QueueFeederThread'))!;
    const feeder = child.threads.find((t) => t.name === 'QueueFeederThread')!;
    const fd = child.fds.find((f) => f.fd === feeder.syscall.fd)!;
    assert.match(diagnose(raw), new RegExp(`into pipe ${fd.inode}, which is full`));
  });
}

test('TypeScript FIFO queue: a libuv worker writes into a full FIFO, both event loops wait', async () => {
  const { norm } = await hungAutopsy('fifo-queue.ts');
  assert.equal(
    diagnose(norm),
    "The child's thread libuv-worker is blocked writing 100,006 bytes into fifo A, which is full. " +
      'Its read end is open in the parent, which is idle in its event loop, waiting for the child to exit, ' +
      'and in the child itself, whose main thread is idle in its event loop, waiting for that write to finish. ' +
      'Nobody will read: neither can move.',
  );
});

// A Node main thread blocked in a synchronous write: no signal is sent (it would cut the write
// short), and the diagnosis still closes the cycle from /proc alone.
test('Node writeSync into a full FIFO: the main thread itself is stuck; stacks not taken, and why', async () => {
  const { norm } = await hungAutopsy('fifo-sync.ts');
  assert.equal(
    diagnose(norm),
    'The child is blocked writing 100,000 bytes into fifo A, which is full. ' +
      'Its read end is open in the parent, which is idle in its event loop, waiting for the child to exit, ' +
      'and in the child itself, which cannot read while it is blocked writing. Nobody will read: neither can move.',
  );
});

// Node's stdio 'pipe' is a socketpair: a child writing to a stdout nobody reads cannot finish.
test('Node child writing to an unread stdout socketpair: the cycle through the socket peer', async () => {
  const { norm } = await hungAutopsy('socket-unread.ts');
  assert.equal(
    diagnose(norm),
    'The child is idle in its event loop, with output still queued for socket A, which takes no more. ' +
      'Its other end (socket B) is open in the parent, which is idle in its event loop, ' +
      'waiting for the child to exit. Nobody will read: neither can move.',
  );
});

test('no autopsy, or a failed one: one sentence that says why', () => {
  assert.equal(
    explainAutopsy({ status: 'failed', reason: "none of the run's processes could be read in /proc" }),
    "No autopsy: none of the run's processes could be read in /proc.",
  );
  assert.equal(explainAutopsy(null), 'No autopsy was taken.');
});
