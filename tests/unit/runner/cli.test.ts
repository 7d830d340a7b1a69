import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../../src/shared/paths.ts';
import { fixture, survivors } from './helpers.ts';

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
  [['run', 'package.json'], /unknown extension '\.json'/],
  [['run', 'tests/fixtures/runner/hello.ts', '--timeout', 'soon'], /duration 'soon' is malformed/],
  [['run', 'tests/fixtures/runner/hello.ts', '--expect', 'explode'], /expectation 'explode' is not one of/],
  [['run', 'tests/fixtures/runner/hello.ts', '--frobnicate'], /Unknown option '--frobnicate'/],
  [['run'], /name a file or a command/],
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

test('SIGINT to the CLI in the middle of a hang leaves nothing alive', async () => {
  const child = spawn(
    process.execPath,
    [bin, 'run', fixture('event-wait.py'), '--expect', 'hang', '--quiet-ms', '60000'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (d) => {
      if (String(d).includes('waiting')) resolve();
    }),
  );
  const marker = `${fixture('event-wait.py')}`;
  const before = pidsRunning(marker);
  assert.ok(before.length > 0, 'the snippet is running');
  child.kill('SIGINT');
  const code = await new Promise((r) => child.on('exit', (c, s) => r(s ?? c)));
  assert.equal(code, 'SIGINT');
  assert.deepEqual(pidsRunning(marker), []);
});

test("a SIGKILLed engine's runs are swept by the next start", async () => {
  const child = spawn(
    process.execPath,
    [bin, 'run', fixture('event-wait.py'), '--expect', 'hang', '--quiet-ms', '60000'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (d) => {
      if (String(d).includes('waiting')) resolve();
    }),
  );
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  const marker = fixture('event-wait.py');
  assert.ok(pidsRunning(marker).length > 0, 'the orphan outlived its engine');
  const next = cli('run', 'tests/fixtures/runner/hello.ts');
  assert.equal(next.status, 0);
  assert.deepEqual(pidsRunning(marker), []);
  assert.deepEqual(survivors([]), []);
});

function pidsRunning(needle: string): number[] {
  const r = spawnSync('pgrep', ['-f', needle], { encoding: 'utf8' });
  return r.stdout.trim().split('\n').filter(Boolean).map(Number);
}
