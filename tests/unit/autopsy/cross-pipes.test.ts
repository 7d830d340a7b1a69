// Two processes, each blocked writing into the other's full pipe before it reads its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hungAutopsy, diagnose } from './harness.ts';
import { findCycle, waitGraph } from '../../../src/explain/graph.ts';

test("two processes each blocked writing into the other one's full pipe", async () => {
  const { norm } = await hungAutopsy('ring.py', ['2']);
  assert.equal(
    diagnose(norm),
    'The parent is blocked writing 200,000 bytes into pipe A, which is full. ' +
      'Its read end is open in the child, which is blocked writing 200,000 bytes into pipe B, which is full. ' +
      'Its read end is open in the parent, the one blocked writing into pipe A. Nobody will read: neither can move.',
  );
  assert.deepEqual(findCycle(waitGraph(norm)), [1, 2]);
});
