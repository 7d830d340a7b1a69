// Bob's program in TypeScript. runnable/lib/queue.ts is a faithful copy of
// Python's queue: a real pipe shared with the child, a 4-byte length in front
// of each message, and the write handed to a background thread.
import { pipeSize } from '../lib/pipe.ts';
import { publish } from '../lib/publish.ts';
import { join, Queue, startProcess } from '../lib/queue.ts';

const MESSAGE_CHARS = 105_656; // the length of Bob's string

// region story
function worker(): void {
  const queue = Queue.inherit(); // the pipe the parent handed down
  queue.put('1'.repeat(MESSAGE_CHARS)); // returns at once
  console.log('worker ended');
}

async function main(): Promise<void> {
  const queue = Queue.create();
  console.log('starting the worker');
  const child = startProcess(import.meta.filename, ['--worker'], queue);
  await join(child); // nobody reads the queue
  console.log('worker joined');
}
// endregion

if (process.argv.includes('--worker')) worker();
else {
  const probe = Queue.create(); // for the page: the pipe size this run saw
  publish('twin_pipe_bytes', pipeSize(probe.writeFd), { unit: 'bytes' });
  probe.close();
  await main();
}
