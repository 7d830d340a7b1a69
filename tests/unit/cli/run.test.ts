// `hangtime run` for any program: a file anywhere (outside the repository, run where the reader
// stands) and any command after `--`, with the status line, the autopsy and the exit codes of a
// snippet run (0 met the expectation, 1 not, 2 bad input: nothing ran). Each test proves that no
// process of its program is left.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../../../src/shared/paths.ts';

const bin = join(repoRoot, 'src', 'cli', 'bin.mjs');
const home = mkdtempSync(join(tmpdir(), 'hangtime-cli-'));
after(() => rmSync(home, { recursive: true, force: true }));

/** The CLI, started from `cwd` (a folder outside the repository by default). */
const cli = (args: string[], cwd = home) =>
  spawnSync(process.execPath, [bin, 'run', ...args], { encoding: 'utf8', cwd, timeout: 60_000 });

/** Pids of live processes whose command line contains `mark`. */
function alive(mark: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'latin1');
      const state = readFileSync(`/proc/${name}/stat`, 'latin1').split(') ')[1]?.[0];
      if (cmd.includes(mark) && state !== 'Z') out.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return out;
}

function write(name: string, text: string): string {
  const file = join(home, name);
  writeFileSync(file, text);
  return file;
}

test('a .py file outside the repository runs where the reader stands: its output, the status line, exit 0', () => {
  write('data.txt', 'from the current folder\n');
  write('mine.py', 'print(open("data.txt").read().strip())\n');
  const r = cli(['./mine.py']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^from the current folder\n\n✓ exited 0 · \d+ ms\n$/);
});

test('a hanging .mjs file anywhere: exit 1 against the default expectation, with the autopsy', () => {
  const file = write(
    'stuck-pair.mjs',
    "import { spawn } from 'node:child_process';\n" +
      "if (process.argv[2] === 'child') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\n" +
      "else spawn(process.execPath, [process.argv[1], 'child'], { stdio: ['ignore', 'pipe', 'inherit'] }).on('close', () => {});\n",
  );
  const r = cli([file]);
  assert.equal(r.status, 1);
  assert.match(
    r.stdout,
    /✗ FAILED: expected exit 0, hung · confirmed \d+ ms after it went quiet · process tree killed/,
  );
  assert.match(r.stdout, /autopsy \(taken in \d+ ms\):\n {2}The parent is idle in its event loop/);
  assert.match(r.stderr, /stuck-pair\.mjs: expected exit 0, but it hung/);
  assert.deepEqual(alive('stuck-pair.mjs'), []);
  const ok = cli(['--expect', 'hang', file]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /✓ hung, as expected/);
});

test('-- COMMAND: any executable on PATH, its arguments as given; the result records what ran', () => {
  const code = 'import os, sys; r, w = os.pipe(); print("reading", flush=True); os.read(r, 1)';
  const r = cli(['--expect', 'hang', '--json', '--', 'python3', '-c', code, 'hangtime-cli-mark']);
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
  const r = cli(['--env', 'GREETING=hello there', '--', 'sh', '-c', 'echo "$GREETING"; exit 3']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^hello there\n\n✗ FAILED: expected exit 0, exited 3/);
  assert.match(r.stderr, /sh -c 'echo "\$GREETING"; exit 3': expected exit 0, but it exited 3/);
  const ok = cli(['--expect', 'exit=3', '--', 'sh', '-c', 'exit 3']);
  assert.equal(ok.status, 0, ok.stderr);
});

for (const [args, message] of [
  [['--', 'hangtime-no-such-command'], /hangtime-no-such-command: command not found on PATH/],
  [['--', './nothing-here.sh'], /\.\/nothing-here\.sh: no such executable file/],
  [['--'], /name a file or a command/],
  [['notes.txt'], /unknown extension '\.txt'.*hangtime run -- COMMAND/],
  [['--env', '1BAD=x', '--', 'true'], /--env takes NAME=VALUE or NAME/],
  [['--cwd', '/no/such/dir', '--', 'true'], /--cwd \/no\/such\/dir: no such directory/],
] as const) {
  test(`bad input, nothing runs, exit 2: run ${args.join(' ')}`, () => {
    write('notes.txt', 'not a program\n');
    const r = cli([...args]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, message);
    assert.ok(r.stderr.startsWith('hangtime: '), r.stderr);
    assert.equal(r.stdout, '');
  });
}
