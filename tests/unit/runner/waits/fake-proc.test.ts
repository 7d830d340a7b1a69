// The analysis over a made-up /proc (the procRoot option): cases no real machine here can show,
// such as a TCP peer on another machine.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { arch } from 'node:process';
import { after, test } from 'node:test';
import { judgeWaits, readWaits, type UnixPeerReader } from '../../../../src/runner/waits/index.ts';

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
const NR = arch === 'arm64' ? { write: 64, recvfrom: 207 } : { write: 1, recvfrom: 45 };
const noUnix: UnixPeerReader = async () => ({ peers: new Map(), queued: new Map(), source: 'unavailable' });

interface Proc {
  pid: number;
  ppid?: number;
  comm?: string;
  syscall?: string;
  fds?: Record<number, [string, string?]>;
}

/** A /proc with these processes (one thread each), their fds (link, octal flags) and the given /proc/net tables. */
function fakeProc(procs: Proc[], net: Record<string, string> = {}): string {
  const root = mkdtempSync(`${tmpdir()}/fake-proc-`);
  roots.push(root);
  writeFileSync(`${root}/locks`, '');
  for (const p of procs) {
    const base = `${root}/${p.pid}`;
    const stat =
      `${p.pid} (${p.comm ?? 'python3'}) S ${p.ppid ?? 1} ${p.pid} ${p.pid} 0 -1 4194304 ` +
      '0 0 0 0 0 0 0 0 20 0 1 0 100 1000 100\n';
    mkdirSync(`${base}/task/${p.pid}`, { recursive: true });
    mkdirSync(`${base}/fd`);
    mkdirSync(`${base}/fdinfo`);
    mkdirSync(`${base}/net`);
    writeFileSync(`${base}/stat`, stat);
    writeFileSync(`${base}/cmdline`, `${p.comm ?? 'python3'}\0fixture\0`);
    writeFileSync(`${base}/status`, 'SigCgt:\t0000000000000000\n');
    writeFileSync(`${base}/task/${p.pid}/stat`, stat);
    writeFileSync(
      `${base}/task/${p.pid}/children`,
      procs
        .filter((c) => c.ppid === p.pid)
        .map((c) => `${c.pid} `)
        .join(''),
    );
    if (p.syscall) writeFileSync(`${base}/task/${p.pid}/syscall`, p.syscall + '\n');
    for (const [fd, [target, flags]] of Object.entries(p.fds ?? {})) {
      symlinkSync(target, `${base}/fd/${fd}`);
      writeFileSync(`${base}/fdinfo/${fd}`, `pos:\t0\nflags:\t${flags ?? '02'}\nmnt_id:\t15\n`);
    }
    for (const [name, text] of Object.entries(net)) writeFileSync(`${base}/net/${name}`, text);
  }
  return root;
}

const write = (fd: number) => `${NR.write} 0x${fd.toString(16)} 0x7f0000 0x30000 0x0 0x0 0x0 0x7ffd0000 0x7f000000`;
const recv = (fd: number) => `${NR.recvfrom} 0x${fd.toString(16)} 0x7f0000 0x64 0x0 0x0 0x0 0x7ffd0000 0x7f000000`;

test('two processes of the run crossing pipes: hang', async () => {
  const root = fakeProc([
    { pid: 100, syscall: write(4), fds: { 3: ['pipe:[1]', '00'], 4: ['pipe:[2]', '01'] } },
    { pid: 101, ppid: 100, syscall: write(4), fds: { 3: ['pipe:[2]', '00'], 4: ['pipe:[1]', '01'] } },
  ]);
  const facts = await readWaits({ pids: [100, 101], procRoot: root, unixPeers: noUnix });
  assert.deepEqual(
    facts.threads.map((t) => t.wakers.inside.map((w) => w.pid)),
    [[101], [100]],
  );
  assert.equal(judgeWaits(facts).kind, 'hang');
});

test('the same, with a process outside the run holding one read end: waiting, on it', async () => {
  const root = fakeProc([
    { pid: 100, syscall: write(4), fds: { 3: ['pipe:[1]', '00'], 4: ['pipe:[2]', '01'] } },
    { pid: 101, ppid: 100, syscall: write(4), fds: { 3: ['pipe:[2]', '00'], 4: ['pipe:[1]', '01'] } },
    { pid: 500, comm: 'cat', fds: { 0: ['pipe:[2]', '00'] } },
  ]);
  const facts = await readWaits({ pids: [100, 101], procRoot: root, unixPeers: noUnix });
  const v = judgeWaits(facts);
  assert.equal(v.kind, 'waiting');
  assert.ok(
    v.kind === 'waiting' &&
      v.outside.length === 1 &&
      v.outside[0]!.waker.kind === 'process' &&
      v.outside[0]!.waker.pid === 500,
  );
  assert.deepEqual(
    v.kind === 'waiting' && v.outside[0]!.waiters.map((w) => w.pid).sort(),
    [100, 101],
    'process 101 waits on 100, which waits on 500',
  );
});

test('a TCP connection to another machine: waiting, on its address', async () => {
  const tcp =
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
    '   0: 0F02000A:D431 0302010A:01BB 01 00000000:00000000 00:00000000 00000000  1000        0 777 1 ' +
    '0000000000000000 20 4 30 10 -1\n';
  const root = fakeProc([{ pid: 100, syscall: recv(3), fds: { 3: ['socket:[777]'] } }], {
    tcp,
    tcp6: tcp.split('\n')[0] + '\n',
    udp: '',
    udp6: '',
    unix: 'Num RefCount Protocol Flags Type St Inode Path\n',
  });
  const facts = await readWaits({ pids: [100], procRoot: root, unixPeers: noUnix });
  const on = facts.threads[0]!.on;
  assert.ok(
    on.kind === 'tcp' &&
      on.state === 'ESTABLISHED' &&
      on.local.address === '10.0.2.15' &&
      on.remote?.address === '10.1.2.3',
    JSON.stringify(on),
  );
  const v = judgeWaits(facts);
  assert.ok(
    v.kind === 'waiting' &&
      v.outside[0]!.waker.kind === 'remote' &&
      v.outside[0]!.waker.address === '10.1.2.3' &&
      v.outside[0]!.waker.port === 443,
    JSON.stringify(v),
  );
});

test('a UNIX socket when no peer reader is available: not proven, and it says why', async () => {
  const unix =
    'Num       RefCount Protocol Flags    Type St Inode Path\n' +
    '00000000793fe8da: 00000003 00000000 00000000 0001 03 888\n';
  const root = fakeProc([{ pid: 100, syscall: recv(3), fds: { 3: ['socket:[888]'] } }], { unix });
  const v = judgeWaits(await readWaits({ pids: [100], procRoot: root, unixPeers: noUnix }));
  assert.ok(v.kind === 'not proven' && /no sock_diag helper/.test(v.reason), JSON.stringify(v));
});

test('an unreadable syscall (no ptrace access): not proven', async () => {
  const root = fakeProc([{ pid: 100, fds: {} }]);
  const v = judgeWaits(await readWaits({ pids: [100], procRoot: root, unixPeers: noUnix }));
  assert.ok(v.kind === 'not proven' && /syscall is unreadable/.test(v.reason), JSON.stringify(v));
});
