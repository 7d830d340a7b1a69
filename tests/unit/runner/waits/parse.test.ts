// The readers of /proc's text formats, on samples taken from Linux 6.x.
import assert from 'node:assert/strict';
import { arch } from 'node:process';
import { test } from 'node:test';
import { decodeCall } from '../../../../src/runner/waits/call.ts';
import { eventfdId, parseEpoll, pidfdPid, timerfdArmed, ttyIndex } from '../../../../src/runner/waits/fdinfo.ts';
import { accessMode } from '../../../../src/runner/waits/holders.ts';
import { blockersOf, parseLocks } from '../../../../src/runner/waits/locks.ts';
import { decodeAddress, parseInet, parseUnix } from '../../../../src/runner/waits/sockets.ts';
import { parseSs } from '../../../../src/runner/waits/unix-diag.ts';

test('addresses of /proc/net: IPv4 host-order words, IPv6 four of them, v4-mapped read as IPv4', () => {
  assert.equal(decodeAddress('0100007F'), '127.0.0.1');
  assert.equal(decodeAddress('00000000000000000000000001000000'), '::1');
  assert.equal(decodeAddress('0000000000000000FFFF00000100007F'), '127.0.0.1');
  assert.equal(decodeAddress('00000000000000000000000000000000'), '::');
  assert.equal(decodeAddress('B80D0120000000000000000001000000'), '2001:db8::1');
});

test('tcp and unix tables', () => {
  const tcp = parseInet(
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
      '   0: 0100007F:A091 00000000:0000 0A 00000000:00000001 00:00000000 00000000     0        0 87632 2 ' +
      '00000000e28ca150 100 0 0 10 0\n' +
      '   2: 0100007F:A091 0100007F:A332 01 00000000:00000000 00:00000000 00000000  1000        0 0 1 ' +
      '00000000e83a9f8a 20 0 0 10 -1\n',
    'tcp',
    4,
  );
  assert.deepEqual(
    tcp.map((r) => [r.local.port, r.remote.address, r.state, r.inode, r.uid]),
    [
      [41105, '0.0.0.0', 'LISTEN', 87632, 0],
      [41105, '127.0.0.1', 'ESTABLISHED', 0, 1000],
    ],
  );
  const unix = parseUnix(`Num       RefCount Protocol Flags    Type St Inode Path
00000000793fe8da: 00000003 00000000 00000000 0001 03 86295
0000000090d90b1c: 00000003 00000000 00000000 0001 02     0 /tmp/us.sock
0000000002dd4bc7: 00000002 00000000 00010000 0001 01 86361 /tmp/us.sock
00000000aaaaaaaa: 00000002 00000000 00000000 0002 01 86400 @abstract name
`);
  assert.deepEqual(
    unix.map((r) => [r.inode, r.type, r.state, r.listening, r.path]),
    [
      [86295, 'stream', 'connected', false, null],
      [0, 'stream', 'connecting', false, '/tmp/us.sock'],
      [86361, 'stream', 'unconnected', true, '/tmp/us.sock'],
      [86400, 'dgram', 'unconnected', false, '@abstract name'],
    ],
  );
});

test('/proc/locks: a waiter is blocked by the lock above its arrow, through nested waiters', () => {
  const rows = parseLocks(`1: POSIX  ADVISORY  WRITE 27477 fe:00:2146755 0 EOF
1: -> POSIX  ADVISORY  WRITE 27486 fe:00:2146755 0 EOF
1: -> -> POSIX  ADVISORY  WRITE 27490 fe:00:2146755 0 EOF
2: FLOCK  ADVISORY  WRITE 27475 fe:00:2146755 0 EOF
2: -> FLOCK  ADVISORY  WRITE 27476 fe:00:2146755 0 EOF
3: OFDLCK ADVISORY  READ  -1 fe:00:99 0 EOF
`);
  assert.equal(rows.length, 6);
  assert.deepEqual(
    blockersOf(rows, { pid: 27476, dev: 'fe:00', inode: 2146755, type: 'FLOCK' }).map((r) => r.pid),
    [27475],
  );
  assert.deepEqual(
    blockersOf(rows, { pid: 27490, dev: 'fe:00', inode: 2146755, type: 'POSIX' }).map((r) => r.pid),
    [27486, 27477],
  );
  assert.deepEqual(
    blockersOf(rows, { pid: 5, dev: 'fe:00', inode: 99, type: 'OFDLCK' }).map((r) => r.pid),
    [-1],
  );
  assert.deepEqual(
    blockersOf(rows, { pid: 5, dev: 'fe:00', inode: 2146755, type: 'FLOCK' }).map((r) => r.pid),
    [27475],
    'a waiter not listed: every granted lock of its family',
  );
});

test('fdinfo: epoll entries, eventfd ids, timerfd arming, pidfd, pty master, access mode', () => {
  assert.deepEqual(
    parseEpoll(
      'pos:\t0\nflags:\t02000002\nmnt_id:\t17\nino:\t1039\n' +
        'tfd:        8 events:       19 data:                8  pos:0 ino:12802 sdev:f\n' +
        'tfd:       11 events: 8000201d data:                b  pos:0 ino:12803 sdev:9\n',
    ),
    [
      { tfd: 8, events: 0x19, inode: 0x12802, sdev: 'f' },
      { tfd: 11, events: 0x8000201d, inode: 0x12803, sdev: '9' },
    ],
  );
  assert.equal(eventfdId('eventfd-count:                0\neventfd-id: 12\n'), 12);
  assert.equal(eventfdId('pos:\t0\n'), null);
  assert.equal(timerfdArmed('clockid: 1\nticks: 0\nsettime flags: 00\nit_value: (0, 0)\nit_interval: (0, 0)\n'), false);
  assert.equal(timerfdArmed('it_value: (29, 999812000)\n'), true);
  assert.equal(pidfdPid('Pid:\t21592\nNSpid:\t21592\n'), 21592);
  assert.equal(ttyIndex('tty-index:\t3\n'), 3);
  assert.equal(accessMode('flags:\t02000000\n'), 'read');
  assert.equal(accessMode('flags:\t02000001\n'), 'write');
  assert.equal(accessMode('flags:\t02\n'), 'both');
});

test('ss -xaH: peers by inode, listeners with queued connections', () => {
  const p = parseSs(
    `u_str ESTAB 0      0      * 86362 * 0
u_str LISTEN 1 128 /tmp/us.sock 86361 * 0
u_str ESTAB 0 0 /tmp/x.sock 90001 * 90002
`,
    new Set([86362, 90001]),
  );
  assert.deepEqual(
    [...p.peers],
    [
      [86362, 0],
      [90001, 90002],
    ],
  );
  assert.deepEqual([...p.queued], [[86361, 1]]);
});

test(
  'syscalls: lock waits by fcntl command, waitid by id type, timed recvmmsg',
  { skip: arch !== 'x64' && 'syscall numbers of x86-64' },
  () => {
    assert.deepEqual(decodeCall('72 0x3 0x7 0x7ffc1c9237c0 0x0 0x0 0x0 0x7ffc 0x7fe7').call, {
      how: 'lock',
      fd: 3,
      lock: 'posix',
    });
    assert.deepEqual(decodeCall('72 0x3 0x26 0x7ffc1c9237c0 0x0 0x0 0x0 0x7ffc 0x7fe7').call, {
      how: 'lock',
      fd: 3,
      lock: 'ofd',
    });
    assert.equal(decodeCall('72 0x3 0x1 0x0 0x0 0x0 0x0 0x7ffc 0x7fe7').call.how, 'unknown');
    assert.deepEqual(decodeCall('247 0x1 0x1f4 0x7ffc 0x4 0x0 0x0 0x7ffc 0x7fe7').call, {
      how: 'wait',
      idtype: 'pid',
      id: 500,
    });
    assert.deepEqual(decodeCall('61 0xffffffffffffffff 0x7ffc 0x0 0x0 0x0 0x0 0x7ffc 0x7fe7').call, {
      how: 'wait',
      idtype: 'any',
      id: -1,
    });
    assert.equal(decodeCall('299 0x3 0x7ffc 0x2 0x0 0x7ffd 0x0 0x7ffc 0x7fe7').timed, true);
    assert.deepEqual(decodeCall('275 0x3 0x0 0x5 0x0 0x1000 0x0 0x7ffc 0x7fe7').call, {
      how: 'fds',
      fds: [
        { fd: 3, events: ['in'] },
        { fd: 5, events: ['out'] },
      ],
    });
    assert.equal(decodeCall('running').name, 'running');
  },
);
