// The engine holds every process of a run below its launcher: escapees (new session, double fork,
// empty environment; in Python and in TypeScript) are counted as left behind and killed; the caps
// count them while the run lives; a program that kills its launcher is reported as out of its
// containment and still ended; without a launcher the run says so. Each test ends with no survivor.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { checkExpectation, formatStatus, seconds } from '../../../../src/explain/status.ts';
import { runSnippet, type RunResult } from '../../../../src/runner/index.ts';
import { nowTicks } from '../../../../src/runner/watch/procfs.ts';
import { identify, type ProcessId } from '../../../../src/shared/process.ts';
import { repoRoot } from '../../../../src/shared/paths.ts';
import { fixture, killSurvivors, survivors, track, waitGone } from '../contain/helpers.ts';

after(async () => {
  const left = await survivors();
  killSurvivors();
  assert.deepEqual(left, [], 'a process of these tests is still alive');
});

/** Runs a fixture, tracking every pid it prints ("escapee N", "hog N", "child N") while it lives. */
async function run(name: string, options: Parameters<typeof runSnippet>[1] = {}) {
  const printed: ProcessId[] = [];
  const since = nowTicks();
  const result = await runSnippet(fixture(name), options, {
    onChunk: (c) => {
      for (const m of c.text.matchAll(/(?:escapee|hog|child) (\d+)/g)) {
        const id = track(Number(m[1]));
        if (id) printed.push(id);
      }
    },
  });
  return { result, printed, since };
}

/** Live `sleep 47` processes with an empty environment started since `ticks` (the escapees' shape). */
function sleepersSince(ticks: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1') !== 'sleep\u000047\u0000') continue;
      if (readFileSync(`/proc/${name}/environ`, 'latin1') !== '') continue;
      const id = identify(Number(name));
      if (id && id.startTicks !== null && id.startTicks >= ticks) out.push(id.pid);
    } catch {
      /* gone */
    }
  }
  return out;
}

function assertHeld(r: RunResult) {
  assert.deepEqual(r.outcome.containment, { mechanism: 'subreaper', held: true, reason: null });
}

describe('escapees are held, counted and killed', () => {
  for (const name of ['escapee.py', 'escapee.ts']) {
    test(`${name}: fork, setsid, fork, execve /bin/sleep with an empty environment`, async () => {
      const { result: r, printed, since } = await run(name);
      assertHeld(r);
      assert.equal(r.outcome.kind, 'exit');
      assert.equal(r.outcome.code, 0);
      assert.equal(r.outcome.leftBehind, 1, formatStatus(r));
      assert.equal(r.outcome.killedBy, 'leftovers');
      assert.equal(printed.length, 1, 'the escapee was seen alive');
      // Named as the kill found it: pid, start time, command line (execve'd as sleep, or by env as /bin/sleep).
      const command = name.endsWith('.py') ? 'sleep 47' : '/bin/sleep 47';
      const { pid, startTicks } = printed[0]!;
      assert.deepEqual(r.outcome.leftovers, [{ pid, startTicks, command }]);
      const named = `left 1 process alive after it exited: ${command} (pid ${pid})`;
      assert.equal(
        formatStatus(r),
        'FAILED: expected exit 0 with nothing left behind, exited 0 · ' +
          `${seconds(r.timing.wallMs)} · ${named} · process tree killed`,
      );
      const check = checkExpectation(r);
      assert.equal(check.pass, false, 'leaving a process behind fails unless allowed');
      assert.ok(
        check.message.includes(`: expected exit 0 with nothing left behind, but it ${named}, killed\n`),
        check.message,
      );
      assert.deepEqual(await waitGone(printed, 1000), [], 'the escapee is gone');
      assert.deepEqual(sleepersSince(since), []);
    });
  }
});

describe('the caps count every contained process while the run lives', () => {
  test('300 escaped sleepers against a process cap of 64', async () => {
    const { result: r, since } = await run('many-escapees.py', { args: ['300'], maxProcesses: 64 });
    assertHeld(r);
    assert.equal(r.outcome.killedBy, 'limit', formatStatus(r));
    assert.equal(r.outcome.limits[0]?.kind, 'processes');
    assert.match(r.outcome.limits[0]!.detail, /^\d+ processes alive, cap 64$/);
    const alive = Number(/^(\d+)/.exec(r.outcome.limits[0]!.detail)![1]);
    assert.ok(alive > 64 && alive <= 302, `${alive} alive when the cap was hit`);
    assert.deepEqual(sleepersSince(since), [], 'no escaped sleeper lives on');
  });

  test('an escaped 3 GiB holder against a memory cap of 2 GiB', { timeout: 60_000 }, async () => {
    const { result: r, printed } = await run('escaped-hog.py', { args: ['3072'], maxMemoryBytes: 2 * 1024 ** 3 });
    assertHeld(r);
    assert.equal(r.outcome.killedBy, 'limit', formatStatus(r));
    assert.equal(r.outcome.limits[0]?.kind, 'memory');
    assert.match(r.outcome.limits[0]!.detail, /^[\d,]+ bytes resident, cap 2,147,483,648$/);
    assert.ok(Number(/^([\d,]+)/.exec(r.outcome.limits[0]!.detail)![1]!.replaceAll(',', '')) > 2 * 1024 ** 3);
    assert.equal(printed.length, 1, 'the escaped hog was seen alive');
    assert.deepEqual(await waitGone(printed, 1000), [], 'the hog is gone');
  });
});

test('a program that SIGKILLs its launcher: the run says its containment broke, and is still ended', async () => {
  const { result: r, printed } = await run('kill-launcher.py');
  assert.equal(r.outcome.containment?.mechanism, 'subreaper');
  assert.equal(r.outcome.containment?.held, false);
  assert.match(r.outcome.containment!.reason!, /launcher/);
  assert.equal(r.outcome.killedBy, 'containment');
  assert.match(formatStatus(r), /containment broken: /);
  assert.equal(checkExpectation(r).pass, false);
  assert.match(checkExpectation(r).message, /containment broken/);
  assert.equal(printed.length, 1, "the program's child was seen");
  assert.deepEqual(await waitGone(printed, 1000), [], "the program's child (in its group) was killed");
});

test(
  'no launcher (no C compiler, empty launcher cache): the process-group path, said in the result and the status line',
  { timeout: 60_000 },
  async () => {
    const cache = mkdtempSync(join(tmpdir(), 'hangtime-nolauncher-'));
    try {
      const since = nowTicks();
      const r = spawnSync(
        process.execPath,
        [join(repoRoot, 'src/cli/bin.mjs'), 'run', fixture('escapee.py'), '--json'],
        { encoding: 'utf8', cwd: repoRoot, env: { ...process.env, CC: '/nonexistent/cc', XDG_CACHE_HOME: cache } },
      );
      const result = JSON.parse(r.stdout) as RunResult;
      assert.equal(result.outcome.containment?.mechanism, 'process-group');
      assert.equal(result.outcome.containment?.held, true);
      assert.match(result.outcome.containment!.reason!, /no C compiler: '\/nonexistent\/cc'/);
      assert.match(formatStatus(result), /held by process group only \(no C compiler/);
      // What the fallback cannot do, and why the launcher exists: the escapee got away.
      const lost = sleepersSince(since).map((pid) => track(pid)!);
      assert.equal(lost.length, 1, 'the process-group path loses an escapee with an empty environment');
      for (const id of lost) process.kill(id.pid, 'SIGKILL');
      assert.deepEqual(await waitGone(lost, 1000), []);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  },
);
