// The `hangtime run` command: output streamed, a status line, exit codes, one clear usage error;
// and `hangtime run` for any program: a file anywhere (outside the repository, run where the reader
// stands) and any command after `--`, with the same status line, autopsy and exit codes (0 met the
// expectation, 1 not, 2 bad input: nothing ran). Each test proves that no process of its program is left.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../../../src/shared/paths.ts';
import { isAlive, type ProcessId } from '../../../src/shared/process.ts';
import { fixture } from '../_support/runner.ts';
import { alive } from '../_support/autopsy.ts';
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
  [['run', 'package.json'], /unknown extension '\.json'/],
  [
    ['run', 'tests/fixtures/runner/hello.ts', '--timeout', 'soon'],
    /--timeout soon: duration 'soon' is not a number with a unit .*durations are 1 ms to 2\^31-1 ms/,
  ],
  [['run', 'tests/fixtures/runner/hello.ts', '--expect', 'explode'], /expectation 'explode' is not one of/],
  [
    ['run', 'tests/fixtures/runner/hello.ts', '--frobnicate'],
    /unknown option '--frobnicate' .*hangtime run FILE -- --frobnicate$/m,
  ],
  [['run', 'tests/fixtures/runner/hello.ts', '--timeout', '40000m'], /longer than a timer can wait/],
  [['run', 'tests/fixtures/runner/hello.ts', '--timeout', '0.1ms'], /shorter than 1 ms/],
  [['run', 'tests/fixtures/runner/hello.ts', '--expect', 'signal=SIGFOO'], /SIGFOO is not one/],
  [['run', 'tests/fixtures/runner/hello.ts', '--expect', 'exit=999'], /exit status from 0 to 255/],
  [
    ['run', 'tests/fixtures/runner'],
    /tests\/fixtures\/runner: is a directory; name one \.py, \.ts, \.mts, \.js, \.mjs or \.cjs file/,
  ],
  [['run'], /name a file or a command/],
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
  'a SIGKILLed engine: its launcher ends the tree at once; ' +
    "the next start clears its record and temp folders and spares a stranger handed the program's pid",
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

after(async () => {
  const left = await trackedSurvivors();
  killSurvivors();
  assert.deepEqual(left, [], 'a process of these tests is still alive');
});

// ---- Any program: a file anywhere, a command after --. ----

const home = mkdtempSync(join(tmpdir(), 'hangtime-cli-'));
after(() => rmSync(home, { recursive: true, force: true }));

/** The CLI, started from `cwd` (a folder outside the repository by default). */
const runIn = (args: string[], cwd = home) =>
  spawnSync(process.execPath, [bin, 'run', ...args], { encoding: 'utf8', cwd, timeout: 60_000 });

function write(name: string, text: string): string {
  const file = join(home, name);
  writeFileSync(file, text);
  return file;
}

test('a .py file outside the repository runs where the reader stands: its output, the status line, exit 0', () => {
  write('data.txt', 'from the current folder\n');
  write('mine.py', 'print(open("data.txt").read().strip())\n');
  const r = runIn(['./mine.py']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^from the current folder\n\n✓ exited 0 · \d+ ms\n$/);
});

test('a hanging .mjs file anywhere: exit 1 against the default expectation, with the autopsy', () => {
  const file = write(
    'stuck-pair.mjs',
    "import { spawn } from 'node:child_process';\n" +
      "if (process.argv[2] === 'child') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\n" +
      "else spawn(process.execPath, [process.argv[1], 'child'], { stdio: ['ignore', 'pipe', 'inherit'] })\n" +
      "  .on('close', () => {});\n",
  );
  const r = runIn([file]);
  assert.equal(r.status, 1);
  assert.match(
    r.stdout,
    /✗ FAILED: expected exit 0, hung · confirmed \d+ ms after it went quiet · process tree killed/,
  );
  assert.match(r.stdout, /autopsy \(taken in \d+ ms\):\n {2}The parent is idle in its event loop/);
  assert.match(r.stderr, /stuck-pair\.mjs: expected exit 0, but it hung/);
  assert.deepEqual(alive('stuck-pair.mjs'), []);
  const ok = runIn(['--expect', 'hang', file]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /✓ hung, as expected/);
});

test('-- COMMAND: any executable on PATH, its arguments as given; the result records what ran', () => {
  const code = 'import os, sys; r, w = os.pipe(); print("reading", flush=True); os.read(r, 1)';
  const r = runIn(['--expect', 'hang', '--json', '--', 'python3', '-c', code, 'hangtime-cli-mark']);
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.snippet.language, 'command');
  assert.equal(result.snippet.sha256, null);
  assert.match(result.snippet.path, /^\/.*python3$/);
  assert.equal(result.argv[0], result.snippet.path);
  assert.deepEqual(result.argv.slice(1), ['-c', code, 'hangtime-cli-mark']);
  assert.equal(result.command, `python3 -c '${code}' hangtime-cli-mark`);
  assert.equal(result.options.cwd, home);
  assert.equal(result.outcome.kind, 'hang');
  assert.equal(result.autopsy.status, 'taken');
  assert.deepEqual(alive('hangtime-cli-mark'), []);
});

test('-- COMMAND that exits: its code decides against the expectation; --env reaches it', () => {
  const r = runIn(['--env', 'GREETING=hello there', '--', 'sh', '-c', 'echo "$GREETING"; exit 3']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^hello there\n\n✗ FAILED: expected exit 0, exited 3/);
  assert.match(r.stderr, /sh -c 'echo "\$GREETING"; exit 3': expected exit 0, but it exited 3/);
  const ok = runIn(['--expect', 'exit=3', '--', 'sh', '-c', 'exit 3']);
  assert.equal(ok.status, 0, ok.stderr);
});

for (const [args, message] of [
  [['--', 'hangtime-no-such-command'], /hangtime-no-such-command: command not found on PATH/],
  [['--', './nothing-here.sh'], /\.\/nothing-here\.sh: no such file/],
  [['--'], /name a file or a command/],
  [['notes.txt'], /unknown extension '\.txt'.*hangtime run -- COMMAND/],
  [['--env', '1BAD=x', '--', 'true'], /--env takes NAME=VALUE or NAME/],
  [['--cwd', '/no/such/dir', '--', 'true'], /--cwd \/no\/such\/dir: no such directory/],
] as const) {
  test(`bad input, nothing runs, exit 2: run ${args.join(' ')}`, () => {
    write('notes.txt', 'not a program\n');
    const r = runIn([...args]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, message);
    assert.ok(r.stderr.startsWith('hangtime: '), r.stderr);
    assert.equal(r.stdout, '');
  });
}

test("run: the program's bytes reach the terminal as written, all of them: binary unchanged, past the cap too", () => {
  const bytes = spawnSync(
    process.execPath,
    [bin, 'run', '--', 'python3', '-c', 'import sys; sys.stdout.buffer.write(bytes(range(256)))'],
    { cwd: repoRoot },
  );
  assert.equal(bytes.status, 0, String(bytes.stderr));
  assert.deepEqual([...bytes.stdout.subarray(0, 256)], [...Array(256).keys()]);
  // 3 MB through a 1 MiB record: the terminal still gets every byte, and the line after them.
  const big = spawnSync(
    process.execPath,
    [bin, 'run', '--', 'sh', '-c', 'head -c 3000000 /dev/zero | tr "\\0" x; echo; echo done >&2'],
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  assert.equal(big.status, 0, big.stderr);
  assert.ok(big.stdout.startsWith('x'.repeat(3_000_000) + '\n'), `${big.stdout.length} characters`);
  assert.match(big.stderr, /^done$/m);
});
