// The same question in Node: what keeps a child alive after its last line ran?
// A child puts Bob's 105,656 characters on the queue (runnable/lib/queue.ts, a
// real pipe) and its script reaches the end. The parent waits without reading.
// Expect a hang. By hand: `timeout -s KILL 5 node pending-write.ts`.
import { join, Queue, startProcess } from '../lib/queue.ts';
import { measurePipe } from '../lib/pipefill.ts';
import { publish } from '../lib/publish.ts';

const SIZE = 105_656;

if (process.argv[2] === 'child') {
  // region child
  const q = Queue.inherit();
  q.put('1'.repeat(SIZE)); // returns at once; a libuv thread does the write
  console.log('child: put() returned');
  await null; // one tick later, the write has been handed to the thread pool
  // What still holds the event loop open? Node can list it:
  console.log(`child: pending work: ${process.getActiveResourcesInfo().join(', ')}`);
  console.log('child: end of script, so this process should exit now');
  // Node exits only when nothing is pending. The write is pending until the
  // pipe has room for all of it, and nobody reads the pipe.
  // endregion
} else {
  const q = Queue.create();
  publish('node_pipe', measurePipe(q.readFd, q.writeFd), { unit: 'bytes' }); // the wall this run hits
  // Said before the start, so the order of the two processes' lines never depends on the scheduler.
  console.log('parent: start the child, then join() it without reading the queue');
  const child = startProcess(import.meta.filename, ['child'], q);
  await join(child);
  console.log('parent: child exited'); // never printed
}
