// Signals, inotify, eventfd, timerfd and terminals: what each says, and what is never called a hang.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, test } from 'node:test';
import {
  adopt,
  atDoor,
  hangs,
  killAll,
  lookUntil,
  python,
  show,
  start,
  startFixture,
  treeOf,
  waiting,
} from './harness.ts';

const dir = mkdtempSync(`${tmpdir()}/waits-others-`);
after(async () => {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

test('pause(): waiting for a signal, never hung', async () => {
  const run = startFixture('pause.py');
  const { verdict, seen } = await lookUntil(run.pid!, (v) => atDoor(v, 'signal'));
  assert.ok(atDoor(verdict, 'signal'), show(verdict));
  assert.ok(!seen.some((v) => v.kind === 'hang'));
});

test('a signalfd read: waiting for a signal', async () => {
  const run = startFixture('signalfd-wait.py');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => atDoor(v, 'signal'));
  assert.ok(atDoor(verdict, 'signal'), show(verdict));
  assert.equal(waiting(facts, 'signal').on.kind, 'signal');
});

test('an inotify read: waiting for a change to the watched path', async () => {
  const run = startFixture('inotify-wait.py', [dir]);
  const { verdict, facts } = await lookUntil(run.pid!, (v) => atDoor(v, 'change'));
  assert.ok(atDoor(verdict, 'change'), show(verdict));
  const t = waiting(facts, 'inotify');
  assert.equal(t.on.kind === 'inotify' && t.on.watches, 1);
});

test('an eventfd shared by a parent and its child, both reading: hang', async () => {
  const run = startFixture('eventfd-pair.py');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 2 });
  assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads }));
  const t = waiting(facts, 'eventfd');
  assert.deepEqual(t.wakers.inside.map((w) => w.pid).sort(), treeOf(run.pid!).sort());
});

test('an armed timerfd is a timed wake-up: not hung, and it says why', async () => {
  const run = startFixture('timerfd-wait.py', ['30']);
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'not proven' && /timerfd/.test(v.reason));
  assert.ok(verdict.kind === 'not proven' && /armed timerfd/.test(verdict.reason), show(verdict));
  assert.equal(waiting(facts, 'timerfd').wakers.timer, 'an armed timerfd');
});

test('a disarmed timerfd: who could arm it is unknown, so not proven', async () => {
  const run = startFixture('timerfd-wait.py', ['disarmed']);
  const { verdict } = await lookUntil(run.pid!, (v) => v.kind === 'not proven' && v.unknown.length > 0);
  assert.ok(
    verdict.kind === 'not proven' && verdict.unknown.some((u) => /disarmed timerfd/.test(u.what)),
    show(verdict),
  );
});

test('a read on a terminal: waiting on the process that holds its master (here script(1))', async (t) => {
  // script's stdin stays open (a pipe from this test): at EOF it would pass ^D to the terminal.
  const script = start('script', ['-qfec', `${python} ${hangs}read-terminal.py`, '/dev/null'], { stdin: 'pipe' });
  let reader = 0;
  for (let i = 0; i < 100 && !reader; i++) {
    reader = treeOf(script.pid!).find((pid) => pid !== script.pid && /read-terminal/.test(cmdline(pid))) ?? 0;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!reader) return t.skip('script(1) did not start the reader');
  adopt(reader);
  const isWaiting = (v: { kind: string; outside?: { waker: { kind: string; pid?: number } }[] }) =>
    v.kind === 'waiting' && v.outside!.some((o) => o.waker.kind === 'process' && o.waker.pid === script.pid);
  // The run is the reader alone: script and its pty are outside it.
  const { verdict, facts } = await lookUntil(reader, isWaiting);
  assert.ok(isWaiting(verdict), show({ verdict, threads: facts.threads }));
  assert.equal(waiting(facts, 'terminal').on.kind, 'terminal');
});

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1');
  } catch {
    return '';
  }
}
