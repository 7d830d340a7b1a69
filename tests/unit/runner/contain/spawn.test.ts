// The launcher holds a run's whole tree: an escapee (new session, double fork, empty environment)
// stays below it and dies with the tree; the engine's death kills the tree; stray fds are closed;
// the program's end is reported exactly; a program that kills the launcher is reported, not hidden.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ensureLauncher } from '../../../../src/runner/contain/launcher.ts';
import { spawnContained, type ContainedChild } from '../../../../src/runner/contain/spawn.ts';
import { identify } from '../../../../src/shared/process.ts';
import { ancestors, fixture, killSurvivors, python, sleep, survivors, track, waitGone } from './helpers.ts';

let launcherPath = '';
before(async () => {
  const built = await ensureLauncher();
  assert.ok(built.ok, `the launcher must build here: ${built.ok ? '' : built.reason}`);
  launcherPath = built.path;
});
after(async () => {
  const left = await survivors();
  killSurvivors();
  assert.deepEqual(left, [], 'a process of these tests is still alive');
});

const show = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

function stdoutOf(c: ContainedChild): () => string {
  let out = '';
  c.launcher.stdout!.on('data', (d: Buffer) => {
    out += String(d);
  });
  return () => out;
}

/** Waits until the pid has exec'd `comm` (between fork and execve it still is its parent). */
async function waitExec(pid: number, comm: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) return;
    } catch {
      return;
    }
    await sleep(10);
  }
}

async function escapeeHeld(program: string[]) {
  const c = spawnContained(launcherPath, program, { stdio: ['ignore', 'pipe', 'inherit'] });
  track(c.launcher.pid);
  try {
    const out = stdoutOf(c);
    const started = await c.started;
    assert.ok('pid' in started, show(started));
    track(started.pid);
    const exit = await c.exited;
    assert.deepEqual({ ...exit, atNs: null }, { code: 0, signal: null, atNs: null, lost: false });
    // The output pipe and the launcher's status socket are two streams: either may be read first.
    for (let i = 0; i < 200 && !/escapee \d+\n/.test(out()); i++) await sleep(10);
    const sleeper = Number(/escapee (\d+)/.exec(out())?.[1]);
    const id = track(sleeper);
    assert.ok(id, `the escapee ${sleeper} runs after the program exited`);
    await waitExec(sleeper, 'sleep');
    assert.equal(readFileSync(`/proc/${sleeper}/environ`, 'latin1'), '', 'the escapee has an empty environment');
    assert.ok(
      ancestors(sleeper).includes(c.launcher.pid!),
      `the escapee's parents ${ancestors(sleeper)} include the launcher ${c.launcher.pid}`,
    );
    assert.ok((await c.kill()) >= 1);
    const end = await c.ended;
    assert.equal(end.empty, true);
    assert.deepEqual(await waitGone([id!], 1000), [], 'the escapee died with the tree');
  } finally {
    await c.kill();
  }
}

describe('the launcher holds the tree', () => {
  test(
    'a Python escapee (fork, setsid, fork, execve /bin/sleep with an empty env) ' + 'stays below it and dies with it',
    () => escapeeHeld([python, fixture('escapee.py')]),
  );

  test('the TypeScript escapee too', () => escapeeHeld([process.execPath, fixture('escapee.ts')]));

  test('the engine SIGKILLed mid-run: the launcher kills the tree (no survivor)', async () => {
    const engine = spawn(process.execPath, [fixture('engine.ts'), python], { stdio: ['ignore', 'pipe', 'inherit'] });
    track(engine.pid);
    let line = '';
    for await (const chunk of engine.stdout!) {
      line += String(chunk);
      if (line.includes('\n')) break;
    }
    const pids = JSON.parse(line) as { launcher: number; program: number; sleeper: number };
    const ids = [track(pids.launcher), track(pids.sleeper)].filter((x) => x !== null);
    assert.equal(ids.length, 2, 'launcher and sleeper were alive');
    engine.kill('SIGKILL');
    assert.deepEqual(await waitGone(ids, 3000), [], 'launcher and escapee are gone after the engine died');
  });
});

describe('what the launcher reports', () => {
  test('exit code, signal, exec failure', async () => {
    const three = spawnContained(launcherPath, ['/bin/sh', '-c', 'exit 3']);
    assert.equal((await three.exited).code, 3);
    assert.equal((await three.ended).empty, true);
    const termed = spawnContained(launcherPath, ['/bin/sh', '-c', 'kill -TERM $$']);
    assert.equal((await termed.exited).signal, 'SIGTERM');
    const missing = spawnContained(launcherPath, ['/nonexistent/program']);
    const started = await missing.started;
    assert.ok('error' in started && /No such file/.test(started.error), show(started));
    assert.equal((await missing.exited).code, 127);
    assert.equal((await missing.ended).empty, true);
  });

  // A command written while the program ends (a timeout's SIGTERM as the program exits by itself,
  // an autopsy's end): the launcher is still there to read it, so its report of the end is never
  // lost to a failed write (which would say the launcher died while the program ran).
  test('a command sent as the tree ends loses none of the report', async () => {
    for (let i = 0; i < 5; i++) {
      const c = spawnContained(launcherPath, ['/bin/true']);
      // Hold this thread while the program exits and the launcher reports it, unread yet.
      const until = Date.now() + 150;
      while (Date.now() < until);
      const termed = c.term();
      const exited = await c.exited;
      assert.deepEqual([exited.lost, exited.code], [false, 0], show(exited));
      assert.equal(await termed, 0);
      assert.equal((await c.ended).empty, true);
    }
  });

  test('the program runs in its own session and process group, with the launcher as parent', async () => {
    const c = spawnContained(launcherPath, ['/bin/sleep', '5']);
    const s = await c.started;
    assert.ok('pid' in s);
    const stat = readFileSync(`/proc/${s.pid}/stat`, 'latin1')
      .slice(readFileSync(`/proc/${s.pid}/stat`, 'latin1').lastIndexOf(')') + 2)
      .split(' ');
    assert.equal(Number(stat[1]), c.launcher.pid, 'parent');
    assert.equal(Number(stat[2]), s.pid, 'process group');
    assert.equal(Number(stat[3]), s.pid, 'session');
    assert.equal(identify(s.pid)?.startTicks, s.startTicks, 'the start time it reports is the one in /proc');
    await c.kill();
    assert.equal((await c.exited).signal, 'SIGKILL');
    assert.equal((await c.ended).empty, true);
  });

  test('stray fds are closed, kept ones stay', async () => {
    // fd 30 is open without O_CLOEXEC in the engine's parent (a shell's stray, a runner's channel);
    // Node passes such fds on to what it spawns (low numbers get taken by Node's own fds first).
    const probe = `import os
def is_open(fd):
    try: os.fstat(fd); return True
    except OSError: return False
print([fd for fd in range(64) if is_open(fd)])`;
    const spawnModule = JSON.stringify(new URL('../../../../src/runner/contain/spawn.ts', import.meta.url).pathname);
    const engine = `import { spawnContained } from ${spawnModule};
import { openSync } from 'node:fs';
const kept = openSync('/dev/null', 'r');
import { spawnSync } from 'node:child_process';
const argv = [${JSON.stringify(python)}, '-c', ${JSON.stringify(probe)}];
spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit', kept] }); // without the launcher
const c = spawnContained(${JSON.stringify(launcherPath)}, argv, { stdio: ['ignore', 'inherit', 'inherit', kept] });
await c.ended;`;
    const out = await new Promise<string>((resolve) => {
      const p = spawn(
        '/bin/bash',
        ['-c', 'exec 30</dev/null; exec "$@"', 'bash', process.execPath, '--input-type=module', '-e', engine],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let text = '';
      p.stdout!.on('data', (d: Buffer) => {
        text += String(d);
      });
      p.on('close', () => resolve(text));
    });
    const [plain, contained] = out.trim().split('\n');
    assert.match(plain!, /\b30\b/, 'fd 30 leaks into a plain spawn');
    assert.equal(contained, '[0, 1, 2, 3]', 'and not through the launcher, which keeps fd 3 as told');
  });

  test('stop freezes every process, kill ends them all', async () => {
    const c = spawnContained(launcherPath, ['/bin/sh', '-c', 'sleep 30 & sleep 30 & (setsid sleep 30 &) ; wait']);
    await c.started;
    await sleep(200);
    const stopped = await c.stop();
    assert.ok(stopped >= 4, `stopped ${stopped}`);
    const children = readFileSync(`/proc/${c.launcher.pid}/task/${c.launcher.pid}/children`, 'utf8')
      .trim()
      .split(' ')
      .map(Number);
    for (const pid of children) assert.match(readFileSync(`/proc/${pid}/stat`, 'latin1'), /\) T /);
    await c.kill();
    assert.equal((await c.ended).empty, true);
  });

  test(
    'a program that kills its launcher gets out, and that is reported (ended.empty false)',
    { timeout: 10_000 },
    async () => {
      const marker = `/tmp/hangtime-contain-test-${process.pid}`;
      // stdout a pipe the orphan keeps open: the end is still told at once.
      const c = spawnContained(
        launcherPath,
        ['/bin/sh', '-c', `(sleep 30 & echo $! > ${marker}) ; kill -9 $PPID; exec sleep 1`],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const end = await c.ended;
      assert.equal(end.empty, false);
      assert.equal(end.launcher.signal, 'SIGKILL');
      await sleep(100);
      const orphan = Number(readFileSync(marker, 'utf8'));
      const id = track(orphan);
      if (id) process.kill(orphan, 'SIGKILL');
      const sh = (await c.started) as { pid: number };
      const shId = track(sh.pid);
      if (shId) process.kill(sh.pid, 'SIGKILL');
      rmSync(marker, { force: true });
    },
  );
});
