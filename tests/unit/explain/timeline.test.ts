// The timeline's lanes, from the watcher's events: one state a thread and a time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLanes, stateOf } from '../../../src/explain/timeline.ts';
import type { RunResult, Syscall } from '../../../src/runner/schema.ts';

/** Syscall facts as the watcher records them. */
const sys = (name: string, extra: Partial<Syscall> = {}): Syscall => ({
  name,
  nr: 0,
  timed: false,
  fd: null,
  bytes: null,
  waitPid: null,
  timeoutMs: null,
  ...extra,
});

test('timeline states: running, untimed wait, timed wait, gone', () => {
  const base = { t: 0, pid: 1, tid: 1, proc: 'p', thread: 'p', wchan: '', syscall: sys('none'), housekeeping: false };
  assert.equal(stateOf({ ...base, state: 'R', syscall: sys('running') }), 'run');
  assert.equal(stateOf({ ...base, state: 'S', syscall: sys('wait4', { waitPid: 2 }) }), 'wait');
  assert.equal(stateOf({ ...base, state: 'S', syscall: sys('nanosleep', { timed: true }) }), 'timed');
  assert.equal(stateOf({ ...base, state: 'gone' }), 'gone');
});

test('a pool thread that wrote for the program and went back to its pool ends idle, not running', () => {
  const ev = (t: number, tid: number, state: string, syscall: Syscall, housekeeping: boolean) => ({
    t,
    pid: 1,
    tid,
    proc: 'node',
    thread: tid === 1 ? 'node' : 'libuv-worker',
    state,
    wchan: '',
    syscall,
    housekeeping,
  });
  const result = {
    hang: { quietAtMs: 50, confirmedAtMs: 100, confirmedAfterMs: 50 },
    timing: { wallMs: 100, cpuMs: 1 },
    autopsy: null,
    timeline: [
      ev(0, 1, 'R', sys('running'), false),
      ev(0, 2, 'S', sys('futex'), true), // idle from the start: no lane of its own yet
      ev(0, 3, 'S', sys('futex'), true), // idle all along: never a lane
      ev(10, 2, 'R', sys('running'), false),
      ev(20, 2, 'S', sys('futex'), true),
      ev(30, 1, 'S', sys('epoll_pwait', { timeoutMs: -1 }), false),
    ],
  } as unknown as RunResult;
  const { lanes } = buildLanes(result);
  assert.deepEqual(
    lanes.map((l) => [l.label, l.last]),
    [
      ['node 1 · main thread', 'epoll_pwait, no timeout'],
      ['node 1 · libuv-worker', 'idle, back in its pool'],
    ],
  );
  assert.deepEqual(
    lanes[1]!.segments.map((s) => [s.from, s.to, s.state]),
    [
      [10, 20, 'run'],
      [20, 100, 'idle'],
    ],
  );
});
