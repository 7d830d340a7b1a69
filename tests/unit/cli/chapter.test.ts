// runChapter: one chapter's runs in page order, executed, with status lines.
import assert from 'node:assert/strict';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { findChapter, runChapter } from '../../../src/cli/chapter.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/site');

async function capture(fn: (out: PassThrough) => Promise<number>): Promise<{ code: number; text: string }> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (b) => (text += b));
  const code = await fn(out);
  return { code, text };
}

function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  return fn().finally(() => (process.env = saved));
}

test('finds a chapter by number, padded number, full name or slug', () => {
  const dir = path.join(fixtures, 'chapters');
  for (const wanted of ['2', '02', '02-figures', 'figures'])
    assert.equal(path.basename(findChapter(wanted, dir)), '02-figures.mdx');
  assert.throws(() => findChapter('9', dir), /no chapter "9" in .*Chapters:\n {2}01-edge-cases\n {2}02-figures/);
});

test('runs a chapter, streams its output and prints each status line', async () => {
  const { code, text } = await withEnv(
    { HANGTIME_CONTENT_DIR: path.join(fixtures, 'chapters'), HANGTIME_RUNNABLE_DIR: path.join(fixtures, 'runnable') },
    () => capture((out) => runChapter('figures', { stdout: out })),
  );
  assert.equal(code, 0, text);
  assert.match(
    text,
    new RegExp(
      /── \[1\/1\] line 9: edge\/table\.py \(expect exit 0\)\n/.source +
        /capacity 65536, ratio 2.5, 17 bisection steps, max 65514\n/.source +
        /\$ python3 tests\/fixtures\/site\/runnable\/edge\/table\.py\n✓ exited 0 · (\d+ ms|[\d.]+ s)\n/.source,
    ),
  );
  assert.match(text, /every run met its expectation\n$/);
});

test('a run that misses its expectation makes the exit code 1', async () => {
  const { code, text } = await withEnv(
    {
      HANGTIME_CONTENT_DIR: path.join(fixtures, 'failing/chapters'),
      HANGTIME_RUNNABLE_DIR: path.join(fixtures, 'runnable'),
    },
    () => capture((out) => runChapter('1', { stdout: out })),
  );
  assert.equal(code, 1);
  assert.match(text, /✗ FAILED: expected exit 0, exited 3/);
  assert.match(text, /1 of 1 runs missed their expectation/);
});

test('an unknown chapter is a usage error (2) that lists the chapters', async () => {
  const { code, text } = await withEnv({ HANGTIME_CONTENT_DIR: path.join(fixtures, 'chapters') }, () =>
    capture((out) => runChapter('nope', { stdout: out })),
  );
  assert.equal(code, 2);
  assert.match(text, /hangtime: no chapter "nope"/);
});
