// The BisectChart's scale: every step placed against the boundary on a log scale, the last steps
// one apart still either side of it, finished left and hung right.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bisectScale } from '../../../src/components/bisect.ts';

const steps = [
  { size: 52828, hung: false },
  { size: 79242, hung: true },
  { size: 66035, hung: true },
  { size: 65514, hung: false },
  { size: 65516, hung: true },
  { size: 65515, hung: true },
];

test('the boundary lies between the largest that finished and the smallest that hung', () => {
  const s = bisectScale(steps);
  assert.equal(s.largestOk, 65514);
  assert.equal(s.smallestHung, 65515);
  assert.equal(s.boundary, 65514.5);
});

test('finished sizes sit left of the middle, hung ones right, nearer the closer they are', () => {
  const { rows } = bisectScale(steps);
  for (const r of rows) assert.ok(r.hung ? r.x > 50 : r.x < 50, `step ${r.step}`);
  const x = (size: number) => rows.find((r) => r.size === size)!.x;
  assert.ok(x(65515) < x(65516) && x(65516) < x(66035) && x(66035) < x(79242));
  assert.ok(x(65514) > x(52828));
  // One apart from the boundary still shows apart from it (a linear scale would put it on the line).
  assert.ok(x(65515) - 50 > 2 && 50 - x(65514) > 2);
  assert.ok(rows.every((r) => r.x >= 0 && r.x <= 100));
});

test('gridlines at 1, 10, 100… either side, within the farthest step', () => {
  const { grid } = bisectScale(steps);
  assert.deepEqual(
    grid.map((g) => g.distance),
    [1, 10, 100, 1000, 10000],
  );
  for (const g of grid) assert.ok(Math.abs(50 - g.left - (g.right - 50)) < 1e-9);
});

test('a search that never hung (or is not clean) has no boundary, and still places every step', () => {
  const s = bisectScale([
    { size: 10, hung: false },
    { size: 20, hung: false },
  ]);
  assert.equal(s.boundary, null);
  assert.equal(s.rows.length, 2);
});
