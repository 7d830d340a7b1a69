// A Node main thread blocked in a synchronous write: no signal is sent (it would cut the write
// short), the stacks say why, and the diagnosis still closes the cycle from /proc alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hungAutopsy, diagnose } from './harness.ts';

test('Node writeSync into a full FIFO: the main thread itself is stuck; stacks not taken, and why', async () => {
  const { norm } = await hungAutopsy('fifo-sync.ts');
  assert.equal(
    diagnose(norm),
    'The child is blocked writing 100,000 bytes into fifo A, which is full. ' +
      'Its read end is open in the parent, which is idle in its event loop, waiting for the child to exit, ' +
      'and in the child itself, which cannot read while it is blocked writing. Nobody will read: neither can move.',
  );
  assert.equal(
    norm.processes[1]!.stacks,
    'not taken: the main thread is blocked in write(), which a signal would cut short',
  );
  assert.equal(norm.processes[0]!.stacks, 'taken');
});
