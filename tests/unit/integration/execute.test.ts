// executeChapters: every run of the chapters, resolved through the engine's cache, without Astro.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { executeChapters, RunsFailedError } from '../../../src/integration/execute.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const fixtures = path.join(root, 'tests/fixtures/site');

test('executeChapters reports every problem at once, without Astro', async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hangtime-exec-'));
  const saved = { ...process.env };
  Object.assign(process.env, {
    HANGTIME_CONTENT_DIR: path.join(fixtures, 'failing/chapters'),
    HANGTIME_RUNNABLE_DIR: path.join(fixtures, 'runnable'),
    HANGTIME_STATE_DIR: path.join(scratch, 'state'),
  });
  const lines: string[] = [];
  try {
    await assert.rejects(
      executeChapters({ root, log: (l) => lines.push(l), cacheDir: path.join(scratch, 'cache') }),
      (error: unknown) => {
        assert.ok(error instanceof RunsFailedError);
        assert.match(error.message, /^2 problems in the chapters' runs/);
        return true;
      },
    );
    assert.equal(lines.length, 2);
    assert.match(lines.join('\n'), /\[1\/2\] .*\(executed\)/);
  } finally {
    process.env = saved;
    rmSync(scratch, { recursive: true, force: true });
  }
});

// A failure served from the cache says so, and how to run it again: a build that keeps failing on
// a stored result must not leave the reader guessing that nothing was executed.
test('a failing run from the cache: the message says it came from there and how to force a fresh run', async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hangtime-exec-cache-'));
  const saved = { ...process.env };
  Object.assign(process.env, {
    HANGTIME_CONTENT_DIR: path.join(fixtures, 'failing/chapters'),
    HANGTIME_RUNNABLE_DIR: path.join(fixtures, 'runnable'),
    HANGTIME_STATE_DIR: path.join(scratch, 'state'),
  });
  const build = async () => {
    try {
      await executeChapters({ root, log: () => {}, cacheDir: path.join(scratch, 'cache'), mode: 'auto' });
    } catch (error) {
      assert.ok(error instanceof RunsFailedError);
      return error.message;
    }
    return assert.fail('the failing chapters must fail');
  };
  try {
    const first = await build();
    assert.match(first, /expected exit 0, but it exited 3/);
    assert.doesNotMatch(first, /came from the cache/);
    const second = await build();
    assert.match(
      second,
      /expected exit 0, but it exited 3[^]*this result came from the cache[^]*HANGTIME_RUNS=fresh npm run build/,
    );
  } finally {
    process.env = saved;
    rmSync(scratch, { recursive: true, force: true });
  }
});
