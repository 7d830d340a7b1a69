// The readers of what the runtimes write when asked for stacks: faulthandler text, the hook's thread list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFaulthandler, parsePyThreads } from '../../../../src/runner/autopsy/stacks.ts';

test("faulthandler text and the hook's thread list", () => {
  const frames = parseFaulthandler(
    [
      'Thread 0x00007f5f15a306c0 (most recent call first):',
      '  File "/usr/lib/python3.11/multiprocessing/connection.py", line 384 in _send',
      '  File "/usr/lib/python3.11/threading.py", line 1002 in _bootstrap',
      '',
      'Current thread 0x00007f5f169deb80 (most recent call first):',
      '  File "/x/bob.py", line 20 in <module>',
    ].join('\n'),
  );
  assert.deepEqual(frames.get('7f5f15a306c0'), [
    { file: '/usr/lib/python3.11/multiprocessing/connection.py', line: 384, func: '_send' },
    { file: '/usr/lib/python3.11/threading.py', line: 1002, func: '_bootstrap' },
  ]);
  assert.equal(frames.get('7f5f169deb80')?.[0]?.func, '<module>');
  const threads = parsePyThreads('140046378068864 7500 7501 MainThread\n140046361626304 7501 0 Queue Feeder Thread\n');
  assert.deepEqual(threads.get(7500), { ident: '7f5f169deb80', joins: 7501, name: 'MainThread' });
  assert.deepEqual(threads.get(7501), { ident: '7f5f15a306c0', joins: null, name: 'Queue Feeder Thread' });
});
