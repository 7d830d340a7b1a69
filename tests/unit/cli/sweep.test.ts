// Sweep at every entry point. An engine without a launcher (the process-group path: no C compiler,
// empty launcher cache) that is SIGKILLed mid-run leaves its program running and its temporary
// folders behind: the next start of any hangtime entry point — a command that runs nothing, lint,
// verify --cached, a frozen build — ends that program and removes those folders.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isAlive } from '../../../src/shared/process.ts';
import {
  cliBin,
  killEngineMidRun,
  killSurvivors,
  noLauncherEnv,
  repoDir,
  survivors,
  waitGone,
} from '../runner/contain/helpers.ts';

after(async () => {
  const left = await survivors();
  killSurvivors();
  assert.deepEqual(left, [], 'a process of these tests is still alive');
});

const executeModule = JSON.stringify(join(repoDir, 'src/integration/execute.ts'));
const frozenBuild = `const { executeChapters } = await import(${executeModule});
await executeChapters({ mode: 'frozen', log: () => {} });`;

const entries: Array<[string, string[]]> = [
  ['hangtime help', [cliBin, 'help']],
  ['hangtime lint', [cliBin, 'lint']],
  ['hangtime verify --cached', [cliBin, 'verify', '--cached', '--root', join(repoDir, 'tests/fixtures/verify'), '01']],
  ['a frozen build (HANGTIME_RUNS=frozen)', ['--input-type=module', '-e', frozenBuild]],
];

for (const [name, argv] of entries) {
  test(`${name} sweeps what a killed engine left`, { timeout: 60_000 }, async () => {
    const base = mkdtempSync(join(tmpdir(), 'hangtime-sweep-test-'));
    try {
      const killed = await killEngineMidRun(base, noLauncherEnv(join(base, 'no-launcher')));
      const { root, launcher } = killed.entry;
      assert.equal(launcher, null, 'the run went without a launcher');
      assert.equal(isAlive(root), true, 'by process group only, the program outlives its killed engine');
      assert.equal(killed.tmpDirs.length, 2, 'a run folder and a FIFO folder');
      const r = spawnSync(process.execPath, argv, {
        cwd: repoDir,
        encoding: 'utf8',
        env: {
          ...process.env,
          TMPDIR: base,
          HANGTIME_CACHE_DIR: join(base, 'cache'),
          HANGTIME_STATE_DIR: join(base, 'state'),
        },
      });
      assert.ok(r.status !== null, `${name} ended (${r.signal})`);
      assert.deepEqual(await waitGone([root], 2000), [], `${name} killed the orphan`);
      const left = readdirSync(base).filter((n) => killed.tmpDirs.includes(n));
      assert.deepEqual(left, [], "the killed engine's temporary folders are gone");
      assert.deepEqual(readdirSync(join(base, `hangtime-${process.getuid?.() ?? 0}`, 'live')), []);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
}
