// The TypeScript twin with the same one-line cure: read before waiting.
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
  const child = startProcess(import.meta.filename, ['--worker'], queue);
  console.log('worker started');
  const message = (await queue.get()) as string; // the one new line
  console.log(`parent got ${message.length.toLocaleString('en-US')} characters`);
  await join(child);
  console.log('worker joined');
}
// endregion

if (process.argv.includes('--worker')) worker();
else await main();
