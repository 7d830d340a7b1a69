// Published values compare as they declare: exact, range, shape or order; quiet ones not on a busy machine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareValues, orderOf, valueProblem } from '../../../src/verify/values.ts';

test('exact: deep equality, key order aside', () => {
  assert.equal(
    valueProblem(
      { name: 'a', value: { x: 1, y: [2] }, compare: 'exact' },
      { name: 'a', value: { y: [2], x: 1 }, compare: 'exact' },
    ),
    null,
  );
  assert.match(
    valueProblem({ name: 'a', value: 65514, compare: 'exact' }, { name: 'a', value: 65513, compare: 'exact' })!,
    /expected 65514, got 65513/,
  );
});

test('range: the fresh number within the declared bounds', () => {
  const frozen = { name: 's', value: 1.9, compare: 'range' as const, min: 1.2, max: 2.2 };
  assert.equal(valueProblem(frozen, { ...frozen, value: 1.3 }), null);
  assert.match(valueProblem(frozen, { ...frozen, value: 1.1 })!, /below min 1.2/);
  assert.match(valueProblem(frozen, { ...frozen, value: 'fast' })!, /needs a number/);
  assert.match(
    valueProblem({ name: 's', value: 1, compare: 'range' }, { name: 's', value: 1, compare: 'range' })!,
    /needs min or max/,
  );
});

test('shape: types, lengths and table columns; numbers may move', () => {
  const table = (rows: unknown[][], columns = ['kind', 'max']) => ({
    name: 't',
    value: { columns, rows },
    compare: 'shape' as const,
  });
  assert.equal(valueProblem(table([['str', 1]]), table([['str', 99]])), null);
  assert.match(
    valueProblem(
      table([['str', 1]]),
      table([
        ['str', 1],
        ['int', 2],
      ]),
    )!,
    /shape changed/,
  );
  assert.match(valueProblem(table([['str', 1]]), table([['str', 1]], ['kind', 'size']))!, /shape changed/);
  assert.match(valueProblem(table([['str', 1]]), table([['str', '1']]))!, /shape changed/);
});

test('compareValues pairs by name, reports new and vanished values, keeps passing frozen copies', () => {
  const r = compareValues(
    [
      { name: 'a', value: 1, compare: 'range', min: 0, max: 5 },
      { name: 'gone', value: 1, compare: 'exact' },
    ],
    [
      { name: 'a', value: 2, compare: 'range', min: 0, max: 5 },
      { name: 'new', value: 3, compare: 'exact' },
    ],
  );
  assert.deepEqual(r.patched[0], { name: 'a', value: 1, compare: 'range', min: 0, max: 5 });
  assert.deepEqual(r.problems.sort(), [
    'value "gone" is no longer published',
    'value "new" is new (not in the frozen result)',
  ]);
  assert.match(
    compareValues([{ name: 'a', value: 1, compare: 'exact' }], [{ name: 'a', value: 1, compare: 'shape' }])
      .problems[0]!,
    /compare changed from exact to shape/,
  );
});

test('order: which key is larger, not by how much', () => {
  assert.equal(orderOf({ threads: 1.2, processes: 1.9, one: 1 }), 'processes > threads > one');
  assert.equal(orderOf({ a: 1, b: 1 }), 'a = b');
  assert.equal(orderOf([3, 5]), '1 > 0');
  assert.equal(orderOf({ a: 'x' }), null);
  const v = (value: unknown) => ({ name: 'speedups', value, compare: 'order' as const, quiet: true });
  assert.equal(valueProblem(v({ threads: 1.2, processes: 1.9 }), v({ threads: 0.9, processes: 1.4 })), null);
  assert.match(
    valueProblem(v({ threads: 1.2, processes: 1.9 }), v({ threads: 1.1, processes: 0.6 }))!,
    /order changed from processes > threads to threads > processes/,
  );
  assert.match(valueProblem(v({ a: 1 }), v('fast'))!, /"order" needs an object or array of numbers/);
});

test('quiet: a range or exact comparison is refused; a busy run leaves the order uncompared, with a note', () => {
  const range = { name: 's', value: 1.9, compare: 'range' as const, min: 0, max: 3, quiet: true };
  assert.match(valueProblem(range, range)!, /a quiet measurement compares by order or shape/);
  const frozen = [{ name: 'o', value: { threads: 1.2, processes: 1.9 }, compare: 'order' as const, quiet: true }];
  const fresh = [{ name: 'o', value: { threads: 1.1, processes: 0.6 }, compare: 'order' as const, quiet: true }];
  const quiet = compareValues(frozen, fresh, { frozen: true, fresh: true, words: '' });
  assert.match(quiet.problems[0]!, /order changed/);
  const busy = compareValues(frozen, fresh, {
    frozen: true,
    fresh: false,
    words: 'run now at a load average of 3.10 on 2 cores',
  });
  assert.deepEqual(busy.problems, []);
  assert.match(busy.notes[0]!, /value "o" \(quiet\) not compared: run now at a load average of 3\.10 on 2 cores/);
});
