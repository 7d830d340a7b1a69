// `hangtime run`'s command line (run-args.ts) and its door: each mistake is one line naming the
// argument or the file and what to write instead, exit 2, nothing started; an unreadable file is
// refused as a normal user before any interpreter sees it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseRun } from '../../../src/cli/run-args.ts';
import { repoRoot } from '../../../src/shared/paths.ts';

const range = /durations are 1 ms to 2\^31-1 ms \(2147483647 ms, about 24\.8 days\), e\.g\. 500ms, 60s or 2m$/;
for (const [args, message] of [
  [['--timeout', '0', 'x.py'], /^--timeout 0: duration '0' has no unit \(ms, s or m\): /],
  [['--timeout', '99999999h', 'x.py'], /^--timeout 99999999h: duration '99999999h' is not a number with a unit/],
  [['--timeout', '0ms', 'x.py'], /^--timeout 0ms: duration '0ms' is shorter than 1 ms: /],
  [['--timeout', '40000m', 'x.py'], /^--timeout 40000m: duration '40000m' is longer than a timer can wait: /],
  [['--timeout', '-5s', 'x.py'], /^--timeout -5s: duration '-5s' is negative: /],
  [['--stuck-after', '-1s', 'x.py'], /^--stuck-after -1s: duration '-1s' is negative: /],
  [['--wait-bound', '5', 'x.py'], /^--wait-bound 5: duration '5' has no unit/],
] as const)
  test(`a duration out of its range or form names the flag and the range: ${args.join(' ')}`, () => {
    assert.throws(
      () => parseRun([...args]),
      (e: Error) => message.test(e.message) && range.test(e.message),
    );
  });

for (const [args, message] of [
  [
    ['--quiet-ms', '-1', 'x.py'],
    /^--quiet-ms -1: takes a whole number of milliseconds from 1 to 2147483647 \(2\^31-1\)/,
  ],
  [['--quiet-ms', '0', 'x.py'], /^--quiet-ms 0: takes a whole number of milliseconds from 1/],
  [['--quiet-ms', '99999999999', 'x.py'], /^--quiet-ms 99999999999: takes a whole number/],
  [
    ['--bogus'],
    new RegExp(
      /^unknown option '--bogus' \(run's options: --expect, --timeout, --quiet-ms, --stuck-after, --wait-bound, /
        .source +
        /--cwd, --env, --json\); an argument for the program goes after --, e\.g\. hangtime run FILE -- --bogus$/
          .source,
    ),
  ],
  [['x.py', '-v'], /^unknown option '-v' .*hangtime run FILE -- -v$/],
  [['--timeout'], /^--timeout needs a value, e\.g\. --timeout 60s$/],
  [['--cwd', '--json', 'x.py'], /^--cwd needs a value, e\.g\. --cwd DIR$/],
  [['--json=1', 'x.py'], /^--json takes no value$/],
  [['--expect', 'soon', 'x.py'], /^--expect soon: expectation 'soon' is not one of: exit, exit=N/],
  [['--cwd', '/no/such/dir', 'x.py'], /^--cwd \/no\/such\/dir: no such directory$/],
  [[], /^run: name a file or a command/],
] as const)
  test(`one clear line, no parseArgs words: run ${args.join(' ')}`, () => {
    assert.throws(
      () => parseRun([...args]),
      (e: Error) => message.test(e.message) && !e.message.includes('\n') && !/ambiguous|positional|"/.test(e.message),
    );
  });

test('arguments after the file, or after -- for a command, are the program’s, dashes and all', () => {
  assert.deepEqual(parseRun(['x.py', '--', '--port', '-5']).options.args, ['--port', '-5']);
  assert.deepEqual(parseRun(['--timeout', '5s', '--', 'sh', '-c', 'exit 3']).options.args, ['-c', 'exit 3']);
  assert.equal(parseRun(['--timeout=5s', 'x.py']).options.timeoutMs, 5000);
});

// ---- An unreadable file, as a user who cannot read it. ----

const home = mkdtempSync(join(tmpdir(), 'hangtime-unread-'));
after(() => rmSync(home, { recursive: true, force: true }));

/** argv that runs `argv` as a user who cannot read a mode-000 file: this one unless it is root, else nobody. */
function asNormalUser(argv: string[]): string[] | string {
  if (process.getuid?.() !== 0) return argv;
  if (!existsSync('/usr/bin/setpriv')) return 'running as root without setpriv: no other user to run as';
  const nobody = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' });
  if (nobody.status !== 0) return 'running as root and there is no user nobody to run as';
  const uid = nobody.stdout.trim();
  return ['/usr/bin/setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', ...argv];
}

test('an unreadable file is refused before anything runs: one line, exit 2, no interpreter started', (t) => {
  chmodSync(home, 0o755);
  const cache = join(home, 'cache');
  const file = join(home, 'unread.py');
  writeFileSync(file, 'open("/tmp/should-not-exist", "w")\n');
  chmodSync(file, 0o000);
  const argv = asNormalUser([process.execPath, join(repoRoot, 'src', 'cli', 'bin.mjs'), 'run', file]);
  if (typeof argv === 'string') return t.skip(argv);
  const [cmd, ...rest] = argv;
  const r = spawnSync(cmd!, rest, {
    encoding: 'utf8',
    cwd: home,
    env: { ...process.env, XDG_CACHE_HOME: cache, HOME: home },
    timeout: 30_000,
  });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^hangtime: cannot read \/.*\/unread\.py \(permission denied\): give your user read access/);
  assert.doesNotMatch(r.stderr, /Errno|EACCES|\n\s+at /, 'no interpreter ran, no stack');
});
