// Sockets: a peer outside the run is an outside waker (waiting); a peer inside, itself blocked, closes
// the graph (hang).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { after, test } from 'node:test';
import { stopUnixDiag, type On } from '../../../../src/runner/waits/index.ts';
import {
  atDoor,
  firstLine,
  killAll,
  lookUntil,
  outside,
  python,
  show,
  start,
  startFixture,
  waiting,
} from './harness.ts';

const dir = mkdtempSync(`${tmpdir()}/waits-sockets-`);
after(async () => {
  await killAll();
  stopUnixDiag();
  rmSync(dir, { recursive: true, force: true });
});

const outsideProcess = (v: { kind: string; outside?: { waker: { kind: string; pid?: number } }[] }, pid: number) =>
  v.kind === 'waiting' && v.outside!.some((o) => o.waker.kind === 'process' && o.waker.pid === pid);

for (const host of ['127.0.0.1', '::1']) {
  test(`a client of a TCP server on ${host} outside the run is waiting, on the server's process`, async () => {
    const server = start(python, [outside + 'tcp-server-late.py', '--host', host, '--delay', '30'], { stdout: 'pipe' });
    const port = await firstLine(server);
    const run = startFixture('tcp-recv.py', [host, port]);
    const { verdict, facts, seen } = await lookUntil(run.pid!, (v) => outsideProcess(v, server.pid!));
    assert.ok(outsideProcess(verdict, server.pid!), show(verdict));
    assert.ok(!seen.some((v) => v.kind === 'hang'), `said hang: ${show(seen)}`);
    const t = waiting(facts, 'tcp');
    assert.equal(t.on.kind === 'tcp' && t.on.remote?.port, Number(port));
  });
}

test("a client whose connection the outside server has not accepted yet waits on the listener's holder", async () => {
  const server = start(python, [outside + 'tcp-server-late.py', '--accept-late', '--delay', '30'], { stdout: 'pipe' });
  const port = await firstLine(server);
  const run = startFixture('tcp-recv.py', ['127.0.0.1', port]);
  const { verdict, facts } = await lookUntil(run.pid!, (v) => outsideProcess(v, server.pid!));
  assert.ok(outsideProcess(verdict, server.pid!), show(verdict));
  const t = waiting(facts, 'tcp');
  assert.equal(t.on.kind === 'tcp' && t.on.peer, 0, 'the peer is not accepted yet: no inode');
});

test('select() on a socket to an outside server: the watched fd is decoded, and it is waiting', async () => {
  const server = start(python, [outside + 'tcp-server-late.py', '--delay', '30'], { stdout: 'pipe' });
  const port = await firstLine(server);
  const run = startFixture('select-recv.py', ['127.0.0.1', port]);
  const { verdict, facts } = await lookUntil(run.pid!, (v) => outsideProcess(v, server.pid!));
  assert.ok(outsideProcess(verdict, server.pid!), show(verdict));
  const t = waiting(facts, 'poll');
  assert.ok(
    t.on.kind === 'poll' && /select/.test(t.on.call) && t.on.fds.length === 1 && t.on.fds[0]!.on.kind === 'tcp',
    show(t.on),
  );
});

/** Whether a connect to a TEST-NET address stays pending here (a route, and nothing that refuses it). */
async function connectHangs(): Promise<boolean> {
  const s = net.connect(9, '192.0.2.1');
  const pending = await new Promise<boolean>((r) => {
    s.once('error', () => r(false));
    setTimeout(() => r(true), 300);
  });
  s.destroy();
  return pending;
}

test('a TCP peer that is not on this machine is an outside address', async (t) => {
  if (!(await connectHangs())) return t.skip('a connect to 192.0.2.1 fails at once here (no route, or refused)');
  const run = start(python, ['-c', 'import socket; socket.create_connection(("192.0.2.1", 9))']);
  const { verdict } = await lookUntil(run.pid!, (v) => v.kind === 'waiting', { timeoutMs: 3000 });
  assert.equal(verdict.kind, 'waiting', show(verdict));
  assert.ok(
    verdict.kind === 'waiting' &&
      verdict.outside.some((o) => o.waker.kind === 'remote' && o.waker.address === '192.0.2.1' && o.waker.port === 9),
    show(verdict),
  );
});

test('two processes of the run connected over loopback TCP, both reading: hang', async () => {
  const run = startFixture('tcp-pair-recv.py');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 2 });
  assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads }));
  assert.equal(facts.threads.filter((t) => t.on.kind === 'tcp').length, 2);
});

test("a client of a UNIX socket server outside the run is waiting, on the server's process", async () => {
  const path = `${dir}/server.sock`;
  const server = start(python, [outside + 'unix-server-late.py', path, '30'], { stdout: 'pipe' });
  await firstLine(server);
  const run = startFixture('unix-recv.py', [path]);
  const { verdict, facts, seen } = await lookUntil(run.pid!, (v) => outsideProcess(v, server.pid!));
  assert.ok(outsideProcess(verdict, server.pid!), show({ verdict, threads: facts.threads }));
  assert.ok(!seen.some((v) => v.kind === 'hang'), `said hang: ${show(seen)}`);
});

test('a socketpair between a parent and its child, both reading: hang', async () => {
  const run = startFixture('socketpair-both-read.py');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 2 });
  assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads }));
  const t = waiting(facts, 'unix');
  assert.ok(t.on.kind === 'unix' && t.on.peer !== null && t.on.peer > 0, show(t.on));
});

test('Node: a parent and child connected over loopback TCP, each waiting for the other: hang', async () => {
  const run = startFixture('node-tcp-pair.ts');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 2 });
  assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads.filter((t) => !t.housekeeping) }));
});

test('Node: a client of an outside TCP server is waiting on it', async () => {
  const server = start(python, [outside + 'tcp-server-late.py', '--delay', '30'], { stdout: 'pipe' });
  const port = await firstLine(server);
  const run = startFixture('node-tcp-recv.ts', ['127.0.0.1', port]);
  const { verdict } = await lookUntil(run.pid!, (v) => outsideProcess(v, server.pid!));
  assert.ok(outsideProcess(verdict, server.pid!), show(verdict));
});

test('Node: a server left listening, its connection paused, is waiting for connections', async () => {
  const run = startFixture('node-server-paused.ts');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'waiting');
  assert.equal(verdict.kind, 'waiting', show(verdict));
  assert.ok(atDoor(verdict, 'connect', /^tcp 127\.0\.0\.1:\d+$/), show(verdict));
  const loop = facts.threads.find((t) => t.thread === 'MainThread')!;
  assert.ok(
    loop.on.kind === 'poll' && loop.on.fds.some((w) => w.on.kind === 'tcp' && w.on.state === 'LISTEN'),
    show(loop.on),
  );
});

test('an unconnected UDP socket: waiting for anyone to send to it', async () => {
  const run = startFixture('udp-recv.py');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'waiting');
  assert.ok(atDoor(verdict, 'send', /^udp 127\.0\.0\.1:\d+$/), show(verdict));
  assert.equal(waiting(facts, 'udp').on.kind, 'udp');
});

test('two processes of the run with UDP sockets connected to each other, both reading: hang', async () => {
  const run = startFixture('udp-pair-recv.py');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 2 });
  assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads }));
});

test('a TCP listener in accept(): waiting for a client to connect, never hung', async () => {
  const run = startFixture('accept-tcp.py');
  const { verdict, seen } = await lookUntil(run.pid!, (v) => v.kind === 'waiting');
  assert.ok(atDoor(verdict, 'connect', /^tcp 127\.0\.0\.1:\d+$/), show(verdict));
  assert.ok(!seen.some((v) => v.kind === 'hang'), `said hang: ${show(seen)}`);
});

test('a UNIX listener in accept(): waiting for a client to connect to its path', async () => {
  const path = `${dir}/accept.sock`;
  const run = startFixture('accept-unix.py', [path]);
  const { verdict, seen } = await lookUntil(run.pid!, (v) => v.kind === 'waiting');
  assert.ok(atDoor(verdict, 'connect', path), show(verdict));
  assert.ok(!seen.some((v) => v.kind === 'hang'), `said hang: ${show(seen)}`);
});

test('epoll over a TCP listener and a UDP socket: waiting on both doors, a client or a datagram', async () => {
  const run = startFixture('epoll-listen-udp.py');
  const { verdict } = await lookUntil(run.pid!, (v) => v.kind === 'waiting');
  assert.ok(atDoor(verdict, 'connect', /^tcp /), show(verdict));
  assert.ok(atDoor(verdict, 'send', /^udp /), show(verdict));
});

// Only an accept() on the listener could make room, and this very thread holds it. The listener is
// the one bound where connect() asked (its address, read from the caller's memory).
for (const how of ['path', 'relative', 'abstract']) {
  test(`a client blocked in connect() on a full UNIX listener its own thread holds (${how}): hang`, async () => {
    const run = startFixture('connect-backlog.py', [how]);
    const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang');
    assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads }));
    const on = waiting(facts, 'unix').on as Extract<On, { kind: 'unix' }>;
    assert.equal(on.op, 'connect');
    if (how === 'abstract') assert.match(on.to!, /^@hangtime-backlog-\d+$/);
    else assert.match(on.to!, /^\/.*\/s$/);
  });
}

test('a client blocked in connect() on a full UNIX listener outside the run is waiting, on its holder', async () => {
  const path = `${dir}/full.sock`;
  const server = start(python, [outside + 'unix-listen-full.py', path, '30'], { stdout: 'pipe' });
  await firstLine(server);
  const run = startFixture('unix-connect-many.py', [path]);
  const { verdict, seen } = await lookUntil(run.pid!, (v) => outsideProcess(v, server.pid!));
  assert.ok(outsideProcess(verdict, server.pid!), show(verdict));
  assert.ok(!seen.some((v) => v.kind === 'hang'), `said hang: ${show(seen)}`);
});

test('a read of a pipe only it holds, with a socket in signal-driven I/O mode: not proven, never hung', async () => {
  const server = start(python, [outside + 'tcp-server-late.py', '--delay', '30'], { stdout: 'pipe' });
  const port = await firstLine(server);
  const run = startFixture('sigio-pipe.py', [`127.0.0.1:${port}`]);
  const async = (v: { kind: string; reason?: string }) => v.kind === 'not proven' && /O_ASYNC/.test(v.reason!);
  const { verdict, seen } = await lookUntil(run.pid!, async);
  assert.ok(async(verdict), show(verdict));
  assert.ok(!seen.some((v) => v.kind === 'hang'), `said hang: ${show(seen)}`);
});
