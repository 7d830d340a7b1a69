// The readers of what the kernel writes in /proc: fd flags and the syscall a thread is blocked in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arch } from 'node:process';
import { decode, directionOf } from '../../../../src/runner/autopsy/proc.ts';

test('fd direction from fdinfo flags (octal, O_ACCMODE)', () => {
  assert.equal(directionOf('pos:\t0\nflags:\t02000000\nmnt_id:\t15\n'), 'read');
  assert.equal(directionOf('pos:\t0\nflags:\t02000001\n'), 'write');
  assert.equal(directionOf('pos:\t0\nflags:\t0100002\n'), 'both');
});

test('syscalls decoded with the arguments that matter', { skip: arch !== 'x64' && 'x86_64 numbers' }, () => {
  const w = decode('1 0x4 0x7f00 0x19cc1 0x0 0x0 0x0 0x7ffd 0x7f01').syscall;
  assert.deepEqual([w.name, w.fd, w.bytes, w.timed], ['write', 4, 105_665, false]);
  const wait = decode('61 0x1135 0x7ffd 0x0 0x0 0x0 0x0 0x7ffd 0x7f01').syscall;
  assert.deepEqual([wait.name, wait.waitPid], ['wait4', 4405]);
  const any = decode('61 0xffffffffffffffff 0x7ffd 0x0 0x0 0x0 0x0 0x7ffd 0x7f01').syscall;
  assert.equal(any.waitPid, -1);
  const ep = decode('281 0x10 0x7ffe 0x400 0xffffffff 0x0 0x8 0x7ffe 0x7f').syscall;
  assert.deepEqual([ep.name, ep.timeoutMs, ep.timed], ['epoll_pwait', -1, false]);
  const timed = decode('281 0x10 0x7ffe 0x400 0x1f91 0x0 0x8 0x7ffe 0x7f').syscall;
  assert.deepEqual([timed.timeoutMs, timed.timed], [8081, true]);
  assert.equal(decode('running').syscall.name, 'running');
  assert.equal(decode(null).syscall.name, 'none');
});
