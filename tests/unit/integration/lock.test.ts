// The checkout's build lock (.astro/hangtime-build.lock) is the identity-checked one: an empty lock
// file an interrupted build left is taken over after a short grace (not waited on forever); a lock
// held by a live process is reported, holder and all, every few seconds, and given up after a bound.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { acquireBuildLock, buildLockFile } from '../../../src/integration/lock.ts';
import { LockTimeoutError, readLock } from '../../../src/shared/lock.ts';
import { identify, selfId } from '../../../src/shared/process.ts';

const roots: string[] = [];
const newRoot = () => {
  const root = mkdtempSync(join(tmpdir(), 'hangtime-buildlock-'));
  roots.push(root);
  mkdirSync(dirname(buildLockFile(root)), { recursive: true });
  return root;
};
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

test('an empty lock file is taken over after the grace, and the wait says so meanwhile', async () => {
  const root = newRoot();
  writeFileSync(buildLockFile(root), '');
  const heard: string[] = [];
  const t0 = Date.now();
  const lock = await acquireBuildLock(root, (text) => heard.push(text), { graceMs: 500, reportEveryMs: 200 });
  assert.ok(Date.now() - t0 >= 450, 'not before the grace');
  assert.match(heard[0]!, /is held by nobody \(the lock file is empty: an interrupted build left it/);
  const state = readLock(buildLockFile(root));
  assert.ok(
    state.kind === 'held' && state.holder.pid === process.pid && state.holder.startTicks === selfId().startTicks,
  );
  assert.match(state.kind === 'held' ? state.holder.command : '', /^astro build \(/);
  lock.release();
  assert.equal(readLock(buildLockFile(root)).kind, 'free');
});

test(
  'the old format naming a live unrelated pid ("1 content/chapters"): ' + 'reported every few seconds, then given up',
  async () => {
    const root = newRoot();
    writeFileSync(buildLockFile(root), '1 content/chapters');
    const heard: string[] = [];
    await assert.rejects(
      acquireBuildLock(root, (text) => heard.push(text), { timeoutMs: 1000, reportEveryMs: 300 }),
      (e: Error) => e instanceof LockTimeoutError && /held by pid 1 \(content\/chapters\).*kill 1/.test(e.message),
    );
    assert.ok(heard.length >= 3, `reported ${heard.length} times`);
    assert.match(heard[0]!, /waiting 0 s for another astro build in this checkout to finish: .* is held by pid 1/);
  },
);

test('a lock naming a dead build, or a pid now used by another process, is taken at once', async () => {
  const root = newRoot();
  const init = identify(1)!;
  writeFileSync(buildLockFile(root), JSON.stringify({ pid: 1, startTicks: (init.startTicks ?? 0) + 1, command: 'x' }));
  const t0 = Date.now();
  const lock = await acquireBuildLock(root, () => assert.fail('no wait'));
  assert.ok(Date.now() - t0 < 500);
  lock.release();
});
