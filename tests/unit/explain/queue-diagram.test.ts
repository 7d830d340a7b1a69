// The queue drawing from this machine's numbers (slots.py, header-page.py, what-ran.py, run
// here): the slots filled by the slot rule hold what a real queue's feeder left in the pipe, the
// drawing stays inside its width, and the words carry the measured numbers.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { count } from '../../../src/explain/pipe-words.ts';
import { WIDTH, layoutQueue, slotFill, type DiagramFacts } from '../../../src/explain/queue-diagram.ts';
import { published } from './published.ts';

let f: DiagramFacts;
before(async () => {
  const v = Object.assign(
    {},
    ...(await Promise.all(
      [
        '04-its-the-pipe/slots.py',
        '04-its-the-pipe/header-page.py',
        '01-a-program-that-never-finishes/what-ran.py',
      ].map(published),
    )),
  ) as Record<string, number>;
  f = {
    pipe: v.slots_pipe_bytes!,
    page: v.slots_page_size!,
    slots: v.slots_count!,
    frame: v.message_bytes!,
    payload: v.hp_bob_payload!,
    held: v.hp_queue_bob_held!,
  };
});

test("Bob's frame, by the slot rule, leaves in the pipe what a real queue's feeder left", () => {
  const d = layoutQueue(f);
  assert.equal(d.cells.length, f.slots);
  assert.equal(Math.round(d.cells.reduce((sum, c) => sum + c.fill, 0) * f.page), f.held);
  assert.equal(slotFill(f).length, f.slots);
});

test('everything is drawn inside the width, and every number in the words is a measured one', () => {
  const d = layoutQueue(f);
  for (const s of [...d.shapes, ...d.cells]) assert.ok(s.x >= 0 && s.x + s.w <= WIDTH, JSON.stringify(s));
  for (const a of d.arrows) {
    for (const x of [...a.d.matchAll(/[MH](\d+(?:\.\d+)?)/g)].map((m) => Number(m[1])))
      assert.ok(x >= 0 && x <= WIDTH, a.d);
  }
  for (const n of [f.pipe, f.page, f.held, f.payload, f.frame - f.held])
    assert.ok(d.description.includes(count(n, 'byte')), `${n}`);
  assert.ok(d.height > 0);
});

test('numbers that do not agree are refused, not drawn', () => {
  assert.throws(() => layoutQueue({ ...f, held: f.held + 1 }), /would not hold/);
  assert.throws(() => layoutQueue({ ...f, slots: f.slots + 1 }), /are not a/);
});
