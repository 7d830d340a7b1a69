// Output capture: real pipes read to their end, and the Transcript that keeps what came through
// them (capped, with the dropped bytes counted; chunks merged only when nothing came between;
// UTF-8 decoded across reads). The clock is passed in, so time is the test's to set.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, readlinkSync, writeSync } from 'node:fs';
import { test } from 'node:test';
import { makePipes, readPipe, Transcript } from '../../../src/runner/capture.ts';
import type { Chunk } from '../../../src/runner/schema.ts';

/** A transcript on a clock the test moves by hand. */
function transcript(maxBytes = 1024) {
  let now = 0;
  const seen: Chunk[] = [];
  const t = new Transcript(
    maxBytes,
    () => now,
    (c) => seen.push({ ...c }),
  );
  return { t, seen, at: (ms: number) => (now = ms) };
}
const b = (s: string) => Buffer.from(s);

test('output past the cap is counted and dropped, and the transcript ends with a note that says how much', () => {
  const { t } = transcript(10);
  t.add('stdout', b('123456'));
  t.add('stderr', b('abcdef'));
  t.add('stdout', b('never kept'));
  t.finish();
  assert.equal(t.totalBytes, 22);
  assert.equal(t.droppedBytes, 12);
  assert.deepEqual(
    t.chunks.map((c) => [c.stream, c.text]),
    [
      ['stdout', '123456'],
      ['stderr', 'abcd'],
      ['engine', '[hangtime: output capped at 10 bytes; 12 more bytes dropped]\n'],
    ],
  );
});

test('under the cap, nothing is dropped and no note is added', () => {
  const { t } = transcript(10);
  t.add('stdout', b('0123456789'));
  t.finish();
  assert.deepEqual([t.totalBytes, t.droppedBytes, t.chunks.length], [10, 0, 1]);
});

test('chunks merge only when nothing came between them: same stream, within a millisecond', () => {
  const { t, seen, at } = transcript();
  at(5);
  t.add('stdout', b('a'));
  at(5.5);
  t.add('stdout', b('b')); // merged: same stream, 0.5 ms later
  t.add('stderr', b('c')); // another stream: its own chunk
  t.add('stdout', b('d')); // stdout again, after stderr: not merged into "ab"
  at(7);
  t.add('stdout', b('e')); // 1.5 ms after "d": something could have come between
  assert.deepEqual(
    t.chunks.map((c) => [c.stream, c.t, c.text]),
    [
      ['stdout', 5, 'ab'],
      ['stderr', 5.5, 'c'],
      ['stdout', 5.5, 'd'],
      ['stdout', 7, 'e'],
    ],
  );
  // Every piece is reported as it arrives, merged or not.
  assert.deepEqual(
    seen.map((c) => c.text),
    ['a', 'b', 'c', 'd', 'e'],
  );
});

test('a UTF-8 character split across reads is decoded whole, each stream on its own', () => {
  const { t } = transcript();
  const e = b('é'); // two bytes
  const snow = b('☃'); // three bytes
  t.add('stdout', e.subarray(0, 1));
  t.add('stderr', snow.subarray(0, 2));
  t.add('stdout', e.subarray(1));
  t.add('stderr', snow.subarray(2));
  t.finish();
  assert.deepEqual(
    t.chunks.map((c) => [c.stream, c.text]),
    [
      ['stdout', 'é'],
      ['stderr', '☃'],
    ],
  );
});

test('invalid bytes and a character cut off by the end become U+FFFD; ANSI escapes are kept', () => {
  const { t } = transcript();
  t.add('stdout', Buffer.from([0x62, 0xff, 0x1b, 0x5b, 0x31, 0x6d, 0xe2, 0x98]));
  t.finish();
  assert.equal(t.chunks.map((c) => c.text).join(''), 'b\uFFFD\x1b[1m\uFFFD');
});

test('makePipes gives real kernel pipes, unlinked; readPipe reads one to its end', async () => {
  const [pipe] = await makePipes(1);
  const [r, w] = [fstatSync(pipe!.readFd), fstatSync(pipe!.writeFd)];
  assert.ok(r.isFIFO() && w.isFIFO(), 'both ends are a pipe');
  assert.equal(r.ino, w.ino, 'the two ends of one pipe');
  assert.match(readlinkSync(`/proc/self/fd/${pipe!.readFd}`), / \(deleted\)$/, 'no name left on disk');
  const got: Buffer[] = [];
  const { ended } = readPipe(pipe!.readFd, (d) => got.push(d));
  writeSync(pipe!.writeFd, 'hello ');
  writeSync(pipe!.writeFd, 'pipe');
  closeSync(pipe!.writeFd);
  await ended;
  assert.equal(Buffer.concat(got).toString(), 'hello pipe');
});

test('a child writing into a pipe from makePipes: every byte arrives, and the end once the child is gone', async () => {
  const [pipe] = await makePipes(1);
  const { t } = transcript(1024 * 1024);
  const { ended } = readPipe(pipe!.readFd, (d) => t.add('stdout', d));
  // 300 KB: more than a pipe holds, so the child blocks until this process reads.
  const child = spawn('/bin/sh', ['-c', 'head -c 300000 /dev/zero | tr "\\0" x'], {
    stdio: ['ignore', pipe!.writeFd, 'ignore'],
  });
  closeSync(pipe!.writeFd);
  await ended;
  await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  t.finish();
  assert.equal(t.totalBytes, 300_000);
  assert.equal(t.chunks.map((c) => c.text).join(''), 'x'.repeat(300_000));
});
