// The facts takeAutopsy gathers from real hung trees: the fd each blocked thread writes to, its
// direction, the pipe's capacity, the stacks from the startup hooks, the event loop's handles,
// socket peers; and a failed autopsy that says why in one reason, never a throw.
// The sentences made of these facts are asserted in tests/unit/explain/diagnose.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { takeAutopsy } from '../../../../src/runner/index.ts';
import { hungAutopsy } from '../../_support/autopsy.ts';

for (const method of ['fork', 'spawn'] as const) {
  test(`Python queue hang (${method}): the feeder's fd, the pipe, the stacks of the join and the write`, async () => {
    const { raw, norm } = await hungAutopsy('queue-hang.py', [method]);
    // The raw form names the real pipe: the inode the feeder's fd points to.
    const child = raw.processes.find((p) => p.threads.some((t) => t.name === 'QueueFeederThread'))!;
    const feeder = child.threads.find((t) => t.name === 'QueueFeederThread')!;
    const fd = child.fds.find((f) => f.fd === feeder.syscall.fd)!;
    assert.equal(fd.dir, 'write');
    assert.deepEqual(raw.channels.find((c) => c.inode === fd.inode)?.capacity, 65536);
    // Stacks came from faulthandler through the startup hook: the join and the write, in the source.
    assert.equal(feeder.stack?.[0]?.func, '_send');
    assert.ok(child.threads.find((t) => t.isMain)!.stack!.some((f) => f.func === 'join'));
    assert.ok(raw.processes[0]!.threads[0]!.stack!.some((f) => f.file.endsWith('queue-hang.py')));
    assert.equal(norm.processes.filter((p) => !p.housekeeping).length, 2);
  });
}

test('TypeScript FIFO queue: the libuv worker in pipe_write, the FIFO opened both ways, the child handle', async () => {
  const { raw } = await hungAutopsy('fifo-queue.ts');
  const child = raw.processes.find((p) => p.threads.some((t) => t.name === 'libuv-worker' && !t.housekeeping))!;
  const worker = child.threads.find((t) => t.name === 'libuv-worker' && !t.housekeeping)!;
  assert.match(worker.wchan, /pipe_write/);
  assert.equal(child.fds.find((f) => f.fd === 3)?.dir, 'both'); // the FIFO was opened O_RDWR
  // The parent's loop holds a child-process handle for the child: that is what it waits for.
  assert.deepEqual(
    raw.processes[0]!.handles?.filter((h) => h.type === 'Process').map((h) => h.pid),
    [child.pid],
  );
});

test('Node writeSync into a full FIFO: stacks not taken from the writer, and why', async () => {
  const { norm } = await hungAutopsy('fifo-sync.ts');
  assert.equal(
    norm.processes[1]!.stacks,
    'not taken: the main thread is blocked in write(), which a signal would cut short',
  );
  assert.equal(norm.processes[0]!.stacks, 'taken');
});

// Python waits out a connect() a signal cut short by polling the socket, and for a UNIX socket that
// poll says ready: connect() would return as if connected and the program would end mid-autopsy.
test('a hang in connect() on a full UNIX listener: proven, stacks not taken, the tree held to the end', async () => {
  const { norm, result } = await hungAutopsy('../hangs/connect-backlog.py');
  assert.equal(
    norm.processes[0]!.stacks,
    'not taken: the main thread is blocked in connect(), which a signal would cut short',
  );
  assert.equal(result.outcome.containment?.held, true);
  assert.equal(result.outcome.code, null);
});

// Programs with a SIGUSR2 handler of their own (a reload, a restart) must not hear the autopsy:
// before, the request for stacks made both print lines and exit, lines the hang never printed.
for (const fixture of ['usr2-own.py', 'usr2-own.ts']) {
  test(`a hung program with its own SIGUSR2 handler (${fixture}): stacks taken, its own handler not run`, async () => {
    const { norm, result } = await hungAutopsy(fixture);
    assert.equal(result.transcript.chunks.map((c) => c.text).join(''), '');
    assert.deepEqual(
      norm.processes.filter((p) => !p.housekeeping).map((p) => p.stacks),
      ['taken', 'taken'],
    );
  });
}

test("a child that carries the hook's file but not its handler is not signalled (it would die of it)", async () => {
  const { norm, result } = await hungAutopsy('isolated-child.py');
  assert.equal(result.transcript.chunks.map((c) => c.text).join(''), '');
  assert.equal(norm.processes[1]!.stacks, 'unavailable: no hangtime hook in this process');
  assert.equal(norm.processes[0]!.stacks, 'taken');
});

test("Node child writing to an unread stdout socketpair: ss names the parent's end as the peer", async () => {
  const { raw } = await hungAutopsy('socket-unread.ts');
  // ss named the peer: the child's fd 1 and the parent's end are the two ends of one socketpair.
  const child = raw.processes[1]!;
  const mine = raw.channels.find((c) => c.inode === child.fds.find((f) => f.fd === 1)!.inode)!;
  assert.ok(raw.processes[0]!.fds.some((f) => f.inode === mine.peer));
  const queued = child.handles!.find((h) => h.fd === 1)!.writeQueue!;
  assert.ok(queued > 0 && queued < 1 << 20, `queued ${queued}`);
});

test('/proc missing or unreadable: a failed autopsy that says why, no throw', async () => {
  const a = await takeAutopsy([process.pid], {
    stacksDir: '/nonexistent',
    rootPid: process.pid,
    procRoot: '/nonexistent-proc',
  });
  assert.deepEqual(a, {
    status: 'failed',
    reason: '/nonexistent-proc is missing or unreadable here, so the waits of the hung processes cannot be read',
  });
});

test('processes already gone: a failed autopsy that says why, no throw', async () => {
  const a = await takeAutopsy([2 ** 22 + 1], { stacksDir: '/nonexistent', rootPid: 2 ** 22 + 1 });
  assert.deepEqual(a, { status: 'failed', reason: "none of the run's processes could be read in /proc" });
});
