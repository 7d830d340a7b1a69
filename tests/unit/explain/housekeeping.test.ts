// Runtime housekeeping folded into one line a kind, on real hung trees: V8's and libuv's idle
// threads in a Node program, Python's resource tracker under the spawn start method only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupHousekeeping } from '../../../src/explain/housekeeping.ts';
import { hungAutopsy } from '../_support/autopsy.ts';

test("TypeScript FIFO queue: V8's and libuv's idle threads are folded into one line each, not listed", async () => {
  const { norm } = await hungAutopsy('fifo-queue.ts');
  const labels = groupHousekeeping(norm).map((g) => g.label);
  assert.ok(labels.includes('V8 platform worker (V8Worker)'), labels.join(' | '));
  assert.ok(labels.includes('idle libuv worker (libuv-worker)'), labels.join(' | '));
});

for (const method of ['fork', 'spawn'] as const) {
  test(`Python queue hang (${method}): the resource tracker folds into one line under spawn only`, async () => {
    const { norm } = await hungAutopsy('queue-hang.py', [method]);
    const housekeeping = groupHousekeeping(norm).map((g) => `${g.count} × ${g.label}`);
    assert.deepEqual(
      housekeeping.filter((g) => /resource tracker/.test(g)),
      method === 'spawn' ? ["1 × Python's resource tracker"] : [],
    );
  });
}
