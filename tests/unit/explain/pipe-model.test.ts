// The slot rule and the pipe model against what this machine measures: every row slots.py
// fills, the feeder's two writes of header-page.py (and a real queue's stuck feeder), the wall
// for three pipe sizes (wall-moves.py), the four maxima (frame-sizes.py) and what
// cancel_join_thread() loses (cancel-join.py). The snippets run here, through the engine.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { readFacts } from '../../../src/explain/pipe-facts.ts';
import { longestThatFits, runModel, type ModelFacts, type ModelInput } from '../../../src/explain/pipe-model.ts';
import { fillWithWrites, writeInto, type Slot } from '../../../src/explain/pipe-slots.ts';
import { published } from './published.ts';

let v: Record<string, unknown> = {};
let facts: ModelFacts;
const rows = (name: string) => (v[name] as { rows: unknown[][] }).rows;
const n = (name: string) => v[name] as number;

before(async () => {
  const runs = await Promise.all(
    [
      '04-its-the-pipe/slots.py',
      '04-its-the-pipe/header-page.py',
      '04-its-the-pipe/wall-moves.py',
      '05-why-65514-and-not-65536/frame-sizes.py',
      '05-why-65514-and-not-65536/model-facts.py',
      '06-what-to-do-instead/cancel-join.py',
    ].map(published),
  );
  v = Object.assign({}, ...runs);
  facts = readFacts(
    {
      pipe: 'slots_pipe_bytes',
      page: 'slots_page_size',
      threshold: 'hp_join_threshold',
      frames: 'frame_table',
      strings: 'hp_table',
      edges: 'model_edges',
      sizes: 'wall_table',
    },
    (name) => v[name],
  );
});

const geometry = () => ({ page: n('slots_page_size'), count: n('slots_count') });
const bob = (): ModelInput => ({
  kind: 'str',
  items: rows('hp_table')[2][1] as number,
  messages: 1,
  pipe: n('slots_pipe_bytes'),
  getFirst: false,
  cancel: false,
});

test('the slot rule fills a fresh pipe as every measured row did (writes that fit, bytes held)', () => {
  assert.ok(rows('slots_table').length > 0);
  for (const [size, writes, held] of rows('slots_table') as number[][]) {
    assert.deepEqual(fillWithWrites(size, geometry()), { writes, held }, `writes of ${size} bytes`);
  }
});

test("the feeder's header, then payload: what the kernel took and held, as measured by hand", () => {
  for (const key of ['largest', 'one_more', 'bob']) {
    const slots: Slot[] = [];
    const header = writeInto(slots, facts.header, geometry());
    const taken = writeInto(slots, n(`hp_${key}_payload`), geometry());
    assert.equal(header + taken, n(`hp_${key}_held`), key);
    assert.equal(taken, n(`hp_${key}_taken`), key);
  }
});

test("Bob's message in the model: the feeder blocks with the bytes a real queue's feeder left in the pipe", () => {
  const state = runModel(facts, bob());
  assert.equal(state.exact, true);
  assert.equal(state.payload, n('hp_bob_payload'));
  assert.equal(state.split, true);
  assert.equal(state.held, n('hp_queue_bob_held'));
  assert.deepEqual(state.blocked, { message: 0, written: n('hp_bob_held'), left: n('hp_bob_left') });
  assert.equal(state.outcome, 'hangs');
  assert.equal(runModel(facts, { ...bob(), getFirst: true }).outcome, 'exits');
  const cancelled = runModel(facts, { ...bob(), cancel: true });
  assert.deepEqual([cancelled.outcome, cancelled.lost], ['loses', 1]);
  assert.equal(runModel(facts, { ...bob(), cancel: true, getFirst: true }).outcome, 'race');
  const bigger = runModel(facts, { ...bob(), pipe: facts.pipeSizes[1] });
  assert.deepEqual([bigger.outcome, bigger.whole, bigger.held], ['exits', 1, bigger.frame]);
});

test('small messages, one write each, take a slot each: as many as a real queue held', () => {
  const small = runModel(facts, {
    ...bob(),
    items: n('hp_small_chars'),
    messages: n('hp_small_by_bytes'),
  });
  assert.equal(small.split, false);
  assert.equal(small.frame, n('hp_small_frame'));
  assert.equal(small.whole, n('hp_small_messages'));
  assert.equal(small.held, n('hp_small_held'));
});

test('the longest str that fits each measured pipe size is the one wall-moves.py bisected', () => {
  assert.equal(rows('wall_table').length, 3);
  for (const [pipe, longest] of rows('wall_table') as number[][]) {
    assert.equal(longestThatFits(facts, 'str', pipe), longest, `pipe of ${pipe} bytes`);
  }
});

test("each kind's largest message that fits the default pipe is the article's maximum frame-sizes.py framed", () => {
  for (const [kind, maximum] of rows('frame_table') as [string, number][]) {
    assert.equal(longestThatFits(facts, kind, facts.pipe), maximum, kind);
  }
});

test('at the edge of each pipe size, the model says what real pickles say: the longest fits, one more does not', () => {
  const edges = rows('model_edges') as [string, number, number, number][];
  assert.ok(edges.length >= 8, 'edges measured for every kind of at least one pipe size');
  for (let i = 0; i < edges.length; i += 2) {
    const [kind, pipe, longest] = edges[i]!;
    const over = runModel(facts, { kind, items: longest + 1, messages: 1, pipe, getFirst: false, cancel: false });
    assert.equal(over.outcome, 'hangs', `${kind} × ${longest + 1} on a pipe of ${pipe} bytes`);
    assert.equal(longestThatFits(facts, kind, pipe), longest, `${kind} on a pipe of ${pipe} bytes`);
  }
});

test('cancel_join_thread(): the model loses as many messages as cancel-join.py lost', () => {
  const messages = n('cancel_received') + n('cancel_lost');
  const state = runModel(facts, { ...bob(), items: 4000 /* cancel-join.py's LENGTH */, messages, cancel: true });
  assert.deepEqual([state.outcome, state.whole, state.lost], ['loses', n('cancel_received'), n('cancel_lost')]);
});
