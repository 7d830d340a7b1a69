// Nothing of a run outlives its engine: Ctrl-C to the engine kills its runs first, and the runs
// of an engine that was SIGKILLed are swept by the next one to start.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../../src/shared/paths.ts';
import { fixture, survivors } from '../_support/runner.ts';

// The engine in a process of its own (the CLI), killed from outside while a run hangs.
const bin = join(repoRoot, 'src', 'cli', 'bin.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot });

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
