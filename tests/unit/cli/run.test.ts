// The `hangtime run` command: output streamed, a status line, exit codes, one clear usage error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../../src/shared/paths.ts';

const bin = join(repoRoot, 'src', 'cli', 'bin.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot });

test('run: streams output, prints the status line, exits 0 when the expectation holds', () => {
  const r = cli('run', 'tests/fixtures/runner/queue-hang.py', '--expect', 'hang');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^parent: starting the child\nchild: put returned\n/);
  assert.match(r.stdout, /✓ hung, as expected · confirmed \d+ ms after it went quiet · process tree killed/);
});

test('run: exit status 1 when the outcome misses the expectation, with the reason', () => {
  const r = cli('run', 'tests/fixtures/runner/exit3.py');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /expected exit 0, but it exited 3/);
});

test('run --json prints only the RunResult', () => {
  const r = cli('run', 'tests/fixtures/runner/hello.ts', '--json');
  assert.equal(r.status, 0);
  const result = JSON.parse(r.stdout);
  assert.equal(result.outcome.kind, 'exit');
  assert.equal(result.transcript.chunks[0].text, 'hello\n');
});

for (const [args, message] of [
  [['run', 'tests/fixtures/runner/nope.py'], /nope\.py: no such file/],
  [['run', 'package.json'], /runs snippets under runnable\/ or tests\/fixtures\/ only/],
  [['run', 'tests/fixtures/runner/hello.ts', '--timeout', 'soon'], /duration 'soon' is malformed/],
  [['run', 'tests/fixtures/runner/hello.ts', '--expect', 'explode'], /expectation 'explode' is not one of/],
  [['run', 'tests/fixtures/runner/hello.ts', '--frobnicate'], /Unknown option '--frobnicate'/],
  [['run'], /name a snippet file/],
  [['launch'], /unknown command 'launch'/],
] as const) {
  test(`usage error: ${args.join(' ')}`, () => {
    const r = cli(...args);
    assert.equal(r.status, 2);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n')[0]!.startsWith('hangtime: '), true);
    assert.equal(r.stdout, '');
  });
}

test('an unknown extension is refused before anything runs', () => {
  const r = cli('run', 'tests/fixtures/runner/README.txt');
  assert.equal(r.status, 2);
});
