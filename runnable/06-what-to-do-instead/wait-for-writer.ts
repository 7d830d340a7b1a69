// Waiting for the writer on purpose. put() only hands the message to a
// background write; flushed() says when every byte has reached the pipe. The
// child waits for that, but with a deadline, so a missing reader becomes a
// message instead of a silent hang. The parent reads first, then joins;
// with --no-reader it forgets to read: the deadline speaks up, and then
// the child tries process.exit(1). Expect that run to hang anyway (see page).
import { setTimeout as sleep } from 'node:timers/promises';
import { join, Queue, startProcess } from '../lib/queue.ts';
import { measurePipe } from '../lib/pipefill.ts';
import { publish } from '../lib/publish.ts';

const SIZE = 105_656; // Bob's string

if (process.argv[2] === 'child') {
  // region child
  const q = Queue.inherit();
  q.put('1'.repeat(SIZE));
  console.log('child: put() returned; waiting until the message is in the pipe');
  const deadline = sleep(1000, 'late', { ref: false }); // a timer that keeps nobody alive
  if ((await Promise.race([q.flushed().then(() => 'flushed'), deadline])) === 'late') {
    console.log('child: still not written after 1 s: is anybody reading the queue?');
    console.log('child: giving up with process.exit(1)');
    process.exit(1); // Node still waits for its thread pool on the way out...
  }
  console.log('child: every byte has left this process');
  // endregion
} else {
  // region parent
  const q = Queue.create();
  const pipeName = process.argv[2] === '--no-reader' ? 'writer_hang_pipe' : 'writer_pipe'; // one name a run
  publish(pipeName, measurePipe(q.readFd, q.writeFd), { unit: 'bytes' });
  const child = startProcess(import.meta.filename, ['child'], q);
  const text = process.argv[2] === '--no-reader' ? null : ((await q.get()) as string); // drain first...
  const code = await join(child); // ...then join
  // Printed after the join, so the child's lines always come first whatever the scheduler does.
  if (text !== null) console.log(`parent: got ${text.length.toLocaleString('en')} characters`);
  console.log(`parent: child exited ${code}`);
  // endregion
  q.close();
}
