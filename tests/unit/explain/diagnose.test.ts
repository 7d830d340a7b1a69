// The diagnosis of real hung trees, in the words a reader sees under a hung run: each fixture of
// tests/fixtures/autopsy is run until the engine proves the hang, then its autopsy is put into
// sentences. The facts these sentences are made of are asserted in runner/autopsy/take.test.ts and
// runner/autopsy/facts.test.ts. Then the property every diagnosis holds over the facts it lists, over
// the autopsy of every fixture (the autopsy fixtures, the in-tree hangs, the server left listening),
// raw and normalized; and the two cases that once broke it, sentence by sentence.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { diagnose, explainAutopsy } from '../../../src/explain/diagnose.ts';
import { findCycle, waitGraph } from '../../../src/explain/graph.ts';
import { hungAutopsy } from '../_support/autopsy.ts';
import { autopsyOf, checkDiagnosis, fixture } from '../_support/diagnosis.ts';
import { alive } from '../_support/autopsy.ts';
import { stopUnixDiag } from '../../../src/runner/waits/index.ts';

test("two processes each blocked writing into the other one's full pipe", async () => {
  const { norm } = await hungAutopsy('ring.py', ['2']);
  assert.equal(
    diagnose(norm),
    'The parent is blocked writing 200,000 bytes into pipe A, which is full. ' +
      'Its read end is open in the child, which is blocked writing 200,000 bytes into pipe B, which is full. ' +
      'Its read end is open in the parent, the one blocked writing into pipe A. Nobody will read: neither can move.',
  );
  assert.deepEqual(findCycle(waitGraph(norm)), [1, 2]);
});

test('a ring of three processes, each blocked writing to the next', async () => {
  const { norm } = await hungAutopsy('ring.py', ['3']);
  assert.equal(
    diagnose(norm),
    'The parent is blocked writing 200,000 bytes into pipe A, which is full. ' +
      'Its read end is open in child P2, which is blocked writing 200,000 bytes into pipe B, which is full. ' +
      'Its read end is open in child P3, which is blocked writing 200,000 bytes into pipe C, which is full. ' +
      'Its read end is open in the parent, the one blocked writing into pipe A. Nobody will read: none can move.',
  );
  assert.deepEqual(findCycle(waitGraph(norm)), [1, 2, 3]);
});

// Bob's hang under the fork and spawn start methods: the feeder thread, the full pipe, both
// read ends — the same cycle either way.
for (const method of ['fork', 'spawn'] as const) {
  test(`Python queue hang (${method}): the feeder thread writes into a full pipe nobody reads`, async () => {
    const { raw, norm } = await hungAutopsy('queue-hang.py', [method]);
    // The pipe refuses the rest of the write with fewer bytes in it than its size (page slots): never called full.
    const pipe = norm.channels.find((c) => c.inode === 1)!;
    assert.ok(pipe.filled! < pipe.capacity!, JSON.stringify(pipe));
    assert.equal(
      diagnose(norm),
      "The child's thread QueueFeederThread is blocked writing 100,009 bytes into pipe A, which takes no more " +
        `(${pipe.filled!.toLocaleString('en-US')} of 65,536 bytes queued: a pipe's room is counted in page slots, ` +
        'not bytes). Its read end is open in the parent, which is waiting for the child to exit, and in the child ' +
        'itself, whose main thread is waiting for QueueFeederThread to finish. Nobody will read: neither can move.',
    );
    // The raw form names the real pipe: the inode the feeder's fd points to.
    const child = raw.processes.find((p) => p.threads.some((t) => t.name === 'QueueFeederThread'))!;
    const feeder = child.threads.find((t) => t.name === 'QueueFeederThread')!;
    const fd = child.fds.find((f) => f.fd === feeder.syscall.fd)!;
    assert.match(diagnose(raw), new RegExp(`into pipe ${fd.inode}, which takes no more \\(`));
  });
}

test('TypeScript FIFO queue: a libuv worker writes into a full FIFO, both event loops wait', async () => {
  const { norm } = await hungAutopsy('fifo-queue.ts');
  assert.equal(
    diagnose(norm),
    "The child's thread libuv-worker is blocked writing 100,006 bytes into fifo A, which is full. " +
      'Its read end is open in the parent, which is idle in its event loop, waiting for the child to exit, ' +
      'and in the child itself, whose main thread is idle in its event loop, waiting for that write to finish. ' +
      'Nobody will read: neither can move.',
  );
});

// A Node main thread blocked in a synchronous write: no signal is sent (it would cut the write
// short), and the diagnosis still closes the cycle from /proc alone.
test('Node writeSync into a full FIFO: the main thread itself is stuck; stacks not taken, and why', async () => {
  const { norm } = await hungAutopsy('fifo-sync.ts');
  assert.equal(
    diagnose(norm),
    'The child is blocked writing 100,000 bytes into fifo A, which is full. ' +
      'Its read end is open in the parent, which is idle in its event loop, waiting for the child to exit, ' +
      'and in the child itself, which cannot read while it is blocked writing. Nobody will read: neither can move.',
  );
});

// Node's stdio 'pipe' is a socketpair: a child writing to a stdout nobody reads cannot finish.
test('Node child writing to an unread stdout socketpair: the cycle through the socket peer', async () => {
  const { norm } = await hungAutopsy('socket-unread.ts');
  assert.equal(
    diagnose(norm),
    'The child is idle in its event loop, with output still queued for socket A, which takes no more. ' +
      'Its other end (socket B) is open in the parent, which is idle in its event loop, ' +
      'waiting for the child to exit. Nobody will read: neither can move.',
  );
});

test('no autopsy, or a failed one: one sentence that says why', () => {
  assert.equal(
    explainAutopsy({ status: 'failed', reason: "none of the run's processes could be read in /proc" }),
    "No autopsy: none of the run's processes could be read in /proc.",
  );
  assert.equal(explainAutopsy(null), 'No autopsy was taken.');
});

// ---- The property: a diagnosis never contradicts the facts it lists. ----

const dir = mkdtempSync(join(tmpdir(), 'hangtime-diagnose-'));
after(() => {
  stopUnixDiag();
  rmSync(dir, { recursive: true, force: true });
});

const FIXTURES: [string, string[]][] = [
  ['autopsy/queue-hang.py', ['fork']],
  ['autopsy/queue-hang.py', ['spawn']],
  ['autopsy/queue-fanout.py', ['3']],
  ['autopsy/ring.py', ['2']],
  ['autopsy/ring.py', ['3']],
  ['autopsy/fifo-queue.ts', []],
  ['autopsy/fifo-sync.ts', []],
  ['autopsy/socket-unread.ts', []],
  ['hangs/lock-deadlock-threads.py', []],
  ['hangs/mp-lock-deadlock.py', []],
  ['hangs/fork-while-locked.py', []],
  ['hangs/lock-sibling.py', [join(dir, 'lock')]],
  ['hangs/multiplex-ring.py', []],
  ['hangs/wait-zombie-sibling.py', []],
  ['hangs/eventfd-pair.py', []],
  ['hangs/fifo-pair-read.py', []],
  ['hangs/socketpair-both-read.py', []],
  ['hangs/tcp-pair-recv.py', []],
  ['hangs/udp-pair-recv.py', []],
  ['hangs/node-tcp-pair.ts', []],
  ['hangs/node-grandchild-holds-pipe.ts', []],
  ['hangs/node-server-paused.ts', []],
  ['hangs/accept-tcp.py', []],
  ['hangs/accept-unix.py', [join(dir, 'accept.sock')]],
  ['hangs/epoll-listen-udp.py', []],
  ['hangs/udp-recv.py', []],
  ['hangs/connect-backlog.py', []],
  ['hangs/pause.py', []],
  ['hangs/timerfd-wait.py', ['disarmed']],
  ['hangs/manager-lock-dead-holder.py', []],
];

test('over every fixture: no link of the facts denied, every process named exists with that role', async () => {
  for (const [path, args] of FIXTURES) {
    const { raw, norm } = await autopsyOf(path, args, 3000);
    for (const a of [raw, norm]) {
      try {
        checkDiagnosis(a);
      } catch (e) {
        throw new Error(`${path} ${args.join(' ')} (${a.normalized ? 'normalized' : 'raw'}): ${(e as Error).message}`);
      }
    }
  }
});

test('the check refuses a sentence that denies a link, names an absent process, or a wrong holder', async () => {
  const { norm } = await autopsyOf('hangs/socketpair-both-read.py');
  const text = checkDiagnosis(norm);
  assert.throws(() => checkDiagnosis(norm, `${text} No pipe or socket links these waits.`), /the sentence denies it/);
  assert.throws(() => checkDiagnosis(norm, `${text} Child P9 is in futex wait.`), /names no process/);
  // A holder the facts do not name: the parent's links taken away, the sentence kept.
  const unlinked = structuredClone(norm);
  for (const t of unlinked.processes[1]!.threads) if (t.wait) t.wait.wakers.inside = [];
  assert.throws(
    () => checkDiagnosis(unlinked, 'Its other end (socket B) is open in the parent, which is blocked.'),
    /holds no end/,
  );
});

test("a Node parent waits for 'close' of an exited child while an orphaned grandchild holds its stdout", async () => {
  const { norm } = await autopsyOf('hangs/node-grandchild-holds-pipe.ts');
  assert.equal(
    checkDiagnosis(norm),
    'The parent is idle in its event loop, waiting to read from socket A, the stdout of child P3, which exited ' +
      'with code 0. Its other end (socket B) is open in orphan P2, which is in futex wait, no timeout. ' +
      'Nobody will write: neither can move.',
  );
});

test('a server left listening, its one connection paused, its client with output queued', async () => {
  const { norm } = await autopsyOf('hangs/node-server-paused.ts');
  assert.match(
    checkDiagnosis(norm),
    new RegExp(
      '^The program is idle in its event loop, with output still queued for socket A, which takes no more\\. ' +
        'Its other end \\(socket B\\) is open in the program itself, which paused reading it \\(fd \\d+\\)\\. ' +
        'Nothing inside the run will end this wait; only a client connecting to tcp 127\\.0\\.0\\.1:\\d+ could\\.$',
    ),
  );
});

test('a client waiting on a server outside the run: the sentence names that process, never "nobody"', async () => {
  const server = spawn('python3', [fixture('hangs/outside/tcp-server-late.py'), '--delay', '60'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const port = await new Promise<string>((resolve) => server.stdout!.once('data', (d) => resolve(String(d).trim())));
    const { raw, norm } = await autopsyOf('hangs/tcp-recv.py', ['127.0.0.1', port], 5000);
    const client = raw.processes[0]!.threads[0]!.wait!;
    assert.equal(client.on.kind, 'tcp');
    const outside = client.wakers.outside.find((o) => o.kind === 'process');
    assert.ok(outside?.kind === 'process' && /tcp-server-late\.py/.test(outside.command), JSON.stringify(client));
    for (const a of [raw, norm]) {
      const text = checkDiagnosis(a);
      assert.match(
        text,
        /^The program is blocked reading from socket \w+\. Its other end \(socket \w+\) is held outside /,
      );
      assert.match(
        text,
        /, by (?:pid \d+|a process) \(python3 tcp-server-late\.py --delay 60\)\. Nothing inside the run will end/,
      );
      assert.doesNotMatch(text, /Nobody will/);
    }
  } finally {
    process.kill(-server.pid!, 'SIGKILL');
    await new Promise((r) => server.once('exit', r));
  }
  assert.deepEqual(alive(fixture('hangs/outside/tcp-server-late.py')), [], 'the server is gone');
});

// A wait with no other end: a server in accept() (TCP or UNIX), a datagram socket nobody is
// connected to, a poll over both. What could end it is who may arrive, said once, in closing.
/** A diagnosis with its ports as :PORT (each run binds its own). */
const ported = (text: string) => text.replace(/:\d+\b/g, ':PORT');

test('a listening socket is waited on for a connection, never read, and has no other end', async () => {
  const tcp = checkDiagnosis((await autopsyOf('hangs/accept-tcp.py', [], 3000)).norm);
  assert.equal(
    ported(tcp),
    'The program is waiting for a connection on socket C, a listening socket. ' +
      'Nothing inside the run will end this wait; only a client connecting to tcp 127.0.0.1:PORT could.',
  );
  const path = join(dir, 'server.sock');
  const unix = checkDiagnosis((await autopsyOf('hangs/accept-unix.py', [path], 3000)).raw);
  assert.match(unix, /^The program is waiting for a connection on socket \d+, a listening socket\. /);
  assert.ok(unix.endsWith(`only a client connecting to ${path} could.`), unix);
  const both = checkDiagnosis((await autopsyOf('hangs/epoll-listen-udp.py', [], 3000)).norm);
  // The lowest fd is said (the listener's); the closing names whoever could end the wait, in any order.
  const [first, closing] = ported(both).split('. ');
  assert.equal(
    first,
    'The program is waiting in epoll_wait() for a connection on socket C, a listening socket (and on 1 other fd)',
  );
  assert.deepEqual(
    closing!
      .replace(/^Nothing inside the run will end this wait; only (.*) could\.$/, '$1')
      .split(' or ')
      .sort(),
    ['a client connecting to tcp 127.0.0.1:PORT', 'a message sent to udp 127.0.0.1:PORT'],
  );
});

test('an unconnected UDP socket waits for a datagram from anyone: no other end to name', async () => {
  assert.equal(
    ported(checkDiagnosis((await autopsyOf('hangs/udp-recv.py', [], 3000)).norm)),
    'The program is waiting for a datagram on socket A, which is connected to no other socket. ' +
      'Nothing inside the run will end this wait; only a message sent to udp 127.0.0.1:PORT could.',
  );
});

test('a connect() in progress and an open of a FIFO say what they wait in, not a read', async () => {
  const connect = checkDiagnosis((await autopsyOf('hangs/connect-backlog.py', [], 3000)).norm);
  assert.match(
    connect,
    new RegExp(
      /^The program is waiting in connect\(\) on socket \w+ \(UNIX stream \(unnamed\), unconnected\) /.source +
        /to \/\S+\/s, for room in its listener's queue\. /.source +
        /Only the thread that waits could end its wait: it cannot move\.$/.source,
    ),
  );
  const fifo = join(dir, 'fifo');
  spawnSync('mkfifo', [fifo]);
  const open = checkDiagnosis((await autopsyOf('hangs/fifo-read.py', [fifo], 3000)).raw);
  assert.equal(
    open,
    `The program is blocked opening fifo ${fifo} for reading. ` +
      `Nothing inside the run will end this wait; only a process that opens ${fifo} (for writing) could.`,
  );
});

test('a program busy on a CPU at its timeout: nothing says it cannot move', async () => {
  const text = checkDiagnosis((await autopsyOf('runner/cpu-loop.ts', [], 1500)).norm);
  assert.match(text, /is running on a CPU, waiting on nothing/);
  assert.match(text, /A thread that runs is not blocked: nothing here says it would not finish\.$/);
  assert.doesNotMatch(text, /cannot move|none can move/);
});
