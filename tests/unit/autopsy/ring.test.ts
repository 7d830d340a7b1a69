// Three processes in a ring, each blocked writing into the next one's full pipe.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hungAutopsy, diagnose } from './harness.ts';
import { findCycle, waitGraph } from '../../../src/explain/graph.ts';

test('a ring of three processes, each blocked writing to the next', async () => {
  const { norm } = await hungAutopsy('ring.py', ['3']);
  assert.equal(
    diagnose(norm),
    'The parent is blocked writing 200,000 bytes into pipe A, which is full. ' +
      'Its read end is open in child P2, which is blocked writing 200,000 bytes into pipe B, which is full. ' +
      'Its read end is open in child P3, which is blocked writing 200,000 bytes into pipe C, which is full. ' +
      'Its read end is open in the parent, the one blocked writing into pipe A. Nobody will read: none can move.',
  );
  assert.deepEqual(findCycle(waitGraph(norm)), [1, 2, 3]);
});
