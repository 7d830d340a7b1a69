// Signals reach the work: SIGTERM to the npm leader of `npm run build`, while a run is in flight,
// stops the build (npm forwards it to src/cli/site.mjs, which runs Astro in its own process) and
// leaves no process of the build or of its run alive.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ProcessId } from '../../../src/shared/process.ts';
import { withDeadline } from '../../../src/shared/time.ts';
import { fixture, killSurvivors, repoDir, sleep, survivors, track, waitGone } from '../runner/contain/helpers.ts';

after(async () => {
  const left = await survivors();
  killSurvivors();
  assert.deepEqual(left, [], 'a process of these tests is still alive');
});

test('SIGTERM to the npm leader of `npm run build` stops the build and its run', { timeout: 180_000 }, async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'hangtime-npm-build-'));
  try {
    mkdirSync(join(scratch, 'chapters'));
    mkdirSync(join(scratch, 'runnable', 'slow'), { recursive: true });
    copyFileSync(fixture('slow-exit.py'), join(scratch, 'runnable', 'slow', 'slow-exit.py'));
    writeFileSync(
      join(scratch, 'chapters', '01-slow.mdx'),
      '---\ntitle: Slow\nsummary: A run that takes a minute.\norder: 1\n---\n\n' +
        '<Run src="slow/slow-exit.py" args={["60"]} />\n',
    );
    const npm = spawn('npm', ['run', 'build'], {
      cwd: repoDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TMPDIR: scratch,
        HANGTIME_CONTENT_DIR: join(scratch, 'chapters'),
        HANGTIME_RUNNABLE_DIR: join(scratch, 'runnable'),
        HANGTIME_OUT_DIR: join(scratch, 'dist'),
        HANGTIME_STATE_DIR: join(scratch, 'state'),
        HANGTIME_ASTRO_CACHE_DIR: join(scratch, 'astro'),
        HANGTIME_CACHE_DIR: join(scratch, 'cache'),
        HANGTIME_RUNS: 'fresh',
      },
    });
    let output = '';
    npm.stdout.on('data', (d: Buffer) => (output += String(d)));
    npm.stderr.on('data', (d: Buffer) => (output += String(d)));
    const ended = new Promise<string>((r) => npm.on('exit', (code, signal) => r(signal ?? `exit ${code}`)));
    track(npm.pid);
    // The run is in flight once the engine recorded it (its registry lives under TMPDIR).
    const live = join(scratch, `hangtime-${process.getuid?.() ?? 0}`, 'live');
    let entry: { engine: ProcessId; launcher: ProcessId | null; root: ProcessId } | null = null;
    for (let i = 0; i < 1200 && !entry; i++) {
      const names = existsSync(live) ? readdirSync(live).filter((n) => n.endsWith('.json')) : [];
      if (names[0]) entry = JSON.parse(readFileSync(join(live, names[0]), 'utf8'));
      else await sleep(100);
    }
    assert.ok(entry, `the build never started its run:\n${output}`);
    const ids = [entry.engine, entry.root, ...(entry.launcher ? [entry.launcher] : [])].map((id) => track(id.pid)!);
    assert.equal(ids.length, entry.launcher ? 3 : 2, 'the build, its launcher and its program were alive');
    npm.kill('SIGTERM');
    const how = await withDeadline(ended, 30_000, () => 'still running after 30 s');
    assert.notEqual(how, 'still running after 30 s', output);
    assert.notEqual(how, 'exit 0', 'the build did not finish as if nothing happened');
    assert.deepEqual(await waitGone(ids, 3000), [], 'no process of the build or of its run is alive');
    assert.ok(!existsSync(join(scratch, 'dist', 'index.html')), 'the build did not go on to write pages');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
