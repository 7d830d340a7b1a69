// runnable/lib/queue.ts and pipe.ts: the TypeScript twin of multiprocessing.Queue that
// chapters 1 to 6 build on. Real pipes, real children; every child is gone at the end.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, test } from 'node:test';
import { isBlockedWritingPipe, measureCapacity, pipeSize, waitUntilSettled } from '../../../runnable/lib/pipe.ts';
import { frame, HEADER_BYTES, join, Queue, startProcess } from '../../../runnable/lib/queue.ts';

// bisect.ts doubles as a child that puts one message and then tries to exit.
const CHILD = new URL('../../../runnable/03-the-investigation/bisect.ts', import.meta.url).pathname;
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

test('a frame is a 4-byte big-endian length, then the serialized message', () => {
  const json = frame('ab');
  assert.equal(json.length, HEADER_BYTES + 4); // "ab" with its quotes
  assert.equal(json.readInt32BE(0), 4);
  assert.equal(json.subarray(HEADER_BYTES).toString(), '"ab"');
  const v8 = frame([1, 2, 3], 'v8');
  assert.equal(v8.readInt32BE(0), v8.length - HEADER_BYTES);
});

test('put then get returns equal messages, in order, under JSON and v8', async () => {
  for (const serializer of ['json', 'v8'] as const) {
    const q = Queue.create({ serializer });
    q.put({ a: 1 });
    q.put('x'.repeat(1000));
    await q.flushed();
    assert.deepEqual(await q.get(), { a: 1 });
    assert.equal(await q.get(), 'x'.repeat(1000));
    q.close();
  }
});

test("the kernel and a fill agree on a fresh pipe's capacity", () => {
  const q = Queue.create();
  assert.equal(pipeSize(q.writeFd), measureCapacity());
  q.close();
});

async function settle(chars: number): Promise<'exited' | 'blocked'> {
  const q = Queue.create();
  const child = startProcess(CHILD, ['--child', 'json', 'string', `${chars}`], q);
  children.push(child);
  const settled = await waitUntilSettled(child);
  if (settled === 'blocked') {
    assert.equal(isBlockedWritingPipe(child.pid!), true);
    child.kill('SIGKILL');
  }
  await join(child);
  q.close();
  return settled;
}

test(
  'a child whose frame fills the pipe exactly exits; one byte more and it blocks',
  { skip: !existsSync('/proc/self/task') },
  async () => {
    const q = Queue.create();
    const capacity = pipeSize(q.writeFd);
    q.close();
    const fits = capacity - HEADER_BYTES - 2; // the JSON string's two quotes
    assert.equal(frame('1'.repeat(fits)).length, capacity);
    assert.equal(await settle(fits), 'exited');
    assert.equal(await settle(fits + 1), 'blocked');
  },
);
