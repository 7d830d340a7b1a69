// A run's identity: the same for the same snippet and significant options whatever their order,
// the name of its frozen file, and the shard it falls in (disjoint, stable, covering).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frozenPathFor, parseShard, runIdentity, runLabel, shardOf } from '../../../src/frozen/identity.ts';

test('a run identity ignores prop order but not values', () => {
  const a = runIdentity('a.py', { expect: { kind: 'hang' }, timeoutMs: 5 });
  const b = runIdentity('a.py', { timeoutMs: 5, expect: { kind: 'hang' } });
  assert.equal(a, b);
  assert.notEqual(a, runIdentity('a.py', { timeoutMs: 6, expect: { kind: 'hang' } }));
});

test('every identity lands in exactly one shard, the same one every time, and all shards are used', () => {
  const ids = Array.from({ length: 300 }, (_, i) =>
    runIdentity(`0${i % 6}-x/s${i}.py`, { args: [String(i)] }, i % 3 ? undefined : `id-${i}`),
  );
  for (const n of [1, 2, 3, 7]) {
    const shards = Array.from({ length: n }, (_, k) => ids.filter((id) => shardOf(id, n) === k + 1));
    assert.equal(
      shards.reduce((s, x) => s + x.length, 0),
      ids.length,
    );
    assert.equal(new Set(shards.flat()).size, ids.length);
    assert.ok(
      shards.every((s) => s.length > 0),
      `an empty shard of ${n}`,
    );
    assert.deepEqual(
      ids.map((id) => shardOf(id, n)),
      ids.map((id) => shardOf(id, n)),
    );
  }
  assert.equal(shardOf('01-a/bob.py#bob-hang', 4), shardOf('01-a/bob.py#bob-hang', 4));
});

test('run labels: the id, else a hash of non-default options, else nothing', () => {
  assert.equal(runLabel({}, undefined), '');
  assert.equal(runLabel({ timeoutMs: 60_000 }, undefined), '', 'a default value is not significant');
  assert.match(runLabel({ args: ['3'] }), /^[0-9a-f]{8}$/);
  assert.equal(runLabel({ args: ['3'] }), runLabel({ args: ['3'], quietMs: 40 }));
  assert.equal(frozenPathFor('/r/01-x/bob.py', {}, 'bob-hang'), '/r/01-x/bob.py.bob-hang.frozen.md');
  assert.throws(() => runLabel({}, 'a b'), /cannot name a file/);
});

test('a shard is written i/n with 1 <= i <= n', () => {
  assert.equal(parseShard('2/3')?.index, 2);
  assert.equal(parseShard('4/3'), null);
  assert.equal(parseShard('0/3'), null);
});
