// Killing a run's whole tree, on real trees: the group and every process that left it (setsid,
// double fork) are found and killed, SIGTERM comes first and SIGKILL after a grace, a proven hang
// is frozen before the kill; the registry lets the next engine sweep what a SIGKILLed one left.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolvePython } from '../../../src/runner/launch/python.ts';
import {
  killTree,
  liveRuns,
  registerRun,
  runPids,
  unregisterRun,
  type RunTree,
} from '../../../src/runner/terminate.ts';
import { findTree, nowTicks } from '../../../src/runner/watch/procfs.ts';
import { repoRoot } from '../../../src/shared/paths.ts';
import { identify } from '../../../src/shared/process.ts';
import { fixture, survivors } from '../_support/runner.ts';
import { reap, startTree, until, type Tree } from '../_support/processes.ts';

const python = resolvePython()!.path;
/** The engine's view of a tree held by process group only (the fallback where no launcher runs). */
const liveOf = (tree: Tree): RunTree => ({
  runId: tree.runId,
  program: identify(tree.pid) ?? { pid: tree.pid, startTicks: -1 },
  contained: null,
  launcher: null,
  rootPid: tree.pid,
  sinceTicks: tree.sinceTicks,
});

/** What the tree printed on stdout; `seen` resolves once `text` shows up in it (or fails after 10 s). */
function printed(tree: Tree, text: string): { seen: Promise<unknown>; out: () => string } {
  let out = '';
  tree.child.stdout!.on('data', (d) => (out += d));
  return { seen: until(() => out.includes(text), `"${text}" on stdout`), out: () => out };
}

test('killTree kills the group and a double-forked setsid grandchild, and leaves nothing', async () => {
  // The root waits in sleep; its python child forks a grandchild that calls setsid, forks again and
  // exits: the sleeper is in no group or session of the tree, and no longer its descendant.
  const tree = startTree(['/bin/sh', '-c', `${python} ${fixture('double-fork.py')}; sleep 60`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    await printed(tree, 'parent: exiting').seen;
    const escapee = await until(() => {
      const tree_ = findTree(tree.pid).map((p) => p.pid);
      return survivors([tree.marker]).find((pid) => !tree_.includes(pid));
    }, 'the escaped grandchild');
    const pids = runPids(liveOf(tree));
    assert.ok(pids.includes(escapee) && pids.includes(tree.pid), `runPids: ${pids}`);
    assert.ok(!pids.includes(process.pid), 'never the engine itself');
    // A process started before the run began is not the run's, whatever its environment says.
    assert.ok(!runPids({ ...liveOf(tree), sinceTicks: nowTicks() + 100 }).includes(escapee));
    const found = await killTree(liveOf(tree));
    assert.ok(found >= 2, `found ${found}`);
    assert.deepEqual(survivors([tree.marker]), [], 'nothing alive when killTree resolves');
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});

test('SIGTERM first: a tree that ends on it is gone well before the grace', async () => {
  const tree = startTree(['/bin/sh', '-c', 'sleep 60 & sleep 60 & wait']);
  try {
    await until(() => findTree(tree.pid).length >= 3, 'both sleepers');
    const started = Date.now();
    assert.equal(await killTree(liveOf(tree), 5000), 3);
    assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
    assert.deepEqual(survivors([tree.marker]), []);
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});

test('SIGKILL after the grace: a child ignoring SIGTERM is gone too', async () => {
  const tree = startTree([python, fixture('ignore-sigterm.py')], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await printed(tree, 'parent: spinning').seen;
    await until(() => findTree(tree.pid).length >= 2, 'the child');
    const started = Date.now();
    await killTree(liveOf(tree), 300);
    assert.ok(Date.now() - started >= 300, 'the grace was waited for the child that ignored SIGTERM');
    assert.deepEqual(survivors([tree.marker]), []);
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});

test("freeze: a parent woken by its child's death never runs again; without it, it does", async () => {
  for (const freeze of [true, false]) {
    const tree = startTree([python, fixture('wake-on-child-exit.py')], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const { seen, out } = printed(tree, 'waiting');
      await seen;
      await until(() => findTree(tree.pid).length >= 2, 'the child');
      await killTree(liveOf(tree), 5000, freeze);
      await until(() => tree.child.stdout!.readableEnded, 'the end of its output');
      assert.equal(out(), freeze ? 'waiting\n' : 'waiting\nwoke: the child is gone\n', `freeze: ${freeze}`);
      assert.deepEqual(survivors([tree.marker]), []);
    } finally {
      assert.deepEqual(await reap(tree), []);
    }
  }
});

test('a registered run is listed, and Ctrl-C handlers are installed, until it is unregistered', () => {
  const pid = 2 ** 22 + 7;
  const run: RunTree = {
    runId: 'registry-test',
    program: { pid, startTicks: 1 },
    contained: null,
    launcher: null,
    rootPid: pid,
    sinceTicks: nowTicks(),
  };
  const handlers = process.listenerCount('SIGINT');
  registerRun(run, []);
  try {
    assert.deepEqual(liveRuns(), [run]);
    assert.equal(process.listenerCount('SIGINT'), handlers + 1, 'Ctrl-C kills the live runs first');
  } finally {
    unregisterRun(run.runId);
  }
  assert.deepEqual(liveRuns(), []);
  assert.equal(process.listenerCount('SIGINT'), handlers);
});

// The engine in a process of its own (the CLI), killed from outside while a run hangs.
const bin = join(repoRoot, 'src', 'cli', 'bin.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot });

/** `hangtime run` on a program that waits forever (not yet judged: a quiet window of a minute), once it is waiting. */
async function hangingCli() {
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
  return child;
}

test('SIGINT to the CLI in the middle of a hang leaves nothing alive', async () => {
  const child = await hangingCli();
  const marker = `${fixture('event-wait.py')}`;
  const before = pidsRunning(marker);
  assert.ok(before.length > 0, 'the snippet is running');
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.kill('SIGINT');
  const code = await new Promise((r) => child.on('exit', (c, s) => r(s ?? c)));
  // 128 + SIGINT, as a shell reports Ctrl-C, after saying what happened to the run.
  assert.equal(code, 130);
  assert.match(stderr, /interrupted: the run in flight was killed with its whole process tree/);
  assert.deepEqual(pidsRunning(marker), []);
});

test("a SIGKILLed engine's run ends with it (the launcher's lifeline); the next start finds nothing left", async () => {
  const child = await hangingCli();
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  const marker = fixture('event-wait.py');
  // No sweep has run yet: the launcher saw its lifeline close and ended the tree by itself.
  for (let i = 0; i < 300 && pidsRunning(marker).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(pidsRunning(marker), [], 'the program did not outlive its engine');
  const next = cli('run', 'tests/fixtures/runner/hello.ts');
  assert.equal(next.status, 0);
  assert.deepEqual(pidsRunning(marker), []);
  assert.deepEqual(survivors([]), []);
});

function pidsRunning(needle: string): number[] {
  const r = spawnSync('pgrep', ['-f', needle], { encoding: 'utf8' });
  return r.stdout.trim().split('\n').filter(Boolean).map(Number);
}
