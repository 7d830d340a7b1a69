// The entry points under a Node too old for them (the `node` on many PATHs): the version check is
// the only thing that runs before anything version-dependent, so it always gets to say, in one line,
// what to run instead; nothing else is loaded.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../../src/shared/paths.ts';

/** A `node` on PATH older than 22.12, or null. */
function oldNode(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const node = join(dir, 'node');
    try {
      accessSync(node, constants.X_OK);
    } catch {
      continue;
    }
    const v = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const [major, minor] = v.replace(/^v/, '').split('.').map(Number);
    if (major! < 22 || (major === 22 && minor! < 12)) return node;
  }
  return null;
}

for (const entry of [
  ['src/cli/bin.mjs', '--help'],
  ['src/cli/bin.mjs', 'run', 'tests/fixtures/runner/hello.ts'],
  ['src/cli/site.mjs', 'build'],
]) {
  test(`an old Node gets one line saying what to run instead: node ${entry.join(' ')}`, (t) => {
    const node = oldNode();
    if (!node) return t.skip('no node older than 22.12 on PATH to try');
    const r = spawnSync(node, entry, { encoding: 'utf8', cwd: repoRoot, timeout: 30_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(
      lines[0]!,
      new RegExp(
        /^hangtime needs Node >= 22\.12 \(this is v\d+\.\d+\.\d+\); run it through npm in its folder .*/.source +
          `from anywhere with the Node 24 that package.json pins: ${repoRoot}/node_modules/\\.bin/node ` +
          `${repoRoot}/src/cli/bin\\.mjs$`,
      ),
    );
  });
}
