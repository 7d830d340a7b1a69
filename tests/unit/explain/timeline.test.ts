// The timeline's lanes, from the watcher's events: one state a thread and a time.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  IdsDisagreeError,
  buildLanes,
  momentsOf,
  outputLines,
  processName,
  stateOf,
} from '../../../src/explain/timeline.ts';
import { listFrozen, readFrozen } from '../../../src/frozen/store.ts';
import { StaleRecordError, thaw } from '../../../src/frozen/thaw.ts';
import type { RunOptionsInput, RunResult, Syscall, TakenAutopsy } from '../../../src/runner/schema.ts';

const runnable = path.resolve(import.meta.dirname, '../../../runnable');

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

test("a runtime thread seen before it renamed itself (Node's SignalInspector, born 'node') gets no lane", () => {
  const ev = (t: number, tid: number, thread: string, housekeeping: boolean) => ({
    t,
    pid: 1,
    tid,
    proc: 'node',
    thread,
    state: 'R',
    wchan: '',
    syscall: sys('running'),
    housekeeping,
  });
  const result = {
    hang: null,
    timing: { wallMs: 100, cpuMs: 1 },
    autopsy: null,
    timeline: [ev(0, 1, 'node', false), ev(0, 2, 'node', false), ev(20, 2, 'SignalInspector', true)],
  } as unknown as RunResult;
  assert.deepEqual(
    buildLanes(result).lanes.map((l) => l.label),
    ['node 1 · main thread'],
  );
});

test('consecutive samples in the same state and call are one segment', () => {
  const ev = (t: number, state: string, syscall: Syscall) => ({
    t,
    pid: 1,
    tid: 1,
    proc: 'node',
    thread: 'node',
    state,
    wchan: '',
    syscall,
    housekeeping: false,
  });
  const result = {
    hang: null,
    timing: { wallMs: 100, cpuMs: 1 },
    autopsy: null,
    timeline: [
      ev(0, 'R', sys('running')),
      ev(10, 'R', sys('running')),
      ev(20, 'S', sys('epoll_pwait', { timeoutMs: -1 })),
      ev(30, 'S', sys('epoll_pwait', { timeoutMs: -1 })),
    ],
  } as unknown as RunResult;
  assert.deepEqual(
    buildLanes(result).lanes[0]!.segments.map((s) => [s.from, s.to, s.state]),
    [
      [0, 20, 'run'],
      [20, 100, 'wait'],
    ],
  );
});

test('a normalized autopsy beside a timeline of machine pids is refused, not shown under two names', () => {
  const result = {
    snippet: { path: 'runnable/x.py' },
    hang: null,
    timing: { wallMs: 100, cpuMs: 1 },
    autopsy: { status: 'taken', normalized: true, rootPid: 1, processes: [], channels: [] },
    timeline: [
      {
        t: 0,
        pid: 4242,
        tid: 4242,
        proc: 'p',
        thread: 'p',
        state: 'R',
        wchan: '',
        syscall: sys('running'),
        housekeeping: false,
      },
    ],
  } as unknown as RunResult;
  assert.throws(() => buildLanes(result), IdsDisagreeError);
});

test('moments: the start, every change, every output line, the markers and the end, once each, in order', () => {
  const lanes = [
    {
      segments: [
        { from: 5, to: 20, state: 'run' as const, syscall: 'running' },
        { from: 20.04, to: 50, state: 'wait' as const, syscall: 'x' },
      ],
    },
  ] as Parameters<typeof momentsOf>[0];
  assert.deepEqual(momentsOf(lanes, [{ t: 12 }, { t: 12 }], 50, [40]), [0, 5, 12, 20, 40, 50]);
});

test('output lines: the lines a terminal shows, each with the time it first appeared; empty ones left out', () => {
  const { lines, more } = outputLines(
    [
      { stream: 'stdout', t: 10, text: 'one\n\ntw' },
      { stream: 'stdout', t: 20, text: 'o\n' },
      { stream: 'stderr', t: 30, text: 'oops\n' },
    ],
    2,
  );
  assert.deepEqual(
    lines.map((l) => [l.t, l.stream, l.text]),
    [
      [10, 'stdout', 'one'],
      [10, 'stdout', 'two'],
    ],
  );
  assert.equal(more, 1);
});

// Every recorded hang of the book: its timeline names each thread as the autopsy under the same
// run does (the same ids, the runtime's thread names), with one main thread lane a process.
test('recorded hangs: timeline lanes carry the autopsy’s ids and thread names', () => {
  let checked = 0;
  for (const dir of readdirSync(runnable)) {
    if (!/^\d\d-/.test(dir)) continue;
    for (const file of listFrozen(path.join(runnable, dir))) {
      const doc = readFrozen(file)!;
      if (doc.recorded.autopsy?.status !== 'taken' || doc.recorded.timeline.length === 0) continue;
      let result: RunResult;
      try {
        result = thaw(doc, file.replace(/\.[^.]+\.frozen\.md$/, ''), { ...doc.options } as RunOptionsInput);
      } catch (error) {
        if (error instanceof StaleRecordError) continue; // a snippet edited since: re-frozen before it ships
        throw error;
      }
      const a = result.autopsy as TakenAutopsy;
      const names = new Set(a.processes.map((p) => processName(a, p.pid)));
      const { lanes } = buildLanes(result);
      for (const lane of lanes) {
        const [pid, tid] = lane.key.split('/').map(Number);
        const p = a.processes.find((x) => x.pid === pid);
        if (!p) continue; // gone before the autopsy (a launcher's shell): named by the watcher alone
        assert.ok(names.has(lane.process), `${file}: lane "${lane.label}" names its process as the autopsy does`);
        const t = p.threads.find((x) => x.tid === tid);
        if (t) assert.equal(lane.thread, t.isMain ? 'main thread' : t.name, `${file}: ${lane.label}`);
      }
      const mains = lanes.filter((l) => l.thread === 'main thread').map((l) => l.process);
      assert.equal(new Set(mains).size, mains.length, `${file}: one main thread lane a process`);
      if (/QueueFeederThread/.test(JSON.stringify(a)))
        assert.ok(
          lanes.some((l) => l.thread === 'QueueFeederThread'),
          `${file}: the feeder is named`,
        );
      checked++;
    }
  }
  assert.ok(checked >= 3, `recorded hangs checked: ${checked}`);
});
