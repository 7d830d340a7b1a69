// The plan: which runs of which chapters verify checks, split into shards, chosen as
// `hangtime chapter` chooses chapters.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../../src/shared/paths.ts';
import { makePlan } from '../../../src/verify/plan.ts';
import { fixtureRoot } from '../_support/verify.ts';

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

test('chapters are selected by number, padded number, whole name or slug, as `hangtime chapter` takes them', () => {
  const chaptersOf = (select: string[]) => [
    ...new Set(makePlan({ root: repoRoot, select }).runs.map((r) => basename(r.chapter.chapterFile))),
  ];
  for (const s of ['4', '04', '04-its-the-pipe', 'its-the-pipe', '04-its-the-pipe.mdx'])
    assert.deepEqual(chaptersOf([s]), ['04-its-the-pipe.mdx'], s);
  assert.deepEqual(chaptersOf(['1', '6']), ['01-a-program-that-never-finishes.mdx', '06-what-to-do-instead.mdx']);
  assert.throws(() => makePlan({ root: repoRoot, select: ['99'] }), /no chapter matches "99"/);
});
