// Stray file descriptors: an engine started with an fd it did not open (a test runner's channel,
// a shell's stray pipe) must not hand it to a snippet. Real processes: a Node engine started with
// an extra fd, which lists what it would leak and what its children see.
import assert from 'node:assert/strict';
import { spawnSync, type StdioOptions } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { test } from 'node:test';
import { closingFds, leakingFds } from '../../../../src/runner/launch/fds.ts';

const module = new URL('../../../../src/runner/launch/fds.ts', import.meta.url).href;

/**
 * In a Node process started with fd 40 open (no close-on-exec): its leaking fds, and the fds of a
 * child it starts, plainly and through closingFds. (Node marks the low fds it inherits close-on-exec
 * itself at startup, not the higher ones: fd 40 is what a stray fd looks like.)
 */
function withStrayFd(): { leaking: number[]; plain: string[]; closed: string[] } {
  // The child is a shell listing its own fds (ls itself opens the folder it lists: not the shell's).
  const list = ['/bin/sh', '-c', 'ls /proc/$$/fd'];
  const code =
    `const { closingFds, leakingFds } = await import(${JSON.stringify(module)});` +
    "const { execFileSync } = await import('node:child_process');" +
    `const list = ${JSON.stringify(list)};` +
    'const fds = (argv) => execFileSync(argv[0], argv.slice(1), ' +
    '{ encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })' +
    '.trim().split(/\\s+/).sort();' +
    'console.log(JSON.stringify({ leaking: leakingFds(), plain: fds(list), closed: fds(closingFds(list)) }));';
  const stray = openSync('/dev/null', 'r');
  try {
    const stdio: StdioOptions = ['ignore', 'pipe', 'pipe', ...Array<'ignore'>(37).fill('ignore'), stray];
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', stdio });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  } finally {
    closeSync(stray);
  }
}

test('an inherited fd is found, would reach a child, and is closed in the child by the wrapper', () => {
  const { leaking, plain, closed } = withStrayFd();
  assert.ok(leaking.includes(40), `leaking: ${leaking}`);
  assert.ok(plain.includes('40'), `without the wrapper the child holds fd 40: ${plain}`);
  assert.deepEqual(closed, ['0', '1', '2']);
});

test('the fds this test process opened itself are close-on-exec: not leaking', () => {
  // Node opens every fd with O_CLOEXEC; what is left is what this process inherited.
  for (const fd of leakingFds()) assert.ok(fd > 2);
  assert.deepEqual(closingFds(['/bin/true'], []), ['/bin/true'], 'nothing to close: argv unchanged');
});

test('the wrapper closes each fd, then execs the program (no extra process stays)', () => {
  assert.deepEqual(closingFds(['python3', 'x.py', 'a b'], [3, 7]), [
    '/bin/bash',
    '-c',
    'exec 3>&- 7>&-; exec "$@"',
    'hangtime',
    'python3',
    'x.py',
    'a b',
  ]);
});
