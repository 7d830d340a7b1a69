// The environment a snippet runs in is built by the engine, never inherited from whoever runs the
// engine; Python's buffering and colour are decisions of the run, stated in it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { delimiter, dirname } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildEnv, hostInfo, tsxLoader } from '../../../../src/runner/launch/env.ts';
import { RunOptions, type RunOptionsInput } from '../../../../src/runner/result.ts';

const extra = { runId: 'r1', publishFile: '/tmp/run/published.jsonl', tmp: '/tmp/run' };
const build = (o: RunOptionsInput = {}, launch: Record<string, string> = {}) =>
  buildEnv(RunOptions.parse(o), extra, launch);

// What the machine running the engine may have set; a reader's machine does not.
const saved = { ...process.env };
Object.assign(process.env, {
  PYTHONUNBUFFERED: '1',
  PYTHONPATH: '/somewhere/else',
  NODE_OPTIONS: '--max-old-space-size=64',
  FORCE_COLOR: '3',
  HANGTIME_TEST_SECRET: 'not for snippets',
  LANG: 'fr_FR.UTF-8',
  TZ: 'Europe/Paris',
});
after(() => (process.env = saved));

test("nothing of the caller's environment is inherited but PATH and HOME", () => {
  const env = build();
  assert.deepEqual(Object.keys(env).sort(), [
    'HANGTIME_PUBLISH',
    'HANGTIME_RUN_ID',
    'HOME',
    'LANG',
    'LC_ALL',
    'NO_COLOR',
    'PATH',
    'PYTHONDONTWRITEBYTECODE',
    'PYTHONUNBUFFERED',
    'TERM',
    'TMPDIR',
    'TZ',
  ]);
  assert.deepEqual(
    [env.LANG, env.LC_ALL, env.TZ, env.TERM, env.TMPDIR, env.HOME],
    ['C.UTF-8', 'C.UTF-8', 'UTC', 'dumb', '/tmp/run', process.env.HOME],
  );
  assert.deepEqual([env.HANGTIME_RUN_ID, env.HANGTIME_PUBLISH], ['r1', '/tmp/run/published.jsonl']);
});

test("the engine's Node comes first on PATH, once; the rest of PATH keeps its order", () => {
  const nodeDir = dirname(process.execPath);
  const path = build().PATH!.split(delimiter);
  assert.equal(path[0], nodeDir);
  assert.equal(path.filter((d) => d === nodeDir).length, 1);
  assert.deepEqual(
    path.slice(1),
    process.env.PATH!.split(delimiter).filter((d) => d !== nodeDir),
  );
});

test("Python's buffering: unbuffered by default, as a terminal shows it; 'default' is a pipe's block buffering", () => {
  assert.equal(build().PYTHONUNBUFFERED, '1');
  assert.equal('PYTHONUNBUFFERED' in build({ pythonBuffering: 'default' }), false, 'even though the caller set it');
});

test('colour: NO_COLOR unless the run asks for colour, then FORCE_COLOR=1 and no NO_COLOR', () => {
  const plain = build();
  assert.deepEqual([plain.NO_COLOR, 'FORCE_COLOR' in plain], ['1', false]);
  const colour = build({ color: true });
  assert.deepEqual([colour.FORCE_COLOR, 'NO_COLOR' in colour], ['1', false]);
});

test("the run's own variables win; its PYTHONPATH and NODE_OPTIONS go after the launch hooks'", () => {
  const launch = { PYTHONPATH: '/hooks/py', NODE_OPTIONS: '--require=/hooks/node.cjs' };
  const env = build({ env: { TZ: 'Asia/Tokyo', PYTHONPATH: '/mine', NODE_OPTIONS: '--no-warnings' } }, launch);
  assert.equal(env.TZ, 'Asia/Tokyo');
  assert.equal(env.PYTHONPATH, `/hooks/py${delimiter}/mine`);
  assert.equal(env.NODE_OPTIONS, '--require=/hooks/node.cjs --no-warnings');
  assert.deepEqual(
    [build({}, launch).PYTHONPATH, build({}, launch).NODE_OPTIONS],
    [launch.PYTHONPATH, launch.NODE_OPTIONS],
  );
});

test('the host: this machine, with Python only for runs that use it', () => {
  const host = hostInfo(false);
  assert.equal(host.python, null);
  assert.equal(host.node, process.version);
  assert.match(host.kernel, /^\d+\.\d+/);
  assert.ok(host.cpus > 0);
  const withPython = hostInfo(true);
  assert.ok(withPython.python && existsSync(withPython.python.path), JSON.stringify(withPython.python));
});

test("tsx's loader resolves from this package to a file that exists, whatever the cwd", () => {
  assert.ok(tsxLoader.startsWith('file://'));
  assert.ok(existsSync(fileURLToPath(tsxLoader)), tsxLoader);
});

test("a run's env option cannot change the engine's own variables (the run id finds escaped processes)", () => {
  const env = build({ env: { HANGTIME_RUN_ID: 'not-mine', HANGTIME_PUBLISH: '/elsewhere', OTHER: 'kept' } });
  assert.deepEqual([env.HANGTIME_RUN_ID, env.HANGTIME_PUBLISH, env.OTHER], ['r1', '/tmp/run/published.jsonl', 'kept']);
});
