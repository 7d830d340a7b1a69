// The diagnosis never contradicts the facts it lists: checked over the autopsy of every fixture
// that ends in an autopsy (the autopsy fixtures, the in-tree hangs and the server left listening),
// raw and normalized; then the two cases that once did, sentence by sentence.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { autopsyOf, checkDiagnosis } from './harness.ts';
import { stopUnixDiag } from '../../../src/runner/waits/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'hangtime-diagnose-'));
after(() => {
  stopUnixDiag();
  rmSync(dir, { recursive: true, force: true });
});

const FIXTURES: [string, string[]][] = [
  ['autopsy/queue-hang.py', ['fork']],
  ['autopsy/queue-hang.py', ['spawn']],
  ['autopsy/queue-fanout.py', ['3']],
  ['autopsy/ring.py', ['2']],
  ['autopsy/ring.py', ['3']],
  ['autopsy/fifo-queue.ts', []],
  ['autopsy/fifo-sync.ts', []],
  ['autopsy/socket-unread.ts', []],
  ['hangs/lock-deadlock-threads.py', []],
  ['hangs/mp-lock-deadlock.py', []],
  ['hangs/fork-while-locked.py', []],
  ['hangs/lock-sibling.py', [join(dir, 'lock')]],
  ['hangs/multiplex-ring.py', []],
  ['hangs/wait-zombie-sibling.py', []],
  ['hangs/eventfd-pair.py', []],
  ['hangs/fifo-pair-read.py', []],
  ['hangs/socketpair-both-read.py', []],
  ['hangs/tcp-pair-recv.py', []],
  ['hangs/udp-pair-recv.py', []],
  ['hangs/node-tcp-pair.ts', []],
  ['hangs/node-grandchild-holds-pipe.ts', []],
  ['hangs/node-server-paused.ts', []],
];

test('over every fixture: no link of the facts denied, every process named exists with that role', async () => {
  for (const [path, args] of FIXTURES) {
    const { raw, norm } = await autopsyOf(path, args);
    for (const a of [raw, norm]) {
      try {
        checkDiagnosis(a);
      } catch (e) {
        throw new Error(`${path} ${args.join(' ')} (${a.normalized ? 'normalized' : 'raw'}): ${(e as Error).message}`);
      }
    }
  }
});

test('the check refuses a sentence that denies a link, names a process that is not there, or a wrong holder', async () => {
  const { norm } = await autopsyOf('hangs/socketpair-both-read.py');
  const text = checkDiagnosis(norm);
  assert.throws(() => checkDiagnosis(norm, `${text} No pipe or socket links these waits.`), /the sentence denies it/);
  assert.throws(() => checkDiagnosis(norm, `${text} Child P9 is in futex wait.`), /names no process/);
  // A holder the facts do not name: the parent's links taken away, the sentence kept.
  const unlinked = structuredClone(norm);
  for (const t of unlinked.processes[1]!.threads) if (t.wait) t.wait.wakers.inside = [];
  assert.throws(
    () => checkDiagnosis(unlinked, 'Its other end (socket B) is open in the parent, which is blocked.'),
    /holds no end/,
  );
});

test("a Node parent waits for 'close' of a child that exited while an orphaned grandchild holds its stdout", async () => {
  const { norm } = await autopsyOf('hangs/node-grandchild-holds-pipe.ts');
  assert.equal(
    checkDiagnosis(norm),
    'The parent is idle in its event loop, waiting to read from socket A, the stdout of child P3, which exited ' +
      'with code 0. Its other end (socket B) is open in orphan P2, which is in futex wait, no timeout. ' +
      'Nobody will write: neither can move.',
  );
});

test('a server left listening, its one connection paused, its client with output queued', async () => {
  const { norm } = await autopsyOf('hangs/node-server-paused.ts');
  assert.match(
    checkDiagnosis(norm),
    new RegExp(
      '^The program is idle in its event loop, with output still queued for socket A, which takes no more\\. ' +
        'Its other end \\(socket B\\) is open in the program itself, which paused reading it \\(fd \\d+\\)\\. ' +
        'Nothing inside the run will end this wait; only a client connecting to tcp 127\\.0\\.0\\.1:\\d+ could\\.$',
    ),
  );
});
