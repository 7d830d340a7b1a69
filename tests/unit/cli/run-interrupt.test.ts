// Ctrl-C on `hangtime run`: the run in flight is killed with its whole tree, the CLI says so in the
// words `hangtime chapter` uses, and exits 130. No process of the run survives.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { INTERRUPTED } from '../../../src/cli/run.ts';
import type { ProcessId } from '../../../src/shared/process.ts';
import { alive } from '../_support/autopsy.ts';
import { cliBin, fixture, killSurvivors, repoDir, survivors, track, waitGone } from '../runner/contain/helpers.ts';

after(async () => {
  const left = await survivors();
  killSurvivors();
  assert.deepEqual(left, [], 'a process of these tests is still alive');
});

test('run: SIGINT once the run is live kills its tree, prints the interrupted line, exits 130', async () => {
  const base = mkdtempSync(join(tmpdir(), 'hangtime-interrupt-'));
  try {
    const child = spawn(process.execPath, [cliBin, 'run', fixture('slow-exit.py'), '60'], {
      cwd: repoDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: base },
    });
    track(child.pid);
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += String(d);
        if (out.includes('running')) resolve();
      });
      child.on('exit', () => reject(new Error(`the run ended before it was live: ${out}${err}`)));
    });
    // The run's own processes, by identity, from the engine's registry.
    const live = join(base, `hangtime-${process.getuid?.() ?? 0}`, 'live');
    const [name] = readdirSync(live).filter((n) => n.endsWith('.json'));
    const entry = JSON.parse(readFileSync(join(live, name!), 'utf8')) as {
      root: ProcessId;
      launcher: ProcessId | null;
    };
    const ids = [entry.root, ...(entry.launcher ? [entry.launcher] : [])];
    for (const id of ids) track(id.pid);
    child.kill('SIGINT');
    assert.equal(await exited, 130, out + err);
    assert.equal(err.trim(), INTERRUPTED, 'one line says what happened');
    assert.doesNotMatch(out, /✓|✗/, 'no status line for a run that was stopped, not judged');
    assert.deepEqual(await waitGone(ids, 3000), [], 'the program and its launcher are gone');
    assert.deepEqual(alive(fixture('slow-exit.py')), []);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

/** The program name a process runs (its argv[0]'s last part): the program's own, not the CLI's that names it. */
function argv0(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0')[0]!.split('/').pop();
  } catch {
    return undefined; // gone meanwhile
  }
}

/** `hangtime run -- COMMAND…` started and tracked: the process, its stderr so far, and its exit status. */
function runCli(...command: string[]) {
  const child = spawn(process.execPath, [cliBin, 'run', '--', ...command], {
    cwd: repoDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child.pid);
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += String(d)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, err: () => err, exited };
}

test('run: SIGTERM ends it as Ctrl-C does, saying which signal, with status 143', async () => {
  const { child, err, exited } = runCli('sleep', '37.123');
  // Live once the sleep itself runs (its own command line, not the CLI's that names it).
  const sleeping = () => alive('37.123').filter((pid) => argv0(pid) === 'sleep');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !sleeping().length) await new Promise((r) => setTimeout(r, 20));
  assert.equal(sleeping().length, 1, 'the run is live');
  child.kill('SIGTERM');
  assert.equal(await exited, 143, err());
  assert.equal(err().trim(), 'stopped by SIGTERM: the run in flight was killed with its whole process tree');
  assert.deepEqual(sleeping(), []);
});

test('run | head -1: a reader that stops reading stops the run, quietly, with status 141', async () => {
  const { child, err, exited } = runCli('yes', 'hangtime-epipe-test');
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.destroy();
  assert.equal(await exited, 141, err());
  assert.doesNotMatch(err(), /Error|EPIPE|at /, 'no stack trace');
  const yes = alive('hangtime-epipe-test').filter((pid) => argv0(pid) === 'yes');
  assert.deepEqual(yes, []);
});
