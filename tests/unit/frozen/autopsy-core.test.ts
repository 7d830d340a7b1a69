// The compared core of an autopsy, and measurements the autopsy could not take this time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autopsyCore, fillUnmeasured } from '../../../src/frozen/autopsy-core.ts';
import type { Autopsy } from '../../../src/runner/autopsy/index.ts';

const sys = (name: string, timed = false) => ({
  name,
  nr: 0,
  timed,
  fd: null,
  bytes: null,
  waitPid: null,
  timeoutMs: timed ? 1997 : null,
});
const thread = (tid: number, name: string, housekeeping = false, timed = false) => ({
  tid,
  name,
  isMain: tid === 1,
  state: 'S',
  wchan: 'x',
  syscall: sys(name, timed),
  housekeeping,
  stack: [{ file: 'a.py', line: 1, func: 'f' }],
  joins: null,
});

test('core: program threads only, renumbered; stacks, names, timeouts and groups left out', () => {
  const a = {
    version: 1,
    available: true,
    note: null,
    normalized: true,
    rootPid: 1,
    costMs: 0,
    diagnosis: 'stuck',
    processes: [
      {
        pid: 1,
        ppid: 0,
        cmdline: ['node', 'x.ts'],
        runtime: 'node',
        housekeeping: false,
        fds: [],
        stacks: 'taken',
        handles: null,
        threads: [thread(1, 'epoll_pwait', false, true), thread(2, 'futex', true), thread(3, 'write')],
      },
      {
        pid: 2,
        ppid: 1,
        cmdline: ['esbuild'],
        runtime: 'other',
        housekeeping: true,
        fds: [],
        stacks: 'n/a',
        handles: null,
        threads: [thread(4, 'epoll_pwait')],
      },
    ],
    channels: [],
    groups: [{ label: 'V8 platform worker', count: 8, pids: [1] }],
  } as unknown as Autopsy;
  const core = autopsyCore(a) as { processes: { threads: { tid: number; syscall: Record<string, unknown> }[] }[] };
  assert.equal(core.processes.length, 1);
  assert.deepEqual(
    core.processes[0]!.threads.map((t) => t.tid),
    [1, 2],
  );
  assert.deepEqual(core.processes[0]!.threads[0]!.syscall, {
    name: 'epoll_pwait',
    timed: true,
    fd: null,
    bytes: null,
    waitPid: null,
  });
  assert.equal(JSON.stringify(core).includes('stack'), false);
  assert.equal(JSON.stringify(core).includes('groups'), false);
});

test('a leaf null on one side is unmeasured, not different; a changed value is different', () => {
  const frozen = { channels: [{ inode: 1, filled: 65536, capacity: 65536 }], diagnosis: 'full' };
  const r = fillUnmeasured(frozen, { channels: [{ inode: 1, filled: null, capacity: null }], diagnosis: 'full' });
  assert.deepEqual([r.compared, r.merged, r.unmeasured, r.gained], [frozen, frozen, 2, 0]);
  const gained = fillUnmeasured(
    { channels: [{ inode: 1, filled: null, capacity: 65536 }] },
    { channels: [{ inode: 1, filled: 64709, capacity: 65536 }] },
  );
  assert.deepEqual(
    [gained.compared, gained.merged, gained.gained],
    [
      { channels: [{ inode: 1, filled: null, capacity: 65536 }] },
      { channels: [{ inode: 1, filled: 64709, capacity: 65536 }] },
      1,
    ],
  );
  const changed = fillUnmeasured(frozen, { channels: [{ inode: 1, filled: 100, capacity: 65536 }], diagnosis: 'full' });
  assert.equal(changed.unmeasured + changed.gained, 0);
  assert.deepEqual(changed.compared, { channels: [{ inode: 1, filled: 100, capacity: 65536 }], diagnosis: 'full' });
});
