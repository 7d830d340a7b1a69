// Shards: disjoint, stable, and together covering every run.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../../src/shared/paths.ts';
import { frozenPathFor, parseShard, runIdentity, runLabel, shardOf } from '../../../src/frozen/identity.ts';
import { makePlan } from '../../../src/verify/plan.ts';
import { fixtureRoot, verify } from './helpers.ts';

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

test('the fixture plan split in two shards is disjoint and covering', () => {
  const all = makePlan({ root: fixtureRoot })
    .runs.map((r) => r.identity)
    .sort();
  const one = makePlan({ root: fixtureRoot, shard: { index: 1, count: 2 } }).runs.map((r) => r.identity);
  const two = makePlan({ root: fixtureRoot, shard: { index: 2, count: 2 } }).runs.map((r) => r.identity);
  assert.deepEqual([...one, ...two].sort(), all);
  assert.equal(one.filter((id) => two.includes(id)).length, 0);
  assert.equal(all.length, 3);
});

test('run labels: the id, else a hash of non-default options, else nothing', () => {
  assert.equal(runLabel({}, undefined), '');
  assert.equal(runLabel({ timeoutMs: 60_000 }, undefined), '', 'a default value is not significant');
  assert.match(runLabel({ args: ['3'] }), /^[0-9a-f]{8}$/);
  assert.equal(runLabel({ args: ['3'] }), runLabel({ args: ['3'], quietMs: 40 }));
  assert.equal(frozenPathFor('/r/01-x/bob.py', {}, 'bob-hang'), '/r/01-x/bob.py.bob-hang.frozen.md');
  assert.throws(() => runLabel({}, 'a b'), /cannot name a file/);
});

test('--shard is validated', async () => {
  assert.equal(parseShard('2/3')?.index, 2);
  assert.equal(parseShard('4/3'), null);
  assert.equal(parseShard('0/3'), null);
  const r = await verify(['--root', fixtureRoot, '--shard', '3/2']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--shard 3\/2: write i\/n with 1 <= i <= n/);
});

test('chapters are selected by number, padded number, whole name or slug, as `hangtime chapter` takes them', () => {
  const chaptersOf = (select: string[]) => [
    ...new Set(makePlan({ root: repoRoot, select }).runs.map((r) => basename(r.chapter.chapterFile))),
  ];
  for (const s of ['4', '04', '04-its-the-pipe', 'its-the-pipe', '04-its-the-pipe.mdx'])
    assert.deepEqual(chaptersOf([s]), ['04-its-the-pipe.mdx'], s);
  assert.deepEqual(chaptersOf(['1', '6']), ['01-a-program-that-never-finishes.mdx', '06-what-to-do-instead.mdx']);
  assert.throws(() => makePlan({ root: repoRoot, select: ['7'] }), /no chapter matches "7"/);
});
