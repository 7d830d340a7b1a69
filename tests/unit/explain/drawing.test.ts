// The drawing of a hung tree: one box a program process, the pipe the feeder is blocked on,
// an arrow into it, dashed lines to both holders of its read end, and the waits between them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hungAutopsy } from '../_support/autopsy.ts';
import { buildDrawing, WIDTH } from '../../../src/explain/drawing.ts';

test('drawing of the queue hang: two processes, one pipe, every wait an edge, inside 320 units', async () => {
  const { norm } = await hungAutopsy('queue-hang.py', ['fork']);
  const d = buildDrawing(norm);
  assert.deepEqual(
    d.boxes.map((b) => [b.title.split(' · ')[0], b.rows.map((r) => r.name)]),
    [
      ['the parent', ['main thread']],
      ['the child', ['main thread', 'QueueFeederThread']],
    ],
  );
  assert.deepEqual(
    d.boxes[1]!.rows.map((r) => r.wait),
    ['futex wait, no timeout', 'write fd 4, 100,009 B'],
  );
  assert.deepEqual(
    d.nodes.map((n) => [n.label, n.detail]),
    [['pipe A', `${d.nodes[0]!.detail}`]],
  );
  assert.match(d.nodes[0]!.detail, /^(\d[\d,]*\/65,536|fill unknown)$/);
  assert.deepEqual(d.edges.map((e) => `${e.kind}: ${e.title}`).sort(), [
    'end: read end open in the child (fd 3)',
    'end: read end open in the parent (fd 3)',
    'wait: main thread waits for that process to exit',
    'wait: main thread waits for that thread to finish',
    'write: writes into pipe A',
  ]);
  for (const b of d.boxes) assert.ok(b.x >= 0 && b.x + b.w <= WIDTH);
  for (const n of d.nodes) assert.ok(n.x + n.w <= WIDTH);
});
