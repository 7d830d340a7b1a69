// The identity-checked lock: a live holder is never taken over (the waiter says who holds it and
// gives up after the bound); a dead or reused-pid holder is taken at once; an empty or corrupt
// lock file after the grace; and processes that contend for it take turns.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { acquireLock, readLock, tryAcquireLock, LockTimeoutError, type WaitReport } from '../../../src/shared/lock.ts';
import { identify, isAlive, selfId, type ProcessId } from '../../../src/shared/process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hangtime-lock-test-'));
const started: ProcessId[] = [];
after(async () => {
  // The strangers were alive on purpose (lock holders); they end here, and must be gone.
  for (const p of started.filter(isAlive))
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  for (let i = 0; i < 100 && started.some(isAlive); i++) await new Promise((r) => setTimeout(r, 10));
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(
    started.filter(isAlive).map((p) => p.pid),
    [],
    'a process of these tests is still alive',
  );
});
let n = 0;
const lockPath = () => join(dir, `l${n++}.lock`);
const holderText = (id: ProcessId, command = 'somebody else') =>
  JSON.stringify({ ...id, command, since: '2026-11-29T10:00:00.000Z' });

async function deadId(): Promise<ProcessId> {
  const child = spawn('/bin/sleep', ['30'], { stdio: 'ignore' });
  const id = identify(child.pid!)!;
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  return id;
}
function liveStranger(): ProcessId {
  const child = spawn('/bin/sleep', ['600'], { stdio: 'ignore', detached: true });
  const id = identify(child.pid!)!;
  started.push(id);
  return id;
}

test('the lock names its holder: pid, start time, command, since', () => {
  const path = lockPath();
  const lock = tryAcquireLock(path, { command: 'hangtime test' });
  assert.ok('release' in lock);
  const state = readLock(path);
  assert.equal(state.kind, 'held');
  if (state.kind !== 'held') return;
  assert.equal(state.holder.pid, process.pid);
  assert.equal(state.holder.startTicks, selfId().startTicks);
  assert.equal(state.holder.command, 'hangtime test');
  assert.ok(Math.abs(Date.parse(state.holder.since) - Date.now()) < 5000);
  assert.equal(state.alive, true);
  lock.release();
  assert.equal(readLock(path).kind, 'free');
});

test('a live unrelated pid: not taken over; the wait reports it and gives up after the bound', async () => {
  const path = lockPath();
  const stranger = liveStranger();
  const text = holderText(stranger, 'sleep 600');
  writeFileSync(path, text);
  const reports: WaitReport[] = [];
  const t0 = Date.now();
  await assert.rejects(
    acquireLock(path, { timeoutMs: 700, reportEveryMs: 200, onWait: (r) => reports.push(r) }),
    (e: unknown) => {
      assert.ok(e instanceof LockTimeoutError);
      assert.match(
        e.message,
        new RegExp(
          `gave up after 1 s waiting for the lock .*held by pid ${stranger.pid} ` +
            '\\(sleep 600\\) since 2026-11-29T10:00:00.000Z',
        ),
      );
      assert.match(e.message, new RegExp(`kill ${stranger.pid}`));
      return true;
    },
  );
  assert.ok(Date.now() - t0 >= 700 && Date.now() - t0 < 3000, `waited ${Date.now() - t0} ms`);
  assert.ok(reports.length >= 3, `${reports.length} reports`);
  for (const r of reports) assert.ok(r.state.kind === 'held' && r.state.holder.pid === stranger.pid && r.state.alive);
  assert.equal(readFileSync(path, 'utf8'), text, 'the lock file is untouched');
  assert.equal(isAlive(stranger), true);
});

test('the old formats ("PID", "PID DIR") with a live pid are waited for, not taken', async () => {
  const path = lockPath();
  const stranger = liveStranger();
  writeFileSync(path, `${stranger.pid} content/chapters`);
  const got = tryAcquireLock(path, { graceMs: 0 });
  assert.ok(!('release' in got) && got.kind === 'held' && got.alive && got.holder.command === 'content/chapters');
  writeFileSync(path, String(stranger.pid));
  const again = tryAcquireLock(path, { graceMs: 0 });
  assert.ok(!('release' in again) && again.kind === 'held' && again.alive);
});

test('a dead owner, or a pid now used by another process: taken at once', async () => {
  const dead = lockPath();
  writeFileSync(dead, holderText(await deadId()));
  const t0 = Date.now();
  const a = await acquireLock(dead, { timeoutMs: 1000 });
  assert.ok(Date.now() - t0 < 500);
  a.release();
  const reused = lockPath();
  const stranger = liveStranger();
  writeFileSync(reused, holderText({ pid: stranger.pid, startTicks: stranger.startTicks! - 7 }));
  const b = tryAcquireLock(reused);
  assert.ok('release' in b, 'same pid, other start time: not the holder');
  b.release();
  assert.equal(isAlive(stranger), true);
});

test('an empty lock file is taken over after the grace (2 s by default), not before', async () => {
  const path = lockPath();
  writeFileSync(path, '');
  const reports: WaitReport[] = [];
  const t0 = Date.now();
  const lock = await acquireLock(path, { timeoutMs: 10_000, onWait: (r) => reports.push(r) });
  const waited = Date.now() - t0;
  assert.ok(waited >= 1900 && waited < 4000, `waited ${waited} ms`);
  assert.equal(reports[0]?.state.kind, 'unreadable');
  lock.release();
});

test('a corrupt lock file already older than the grace is taken at once', async () => {
  const path = lockPath();
  writeFileSync(path, '{"half');
  const old = new Date(Date.now() - 10_000);
  utimesSync(path, old, old);
  const got = tryAcquireLock(path);
  assert.ok('release' in got);
  got.release();
});

test('processes contending for one lock take turns (no lost update)', async () => {
  const path = lockPath();
  const counter = join(dir, 'counter');
  writeFileSync(counter, '0');
  // A stale lock of a dead owner to start with: every contender sees it and races to take it over.
  writeFileSync(path, holderText(await deadId()));
  const lockModule = JSON.stringify(new URL('../../../src/shared/lock.ts', import.meta.url).pathname);
  const script = `import { withLock } from ${lockModule};
import { readFileSync, writeFileSync } from 'node:fs';
for (let i = 0; i < 15; i++) await withLock(${JSON.stringify(path)}, async () => {
  const v = Number(readFileSync(${JSON.stringify(counter)}, 'utf8'));
  await new Promise((r) => setTimeout(r, 2));
  writeFileSync(${JSON.stringify(counter)}, String(v + 1));
}, { pollMs: 5 });`;
  const runs = Array.from(
    { length: 4 },
    () =>
      new Promise<number | null>((resolve) => {
        const p = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
        p.on('exit', resolve);
      }),
  );
  assert.deepEqual(await Promise.all(runs), [0, 0, 0, 0]);
  assert.equal(readFileSync(counter, 'utf8'), '60');
  assert.equal(readLock(path).kind, 'free');
});
