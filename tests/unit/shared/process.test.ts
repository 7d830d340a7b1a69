// A process is its pid and its start time: isAlive and signalIfSame refuse a pid whose start
// time differs (a reused pid), treat a zombie as gone, and count EPERM as alive.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, test } from 'node:test';
import { formatId, identify, isAlive, parseId, selfId, signalIfSame } from '../../../src/shared/process.ts';

const sleepers: number[] = [];
after(() => {
  const left = sleepers.filter((pid) => isAlive(identify(pid) ?? { pid, startTicks: -1 }));
  for (const pid of left)
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  assert.deepEqual(left, []);
});

function startSleeper() {
  const child = spawn('/bin/sleep', ['30'], { stdio: 'ignore' });
  sleepers.push(child.pid!);
  return child;
}
const exited = (c: ReturnType<typeof spawn>) => new Promise((r) => c.on('exit', r));

test('identify reads the start time that /proc shows, and selfId is this process', () => {
  const me = selfId();
  assert.equal(me.pid, process.pid);
  assert.ok(Number.isInteger(me.startTicks) && me.startTicks! > 0);
  assert.deepEqual(identify(process.pid), me);
  assert.equal(identify(0), null);
  assert.equal(identify(-5), null);
  assert.deepEqual(parseId(formatId(me)), me);
  assert.deepEqual(parseId('12.x'), { pid: 12, startTicks: null });
  assert.equal(parseId('12'), null);
});

test('isAlive: same pid and start time only', async () => {
  const child = startSleeper();
  const id = identify(child.pid!)!;
  assert.equal(isAlive(id), true);
  assert.equal(isAlive({ ...id, startTicks: id.startTicks! + 1 }), false, 'another start time is another process');
  child.kill('SIGKILL');
  await exited(child);
  assert.equal(isAlive(id), false);
});

test('EPERM counts as alive (PID 1 by pid alone, as any user)', () => {
  assert.equal(isAlive({ pid: 1, startTicks: null }), true);
  assert.equal(isAlive(identify(1)!), true);
});

test('signalIfSame never signals a pid whose start time differs', async () => {
  const child = startSleeper();
  const id = identify(child.pid!)!;
  assert.equal(signalIfSame({ ...id, startTicks: id.startTicks! - 1 }, 'SIGKILL'), false);
  assert.equal(isAlive(id), true, 'still running');
  assert.equal(signalIfSame(id, 'SIGKILL'), true);
  await exited(child);
  assert.equal(signalIfSame(id, 'SIGKILL'), false, 'gone: nothing sent');
});
