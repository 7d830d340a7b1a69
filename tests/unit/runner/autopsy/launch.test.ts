// The startup hooks must print nothing and change nothing a snippet can see when not signalled.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { autopsyLaunch } from '../../../../src/runner/autopsy/index.ts';
import { fixtures } from '../../_support/autopsy.ts';

function runBoth(cmd: string, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'autopsy-launch-'));
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PYTHONDONTWRITEBYTECODE: '1' };
  const plain = spawnSync(cmd, args, { encoding: 'utf8', env: base, timeout: 20_000 });
  const hooked = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: { ...base, ...autopsyLaunch(dir) },
    timeout: 20_000,
  });
  const files = readdirSync(dir);
  rmSync(dir, { recursive: true, force: true });
  return { plain, hooked, files };
}

test('Python hook: same output, fds, sys.path and signals in the process and its fork and spawn children', () => {
  const { plain, hooked, files } = runBoth('python3', [join(fixtures, 'probe.py')]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal(hooked.stderr, plain.stderr);
  assert.equal(hooked.stdout, plain.stdout);
  assert.match(plain.stdout, /^fork exit 0$/m);
  // One stack file a Python process (main, fork child, spawn child, resource tracker), all still empty.
  assert.ok(files.length >= 3 && files.every((f) => /^py-\d+\.txt$/.test(f)), files.join(' '));
});

test('Node hook: same output and exit for the process and its child', () => {
  const { plain, hooked, files } = runBoth(process.execPath, [join(fixtures, 'probe.ts')]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal(hooked.stdout, plain.stdout);
  assert.equal(hooked.stderr, plain.stderr);
  assert.match(plain.stdout, /^child exit 0 null$/m);
  assert.deepEqual(files, []);
});
