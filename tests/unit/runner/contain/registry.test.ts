// The per-user registry and its sweep: it acts only for runs whose engine is gone, signals only
// processes that still have their recorded start time (a stranger handed a dead run's pid lives),
// and removes temporary directories of dead engines only. Every test uses its own base directory.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureLauncher } from '../../../../src/runner/contain/launcher.ts';
import { makeRunDir, registerRun, registryDir, sweep, sweepTmp } from '../../../../src/runner/contain/registry.ts';
import { spawnContained } from '../../../../src/runner/contain/spawn.ts';
import { formatId, identify, isAlive, selfId, type ProcessId } from '../../../../src/shared/process.ts';
import { isRoot, killSurvivors, sleep, survivors, track, waitGone } from './helpers.ts';

const bases: string[] = [];
const newBase = () => {
  const d = mkdtempSync(join(tmpdir(), 'hangtime-registry-test-'));
  bases.push(d);
  return d;
};
let launcherPath = '';
before(async () => {
  const built = await ensureLauncher();
  assert.ok(built.ok, built.ok ? '' : built.reason);
  launcherPath = built.path;
});
after(async () => {
  const left = await survivors();
  killSurvivors();
  for (const b of bases) rmSync(b, { recursive: true, force: true });
  assert.deepEqual(left, [], 'a process of these tests is still alive');
});

/** A process that ran and ended; it lived a few clock ticks (10 ms each here), as any run does. */
async function deadId(): Promise<ProcessId> {
  const child = spawn('/bin/sleep', ['30'], { stdio: 'ignore' });
  const id = identify(child.pid!)!;
  await sleep(30);
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  return id;
}
function start(argv: string[], env: NodeJS.ProcessEnv = {}): ProcessId {
  const child = spawn(argv[0]!, argv.slice(1), {
    stdio: 'ignore',
    detached: true,
    env: { PATH: '/usr/bin:/bin', ...env },
  });
  return track(child.pid)!;
}

test('nothing to sweep: nothing done, and cheap', () => {
  const base = newBase();
  sweep({ base });
  const r = sweep({ base });
  assert.deepEqual({ ...r, ms: 0 }, { runs: 0, signalled: 0, tmpRemoved: 0, ms: 0 });
  assert.ok(r.ms < 20, `${r.ms} ms (the benchmark's target is 2 ms; this bound only catches a regression under load)`);
});

test("a live engine's run is left alone", () => {
  const base = newBase();
  const root = start(['/bin/sleep', '600']);
  registerRun({ runId: 'live', launcher: null, root, tmpDirs: [] }, base);
  assert.equal(sweep({ base }).runs, 0);
  assert.equal(isAlive(root), true);
  process.kill(root.pid, 'SIGKILL');
});

test("a dead engine's launcher is told to end its tree (SIGTERM), and its temp dirs go", async () => {
  const base = newBase();
  const tmp = mkdtempSync(join(base, 'hangtime-run-'));
  const c = spawnContained(launcherPath, ['/bin/sh', '-c', '(setsid sleep 600 &); sleep 600']);
  const s = await c.started;
  assert.ok('pid' in s);
  const launcher = track(c.launcher.pid)!;
  registerRun(
    {
      runId: 'orphaned',
      engine: await deadId(),
      launcher,
      root: { pid: s.pid, startTicks: s.startTicks },
      tmpDirs: [tmp],
    },
    base,
  );
  const r = sweep({ base });
  assert.equal(r.runs, 1);
  assert.ok(r.signalled >= 1);
  const end = await c.ended;
  assert.equal(end.empty, true, 'the launcher killed everything below it');
  assert.equal(existsSync(tmp), false);
  assert.deepEqual(readdirSync(registryDir(base)!), []);
});

test('without a launcher: the root group and the processes carrying the run id are killed, others not', async () => {
  const base = newBase();
  const runId = 'abc123';
  const root = start(['/bin/sh', '-c', 'sleep 600 & wait'], { HANGTIME_RUN_ID: runId });
  await sleep(50);
  const escaped = start(['/bin/sleep', '601'], { HANGTIME_RUN_ID: runId });
  const other = start(['/bin/sleep', '602'], { HANGTIME_RUN_ID: 'another-run' });
  registerRun({ runId, engine: await deadId(), launcher: null, root, tmpDirs: [] }, base);
  const r = sweep({ base });
  assert.ok(r.signalled >= 2);
  assert.deepEqual(await waitGone([root, escaped], 2000), []);
  assert.equal(isAlive(other), true);
  process.kill(other.pid, 'SIGKILL');
});

test(
  'PID reuse: a stranger handed the pid a dead run names is not signalled',
  { skip: !isRoot && 'needs root to pin the next pid through /proc/sys/kernel/ns_last_pid' },
  async () => {
    const base = newBase();
    const old = await deadId();
    // Hand the stranger exactly that pid: the next fork gets ns_last_pid + 1. Other processes of the
    // machine fork too, so pinning is retried until the stranger got it.
    let stranger: ProcessId | null = null;
    for (let i = 0; i < 100 && !stranger; i++) {
      writeFileSync('/proc/sys/kernel/ns_last_pid', String(old.pid - 1));
      const child = spawn('setsid', ['sleep', '600'], { stdio: 'ignore' });
      const id = track(child.pid)!;
      if (child.pid === old.pid) stranger = id;
      else child.kill('SIGKILL');
    }
    assert.ok(stranger, `could not hand pid ${old.pid} to a stranger`);
    // Start times count clock ticks: the stranger must start in a later tick than the run did
    // (pinning makes reuse instant; without it, pids wrap in minutes, not within one tick).
    await sleep(50); // setsid has exec'd sleep (same pid, same start time)
    assert.notEqual(identify(old.pid)!.startTicks, old.startTicks);
    registerRun({ runId: 'reused', engine: await deadId(), launcher: old, root: old, tmpDirs: [] }, base);
    const r = sweep({ base });
    assert.equal(r.runs, 1);
    assert.equal(r.signalled, 0);
    await sleep(100);
    assert.equal(isAlive(stranger), true, 'the stranger lives');
    process.kill(stranger.pid, 'SIGKILL');
  },
);

test("temp dirs: a dead engine's go, a live one's stay; old-style names only when a day old", async () => {
  const base = newBase();
  const dead = formatId(await deadId());
  const names = {
    deadRun: `hangtime-run-${dead}-aaaaaa`,
    deadFifos: `hangtime-fifos-${dead}-bbbbbb`,
    mine: `hangtime-run-${formatId(selfId())}-cccccc`,
    legacyOld: 'hangtime-run-Ab3dEf',
    legacyNew: 'hangtime-fifos-Gh4iJk',
    other: 'hangtime-other',
  };
  for (const n of Object.values(names)) mkdirSync(join(base, n));
  const dayAgo = new Date(Date.now() - 25 * 3600_000);
  utimesSync(join(base, names.legacyOld), dayAgo, dayAgo);
  assert.equal(sweepTmp(base), 3);
  assert.deepEqual(readdirSync(base).sort(), [names.mine, names.legacyNew, names.other].sort());
  const made = makeRunDir('run', base);
  assert.match(made, new RegExp(`/hangtime-run-${formatId(selfId()).replace('.', '\\.')}-\\w{6}$`));
});

test('a registry directory that others can write to is not used', () => {
  const base = newBase();
  mkdirSync(join(base, `hangtime-${process.getuid!()}`));
  chmodSync(join(base, `hangtime-${process.getuid!()}`), 0o777);
  assert.equal(registryDir(base), null);
  registerRun({ runId: 'x', launcher: null, root: selfId(), tmpDirs: [] }, base); // a no-op, not a throw
});
