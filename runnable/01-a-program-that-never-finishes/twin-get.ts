// The TypeScript twin with the same one-line cure: read before waiting.
import { pipeSize } from '../lib/pipe.ts';
import { publish } from '../lib/publish.ts';
import { join, Queue, startProcess } from '../lib/queue.ts';

const MESSAGE_CHARS = 105_656; // the length of Bob's string

// region story
function worker(): void {
  const queue = Queue.inherit();
  queue.put('1'.repeat(MESSAGE_CHARS));
  console.log('worker ended');
}

async function main(): Promise<void> {
  const queue = Queue.create();
  console.log('starting the worker');
  const child = startProcess(import.meta.filename, ['--worker'], queue);
  const message = (await queue.get()) as string; // the one new line
  await join(child);
  console.log('worker joined');
  console.log(`the message had ${message.length.toLocaleString('en')} characters`);
}
// endregion

if (process.argv.includes('--worker')) worker();
else {
  const probe = Queue.create(); // for the page: the pipe size this run saw
  publish('twin_cure_pipe_bytes', pipeSize(probe.writeFd), { unit: 'bytes' });
  probe.close();
  await main();
}
