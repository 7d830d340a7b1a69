// Published values compare as they declare: exact, range or shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareValues, valueProblem } from '../../../src/verify/values.ts';

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
