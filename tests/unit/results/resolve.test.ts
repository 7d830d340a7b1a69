// resolveRuns in 'frozen' mode spawns nothing at all: every way to start a process is
// replaced by one that throws, before resolve.ts is even loaded, and this process has no
// child afterwards. In 'auto' mode, a .py run with no python3 on PATH falls back to frozen.
import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { test } from 'node:test';
import { fixtureRoot } from '../_support/verify.ts';

const attempts: string[] = [];
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  (childProcess as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    attempts.push(`${name} ${String(args[0])}`);
    throw new Error(`spawning is forbidden in this test (${name} ${String(args[0])})`);
  };
}
syncBuiltinESMExports();

const { resolveRuns, modeFromEnv } = await import('../../../src/results/resolve.ts');
const { makePlan } = await import('../../../src/verify/plan.ts');

const children = () =>
  readdirSync('/proc/self/task').flatMap((t) =>
    readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
  );
const jobs = makePlan({ root: fixtureRoot }).runs.map((r) => ({ file: r.file, options: r.run.options, key: r.run.id }));

test('frozen mode: every result from its frozen file, nothing spawned', async () => {
  const progress: string[] = [];
  const results = await resolveRuns(jobs, {
    mode: 'frozen',
    heartbeat: false,
    onProgress: (e) => progress.push(`${e.done}/${e.total} ${e.resolved.source}`),
  });
  assert.deepEqual(attempts, []);
  assert.deepEqual(children(), []);
  assert.deepEqual(
    results.map((r) => r.source),
    ['frozen', 'frozen', 'frozen'],
  );
  assert.deepEqual(progress, ['1/3 frozen', '2/3 frozen', '3/3 frozen']);
  const [greet, wait, count] = results.map((r) => r.result);
  assert.equal(greet!.outcome.kind, 'exit');
  assert.equal(greet!.values.find((v) => v.name === 'answer')?.value, 42);
  // The transcript as the run printed it: its pid, temporary file and duration, no placeholder.
  const printed = greet!.transcript.chunks.map((c) => c.text).join('');
  assert.match(printed, /^hello from pid \d+\nscratch file: \/\S+\ntook \d+\.\d\d ms\n$/);
  const elapsed = greet!.values.find((v) => v.name === 'elapsed_ms')?.value as number;
  assert.equal(elapsed.toFixed(2), /took ([\d.]+)/.exec(printed)![1], 'the value and the transcript of one run');
  assert.equal(wait!.outcome.kind, 'hang');
  assert.ok(wait!.hang && wait!.timeline.length > 0 && wait!.autopsy, 'a hang keeps its timing, timeline and autopsy');
  assert.equal(count!.transcript.chunks.map((c) => c.text).join(''), 'count 1\ncount 2\ncount 3\n');
  assert.deepEqual(count!.options.args, ['3']);
});

test('auto mode without python3 on PATH: .py runs come from their frozen results, saying why', async () => {
  const saved = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const py = jobs.filter((j) => j.file.endsWith('.py'));
    const results = await resolveRuns(py, { mode: 'auto', heartbeat: false });
    assert.deepEqual(
      results.map((r) => [r.source, r.reason]),
      py.map(() => ['frozen', 'python3 is not on PATH']),
    );
    assert.deepEqual(attempts, []);
  } finally {
    process.env.PATH = saved;
  }
});

test('a missing frozen result is an error naming the file to create', async () => {
  await assert.rejects(
    resolveRuns([{ file: `${fixtureRoot}runnable/01-fixture/count.ts`, options: { args: ['9'] } }], { mode: 'frozen' }),
    /count\.ts\.[0-9a-f]{8}\.frozen\.md: no frozen result for .*HANGTIME_RUNS=frozen.*verify --update/,
  );
});

test('HANGTIME_RUNS is validated', () => {
  assert.equal(modeFromEnv({}), 'auto');
  assert.equal(modeFromEnv({ HANGTIME_RUNS: 'frozen' }), 'frozen');
  assert.throws(
    () => modeFromEnv({ HANGTIME_RUNS: 'never' }),
    /HANGTIME_RUNS=never is not a mode\. Valid modes are: auto, frozen, fresh\./,
  );
});

test('the trap is armed: the ESM bindings the engine imports throw', async () => {
  const { spawn, execFileSync } = await import('node:child_process');
  assert.throws(() => spawn('true'), /spawning is forbidden/);
  assert.throws(() => execFileSync('python3'), /spawning is forbidden/);
  attempts.length = 0;
});
