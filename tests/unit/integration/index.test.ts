// Real Astro builds of broken fixture sites through the integration: the build must fail and say
// where and why.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { astroBuild, buildDirs } from '../../astro-build.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const fixtures = path.join(root, 'tests/fixtures/site');

function build(contentDir: string): { status: number | null; output: string } {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hangtime-build-'));
  try {
    return astroBuild({
      HANGTIME_CONTENT_DIR: contentDir,
      HANGTIME_RUNNABLE_DIR: path.join(fixtures, 'runnable'),
      HANGTIME_CACHE_DIR: path.join(scratch, 'cache'),
      ...buildDirs(scratch),
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

test('a run that misses its expectation, and a dangling <Value>, fail the build with file:line', () => {
  const { status, output } = build(path.join(fixtures, 'failing/chapters'));
  assert.notEqual(status, 0);
  assert.match(output, /tests\/fixtures\/site\/failing\/chapters\/01-broken\.mdx:9: <Run src="edge\/exits-three\.py">/);
  assert.match(output, /expected exit 0, but it exited 3/);
  assert.match(output, /\| error: gave up/);
  assert.match(
    output,
    new RegExp(
      /02-missing-value\.mdx:7: <Value name="capacity_typo"> /.source +
        /names a value no run of this chapter publishes\. Published here: capacity/.source,
    ),
  );
});

test('a bad frontmatter fails the build naming the file and the fields', () => {
  const { status, output } = build(path.join(fixtures, 'bad-frontmatter/chapters'));
  assert.notEqual(status, 0);
  assert.match(output, /01-no-summary/);
  assert.match(output, /summary: Required/);
  assert.match(output, /order: Expected type `"number"`/);
});
