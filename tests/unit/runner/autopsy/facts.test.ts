// What the autopsy records of a hung tree, on real process trees run through the engine (each
// killed whole, nothing left behind): sockets named as sockets, a listening server and a paused
// connection, Node handles typed, a child that exited (Node's view and a zombie's exit status), an
// orphan, the fds select/poll/epoll wait on, a bare fork child's stack, and the wait-for facts the
// autopsy keeps with each thread (its own, or those the verdict judged).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { autopsyOf, fixture } from '../../_support/diagnosis.ts';
import { roleOf } from '../../../../src/explain/labels.ts';
import { autopsyLaunch, takeAutopsy } from '../../../../src/runner/autopsy/index.ts';
import { readWaits, stopUnixDiag } from '../../../../src/runner/waits/index.ts';
import { findTree, listProcesses } from '../../../../src/runner/watch/procfs.ts';
import { python } from '../waits/harness.ts';

after(stopUnixDiag);

test('TCP: a listening server, a connection with output queued, its paused peer; Node handles typed', async () => {
  const { raw } = await autopsyOf('hangs/node-server-paused.ts');
  const p = raw.processes[0]!;
  const channel = (fd: number) => raw.channels.find((c) => c.inode === p.fds.find((f) => f.fd === fd)?.inode)!;
  const server = p.handles!.find((h) => h.server)!;
  assert.equal(server.type, 'TCP');
  const listening = channel(server.fd!);
  assert.equal(listening.socket?.proto, 'tcp');
  assert.equal(listening.socket?.state, 'LISTEN');
  assert.equal(listening.socket?.local?.address, '127.0.0.1');
  const queued = p.handles!.find((h) => (h.writeQueue ?? 0) > 0)!;
  const paused = p.handles!.find((h) => h.paused === true)!;
  assert.equal(queued.type, 'TCP');
  assert.equal(paused.type, 'TCP');
  const client = channel(queued.fd!);
  // The two ends of one loopback connection, each the other's peer, with addresses and ports.
  assert.equal(client.peer, channel(paused.fd!).inode);
  assert.equal(channel(paused.fd!).peer, client.inode);
  assert.deepEqual(client.socket?.remote, listening.socket?.local);
  assert.ok(p.resources?.includes('TCPServerWrap'), String(p.resources));
  // The loop's wait: epoll with the listener and the connection decoded, the listener a door.
  const main = p.threads.find((t) => t.isMain)!;
  assert.equal(main.wait?.on.kind, 'poll');
  const watched = main.wait!.on.kind === 'poll' ? main.wait!.on.fds : [];
  const door = watched.find((w) => w.fd === server.fd)!;
  assert.equal(door.on.kind, 'tcp');
  assert.deepEqual(
    door.wakers.outside.map((o) => o.kind === 'door' && o.door),
    ['connect'],
  );
});

test('Node: a child that exited (code 0), its stdout open in the parent; the orphan holds the other end', async () => {
  const { raw } = await autopsyOf('hangs/node-grandchild-holds-pipe.ts');
  const parent = raw.processes.find((p) => p.pid === raw.rootPid)!;
  const [child] = parent.spawned!;
  assert.deepEqual(child!.exit, { code: 0, signal: null });
  assert.ok(!raw.processes.some((p) => p.pid === child!.pid), 'the child is gone (reaped)');
  const stdout = child!.stdio[1]!;
  const socket = raw.channels.find((c) => c.inode === parent.fds.find((f) => f.fd === stdout)?.inode)!;
  assert.equal(socket.socket?.proto, 'unix');
  const orphan = raw.processes.find((p) => p.fds.some((f) => f.inode === socket.peer))!;
  assert.ok(!raw.processes.some((p) => p.pid === orphan.ppid), 'adopted outside the tree');
  assert.equal(roleOf(raw, orphan.pid), `orphan ${orphan.pid}`);
  assert.equal(parent.handles?.find((h) => h.fd === stdout)?.type, 'Pipe');
});

test('a zombie child: recorded with its exit status, no threads', async () => {
  const { raw } = await autopsyOf('hangs/wait-zombie-sibling.py');
  const zombie = raw.processes.find((p) => p.state === 'Z')!;
  assert.deepEqual(zombie.exit, { code: 3, signal: null });
  assert.deepEqual(zombie.threads, []);
  assert.equal(zombie.ppid, raw.rootPid);
});

test("a bare os.fork() child: its stack is filed under its own thread (3.11 kept the parent's id)", async () => {
  const { raw } = await autopsyOf('hangs/fork-while-locked.py');
  const child = raw.processes.find((p) => p.pid !== raw.rootPid)!;
  const main = child.threads.find((t) => t.isMain)!;
  assert.equal(child.stacks, 'taken');
  assert.ok(
    main.stack?.some((f) => f.file.endsWith('fork-while-locked.py') && f.line === 22),
    JSON.stringify(main.stack),
  );
  assert.equal(main.wait?.on.kind, 'futex');
  assert.deepEqual(
    main.wait?.wakers.inside.map((w) => w.pid),
    [child.pid],
  );
});

test('poll, select and epoll: the fds each waits on, decoded, with who could make them ready', async () => {
  const { raw } = await autopsyOf('hangs/multiplex-ring.py');
  const calls = raw.processes.map((p) => p.threads[0]!.wait!.on);
  assert.deepEqual(
    calls.map((on) => on.kind === 'poll' && on.call.replace(/\d+$/, '').replace(/^epoll_p?wait$/, 'epoll')),
    ['poll', 'pselect', 'epoll'],
  );
  for (const [i, on] of calls.entries()) {
    assert.ok(on.kind === 'poll');
    const pipe = on.fds.find((w) => w.on.kind === 'pipe')!;
    const next = raw.processes[(i + 1) % raw.processes.length]!.pid;
    assert.ok(
      pipe.wakers.inside.some((w) => w.pid === next && w.role.role === 'holds'),
      JSON.stringify(pipe),
    );
  }
});

test('TCP and UDP between two processes of the run: addresses, states, peers', async () => {
  for (const [file, proto] of [
    ['hangs/tcp-pair-recv.py', 'tcp'],
    ['hangs/udp-pair-recv.py', 'udp'],
  ] as const) {
    const { raw } = await autopsyOf(file);
    const sockets = raw.channels.filter((c) => c.socket?.proto === proto);
    assert.ok(sockets.length >= 2, JSON.stringify(raw.channels));
    for (const s of sockets) assert.equal(s.socket?.local?.address, '127.0.0.1');
    const reader = raw.processes[0]!.threads[0]!.wait!;
    assert.equal(reader.on.kind, proto);
    assert.deepEqual(
      reader.wakers.inside.map((w) => w.pid),
      [raw.processes[1]!.pid],
    );
  }
});

test('the wait-for facts the verdict judged are the ones the autopsy keeps; else it reads its own', async () => {
  const stacks = mkdtempSync(join(tmpdir(), 'hangtime-facts-'));
  const child = spawn(python, [fixture('hangs/socketpair-both-read.py')], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '', ...autopsyLaunch(stacks) },
  });
  try {
    const tree = async () => {
      for (let i = 0; i < 200; i++) {
        const t = findTree(child.pid!, listProcesses());
        if (t.length === 2 && t.every((p) => readdirSync(`/proc/${p.pid}/task`).length === 1))
          return t.map((p) => p.pid);
        await new Promise((r) => setTimeout(r, 30));
      }
      throw new Error('the tree never formed');
    };
    const pids = await tree();
    await new Promise((r) => setTimeout(r, 200));
    const facts = await readWaits({ pids });
    // A mark only the given facts carry: the autopsy must keep them as they are, not read again.
    facts.threads[0]!.wakers.timer = 'given by the verdict';
    const given = await takeAutopsy(pids, { stacksDir: stacks, rootPid: child.pid!, waits: facts });
    assert.ok(given.status === 'taken');
    assert.equal(given.waitsFrom, 'verdict');
    const first = given.processes.find((p) => p.pid === facts.threads[0]!.pid)!.threads[0]!;
    assert.equal(first.wait?.wakers.timer, 'given by the verdict');
    const own = await takeAutopsy(pids, { stacksDir: stacks, rootPid: child.pid! });
    assert.ok(own.status === 'taken');
    assert.equal(own.waitsFrom, 'autopsy');
    assert.ok(
      own.processes.every((p) => p.threads.every((t) => t.wait?.on.kind === 'unix')),
      JSON.stringify(own.processes.map((p) => p.threads.map((t) => t.wait))),
    );
  } finally {
    process.kill(-child.pid!, 'SIGKILL');
    rmSync(stacks, { recursive: true, force: true });
    for (let i = 0; i < 100 && findTree(child.pid!, listProcesses()).some((p) => p.state !== 'Z'); i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(
      findTree(child.pid!, listProcesses()).filter((p) => p.state !== 'Z'),
      [],
      'left behind',
    );
  }
});
