// Normalization: what changes from run to run becomes a labelled placeholder.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { Labeller, normalizeText, normalizeTree } from '../../../../src/frozen/normalize/text.ts';
import { repoRoot } from '../../../../src/shared/paths.ts';

const host = {
  os: 'linux',
  kernel: '6.1.0',
  arch: 'x64',
  cpus: 2,
  load: [0.1, 0.2, 0.3] as [number, number, number],
  node: 'v24.21.0',
  python: { path: '/opt/py/bin/python3', version: '3.11.7', startMethod: 'fork' },
};

test('pids said to be pids, inodes, paths, durations, dates, versions, addresses', () => {
  const text = [
    'parent pid 4242 started child pid=4243 (ppid: 4242)',
    "<Process name='Process-1' pid=4243 parent=4242 started>",
    'fd 4 -> pipe:[98765], fd 3 -> pipe:[98765], fd 5 -> socket:[111]',
    `wrote ${tmpdir()}/hangtime-run-abc/work/out.txt and /proc/4243/status`,
    `File "${repoRoot}/runnable/01-x/bob.py", line 3 · File "/opt/py/lib/python3.11/multiprocessing/queues.py"`,
    'took 0.21 s, then 43 ms, 2 seconds at 2026-11-25T17:31:03.123Z (Wed Nov 25 17:31:03 UTC 2026)',
    'Python 3.11.7, node v24.21.0, esbuild 0.25.10, object at 0x7f3b2c1d4e50',
    'a 7278-element list, 65514 chars, 4 bytes',
    'pipe 131,072 bytes, fifo 1,048,576 bytes; pipe 9790 and socket 12345',
  ].join('\n');
  const out = normalizeText(text, { host }, new Labeller()).split('\n');
  assert.deepEqual(out, [
    'parent pid [PID1] started child pid=[PID2] (ppid: [PID1])',
    "<Process name='Process-1' pid=[PID2] parent=[PID1] started>",
    'fd 4 -> pipe:[INODE1], fd 3 -> pipe:[INODE1], fd 5 -> socket:[INODE2]',
    'wrote [TMP] and /proc/[PID2]/status',
    'File "[ROOT]/runnable/01-x/bob.py", line 3 · File "[PYLIB]/multiprocessing/queues.py"',
    'took [DUR], then [DUR], [DUR] at [DATE] ([DATE])',
    'Python [PYTHON_VERSION], node [NODE_VERSION], esbuild [VERSION], object at [ADDR]',
    'a 7278-element list, 65514 chars, 4 bytes',
    'pipe 131,072 bytes, fifo 1,048,576 bytes; pipe [INODE3] and socket [INODE4]',
  ]);
});

test('per-run redactions apply first, with $1 groups; a bad pattern names itself', () => {
  const ctx = {
    redactions: [
      { pattern: 'speed-up (\\d+\\.\\d+)x', label: 'speed-up [X]' },
      { pattern: 'on (\\w+) cores', label: 'on [$1] cores' },
    ],
  };
  assert.equal(normalizeText('speed-up 1.93x on two cores', ctx, new Labeller()), 'speed-up [X] on [two] cores');
  assert.throws(
    () => normalizeText('x', { redactions: [{ pattern: '(', label: 'y' }] }, new Labeller()),
    /redaction pattern "\(" is not a regular expression/,
  );
});

test('trees: pid and inode keys get labels, time keys go, strings are normalized', () => {
  const labels = new Labeller();
  const tree = normalizeTree(
    { rootPid: 10, processes: [{ pid: 10, tid: 11, inode: 5, t: 3.2, note: 'pid 11 blocked 30 ms' }] },
    {},
    labels,
  );
  assert.deepEqual(tree, {
    rootPid: '[PID1]',
    processes: [{ pid: '[PID1]', tid: '[PID2]', inode: '[INODE1]', note: 'pid [PID2] blocked [DUR]' }],
  });
});
