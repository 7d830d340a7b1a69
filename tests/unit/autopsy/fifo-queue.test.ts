// The TypeScript twin of the queue: a FIFO fd passed to a child, a libuv worker in pipe_write.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hungAutopsy, diagnose, groupHousekeeping } from './harness.ts';

test('TypeScript FIFO queue: a libuv worker writes into a full FIFO, both event loops wait', async () => {
  const { raw, norm } = await hungAutopsy('fifo-queue.ts');
  assert.equal(
    diagnose(norm),
    "The child's thread libuv-worker is blocked writing 100,006 bytes into fifo A, which is full. " +
      'Its read end is open in the parent, which is idle in its event loop, waiting for the child to exit, ' +
      'and in the child itself, whose main thread is idle in its event loop, waiting for that write to finish. ' +
      'Nobody will read: neither can move.',
  );
  const child = raw.processes.find((p) => p.threads.some((t) => t.name === 'libuv-worker' && !t.housekeeping))!;
  const worker = child.threads.find((t) => t.name === 'libuv-worker' && !t.housekeeping)!;
  assert.match(worker.wchan, /pipe_write/);
  assert.equal(child.fds.find((f) => f.fd === 3)?.dir, 'both'); // the FIFO was opened O_RDWR
  // The parent's loop holds a child-process handle for the child: that is what it waits for.
  assert.deepEqual(
    raw.processes[0]!.handles?.filter((h) => h.type === 'Process').map((h) => h.pid),
    [child.pid],
  );
  // V8's and libuv's idle threads are folded into one line each, not listed.
  const labels = groupHousekeeping(norm).map((g) => g.label);
  assert.ok(labels.includes('V8 platform worker (V8Worker)'), labels.join(' | '));
  assert.ok(labels.includes('idle libuv worker (libuv-worker)'), labels.join(' | '));
});
