// The `hangtime run` command: output streamed, a status line, exit codes, one clear usage error.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../../../src/shared/paths.ts';
import { isAlive, type ProcessId } from '../../../src/shared/process.ts';
import { fixture } from '../_support/runner.ts';
import {
  isRoot,
  killEngineMidRun,
  killSurvivors,
  sleep,
  survivors as trackedSurvivors,
  track,
  waitGone,
} from '../runner/contain/helpers.ts';

const bin = join(repoRoot, 'src', 'cli', 'bin.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot });

test('run: streams output, prints the status line, exits 0 when the expectation holds', () => {
  const r = cli('run', 'tests/fixtures/runner/queue-hang.py', '--expect', 'hang');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^parent: starting the child\nchild: put returned\n/);
  assert.match(r.stdout, /✓ hung, as expected · confirmed \d+ ms after it went quiet · process tree killed/);
});

test('run: exit status 1 when the outcome misses the expectation, with the reason', () => {
  const r = cli('run', 'tests/fixtures/runner/exit3.py');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /expected exit 0, but it exited 3/);
});

test('run --json prints only the RunResult', () => {
  const r = cli('run', 'tests/fixtures/runner/hello.ts', '--json');
  assert.equal(r.status, 0);
  const result = JSON.parse(r.stdout);
  assert.equal(result.outcome.kind, 'exit');
  assert.equal(result.transcript.chunks[0].text, 'hello\n');
});

for (const [args, message] of [
  [['run', 'tests/fixtures/runner/nope.py'], /nope\.py: no such file/],
  [['run', 'package.json'], /runs snippets under runnable\/ or tests\/fixtures\/ only/],
  [['run', 'tests/fixtures/runner/hello.ts', '--timeout', 'soon'], /duration 'soon' is malformed/],
  [['run', 'tests/fixtures/runner/hello.ts', '--expect', 'explode'], /expectation 'explode' is not one of/],
  [['run', 'tests/fixtures/runner/hello.ts', '--frobnicate'], /Unknown option '--frobnicate'/],
  [['run', 'tests/fixtures/runner/hello.ts', '--timeout', '40000m'], /longer than a timer can wait/],
  [['run', 'tests/fixtures/runner/hello.ts', '--timeout', '0.1ms'], /shorter than 1 ms/],
  [['run', 'tests/fixtures/runner/hello.ts', '--expect', 'signal=SIGFOO'], /SIGFOO is not one/],
  [['run', 'tests/fixtures/runner/hello.ts', '--expect', 'exit=999'], /exit status from 0 to 255/],
  [['run', 'tests/fixtures/runner'], /not a file/],
  [['run'], /name a snippet file/],
  [['launch'], /unknown command 'launch'/],
] as const) {
  test(`usage error: ${args.join(' ')}`, () => {
    const r = cli(...args);
    assert.equal(r.status, 2);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n')[0]!.startsWith('hangtime: '), true);
    assert.doesNotMatch(r.stderr, /ZodError|\n\s+at /, 'one line, no stack');
    assert.equal(r.stdout, '');
  });
}

test('an unknown extension is refused before anything runs', () => {
  const r = cli('run', 'tests/fixtures/runner/README.txt');
  assert.equal(r.status, 2);
});

test(
  "a SIGKILLed engine: its launcher ends the tree at once; the next start clears its record and temp folders and spares a stranger handed the program's pid",
  { timeout: 60_000 },
  async (t) => {
    const base = mkdtempSync(join(tmpdir(), 'hangtime-cli-test-'));
    try {
      const killed = await killEngineMidRun(base);
      const { root, launcher } = killed.entry;
      assert.ok(launcher, 'the run had a launcher');
      assert.deepEqual(killed.tmpDirs.map((n) => n.replace(/-\d+\.\d+-.*/, '')).sort(), [
        'hangtime-fifos',
        'hangtime-run',
      ]);
      assert.deepEqual(await waitGone([root, launcher], 3000), [], 'the lifeline ended the tree without any sweep');
      let stranger: ProcessId | null = null;
      if (isRoot) {
        // PID reuse: the next fork gets ns_last_pid + 1 (retried: the machine forks too).
        for (let i = 0; i < 100 && !stranger; i++) {
          writeFileSync('/proc/sys/kernel/ns_last_pid', String(root.pid - 1));
          const child = spawn('setsid', ['sleep', '600'], { stdio: 'ignore' });
          const id = track(child.pid);
          if (child.pid === root.pid) stranger = id;
          else child.kill('SIGKILL');
        }
        assert.ok(stranger, `could not hand pid ${root.pid} to a stranger`);
        await sleep(50);
      } else t.diagnostic('PID reuse not staged: pinning the next pid (ns_last_pid) needs root');
      const next = spawnSync(process.execPath, [bin, 'run', 'tests/fixtures/runner/hello.ts'], {
        encoding: 'utf8',
        cwd: repoRoot,
        env: { ...process.env, TMPDIR: base },
      });
      assert.equal(next.status, 0, next.stderr);
      if (stranger) assert.equal(isAlive(stranger), true, "the stranger with the dead program's pid lives");
      assert.deepEqual(readdirSync(join(base, `hangtime-${process.getuid?.() ?? 0}`, 'live')), []);
      assert.deepEqual(
        readdirSync(base).filter((n) => n.startsWith('hangtime-run-') || n.startsWith('hangtime-fifos-')),
        [],
        "the killed engine's temporary folders are gone",
      );
      if (stranger) process.kill(stranger.pid, 'SIGKILL');
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  },
);

test('a run through a symlink under tests/fixtures/ that points outside is refused, nothing runs', () => {
  const outside = mkdtempSync(join(tmpdir(), 'hangtime-outside-'));
  const link = join(repoRoot, 'tests', 'fixtures', 'runner', `link-${process.pid}.py`);
  try {
    writeFileSync(join(outside, 'x.py'), 'print("ran")\n');
    symlinkSync(join(outside, 'x.py'), link);
    const r = cli('run', relative(repoRoot, link));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^hangtime: .*runs snippets under runnable\/ or tests\/fixtures\/ only/);
    assert.doesNotMatch(r.stdout, /ran/);
  } finally {
    rmSync(link, { force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

after(async () => {
  const left = await trackedSurvivors();
  killSurvivors();
  assert.deepEqual(left, [], 'a process of these tests is still alive');
});
