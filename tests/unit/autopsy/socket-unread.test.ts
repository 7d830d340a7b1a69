// Node's stdio 'pipe' is a socketpair: a child writing to a stdout nobody reads cannot finish.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hungAutopsy, diagnose } from './harness.ts';

test('Node child writing to an unread stdout socketpair: the cycle through the socket peer', async () => {
  const { raw, norm } = await hungAutopsy('socket-unread.ts');
  assert.equal(
    diagnose(norm),
    'The child is idle in its event loop, with output still queued for socket A, which takes no more. ' +
      'Its other end (socket B) is open in the parent, which is idle in its event loop, waiting for the child to exit. ' +
      'Nobody will read: neither can move.',
  );
  // ss named the peer: the child's fd 1 and the parent's end are the two ends of one socketpair.
  const child = raw.processes[1]!;
  const mine = raw.channels.find((c) => c.inode === child.fds.find((f) => f.fd === 1)!.inode)!;
  assert.ok(raw.processes[0]!.fds.some((f) => f.inode === mine.peer));
  const queued = child.handles!.find((h) => h.fd === 1)!.writeQueue!;
  assert.ok(queued > 0 && queued < 1 << 20, `queued ${queued}`);
});
