// The launcher binary: warning-free, compiled once per source into a private cache, shared by
// engines that compile at the same moment, and a missing or failing compiler is a reason, not a throw.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { ensureLauncher, launcherSources, launcherUnits } from '../../../../src/runner/contain/launcher.ts';
import { spawnContained } from '../../../../src/runner/contain/spawn.ts';
import { identify, isAlive } from '../../../../src/shared/process.ts';
import { fixture, python, sleep } from './helpers.ts';

const hasCc = (() => {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hangtime-launcher-test-'));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('the launcher compiles without a warning under -Wall -Wextra', { skip: !hasCc && 'no cc on this machine' }, () => {
  const out = join(tempDir(), 'l');
  // A failed compile throws here; a warning is printed, so the output must be empty.
  const warnings = execFileSync('sh', ['-c', `cc -O2 -Wall -Wextra -o ${out} ${launcherUnits.join(' ')} 2>&1`], {
    encoding: 'utf8',
  });
  assert.equal(warnings, '');
});

test('the cache key covers every C source beside the launcher, and every .c file is compiled', () => {
  const dir = dirname(launcherUnits[0]!);
  const onDisk = readdirSync(dir).filter((f) => /\.[ch]$/.test(f));
  assert.deepEqual(launcherSources.map((f) => basename(f)).sort(), onDisk.sort());
  assert.deepEqual(launcherUnits.map((f) => basename(f)).sort(), onDisk.filter((f) => f.endsWith('.c')).sort());
});

test(
  'two engines compiling at once get one binary, with nothing left over',
  { skip: !hasCc && 'no cc on this machine' },
  async () => {
    const dir = tempDir();
    const launcherModule = JSON.stringify(
      new URL('../../../../src/runner/contain/launcher.ts', import.meta.url).pathname,
    );
    const script = `import { ensureLauncher } from ${launcherModule};
console.log(JSON.stringify(await ensureLauncher({ cacheDir: ${JSON.stringify(dir)} })));`;
    const runOne = () =>
      new Promise<{ ok: boolean; path: string; compiled: boolean }>((resolve) => {
        const p = spawn(process.execPath, ['--input-type=module', '-e', script], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        p.stdout!.on('data', (d: Buffer) => {
          out += String(d);
        });
        p.on('close', () => resolve(JSON.parse(out)));
      });
    const [a, b] = await Promise.all([runOne(), runOne()]);
    assert.ok(a.ok && b.ok);
    assert.equal(a.path, b.path);
    assert.equal([a.compiled, b.compiled].filter(Boolean).length, 1, 'one compiled, the other waited and reused');
    assert.deepEqual(readdirSync(dir), [a.path.split('/').pop()]);
    assert.ok(statSync(a.path).mode & 0o100);
    const again = await ensureLauncher({ cacheDir: dir });
    assert.ok(again.ok && !again.compiled && again.path === a.path);
  },
);

test('no compiler, or a compile that fails: a reason to show, not an exception', async () => {
  const none = await ensureLauncher({ cacheDir: tempDir(), cc: '/nonexistent/cc' });
  assert.ok(!none.ok);
  assert.match(none.reason, /no C compiler: '\/nonexistent\/cc' is not on PATH/);
  const failing = await ensureLauncher({ cacheDir: tempDir(), cc: '/bin/false' });
  assert.ok(!failing.ok);
  assert.match(failing.reason, /'\/bin\/false' could not compile/);
});

test('a cache directory that others can write to is refused', async () => {
  const dir = tempDir();
  execFileSync('chmod', ['0777', dir]);
  const r = await ensureLauncher({ cacheDir: dir });
  assert.ok(!r.ok);
  assert.match(r.reason, /no private cache directory/);
});

test(
  'without children files (it scans /proc) and without pidfds (kill after the check), ' +
    'it still holds and kills the escapee',
  { skip: !hasCc && 'no cc on this machine' },
  async () => {
    const bin = join(tempDir(), 'scan-only');
    execFileSync('cc', ['-O2', '-DHANGTIME_SCAN_ONLY', '-DHANGTIME_NO_PIDFD', '-o', bin, ...launcherUnits]);
    const c = spawnContained(bin, [python, fixture('escapee.py')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.launcher.stdout!.on('data', (d: Buffer) => {
      out += String(d);
    });
    const started = await c.started;
    assert.ok('pid' in started && started.pidfd === false);
    await c.exited;
    for (let i = 0; i < 200 && !/escapee \d+\n/.test(out); i++) await sleep(10);
    const sleeper = identify(Number(/escapee (\d+)/.exec(out)?.[1]));
    assert.ok(sleeper, 'the escapee runs');
    const stopped = await c.stop();
    assert.equal(stopped, 1, 'the scan finds the escapee');
    assert.ok((await c.kill()) >= 1);
    assert.equal((await c.ended).empty, true);
    for (let i = 0; i < 100 && isAlive(sleeper); i++) await sleep(10);
    assert.equal(isAlive(sleeper), false);
  },
);
