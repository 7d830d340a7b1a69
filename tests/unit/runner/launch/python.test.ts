// The one python3 of an engine process: the first on PATH that answers, resolved to the real
// interpreter (never a shim), once. What PATH holds is decided per process, so the cases that
// need another PATH run in a Node process of their own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pythonExecutable, resolvePython } from '../../../../src/runner/launch/python.ts';

const module = new URL('../../../../src/runner/launch/python.ts', import.meta.url).href;
const scratch = mkdtempSync(join(tmpdir(), 'hangtime-python-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** resolvePython() and pythonExecutable() in a fresh Node process whose PATH is `path`. */
function resolveWith(path: string): { resolved: unknown; executable: unknown } {
  const code =
    `const m = await import(${JSON.stringify(module)});` +
    'const executable = await m.pythonExecutable();' +
    'console.log(JSON.stringify({ resolved: m.resolvePython(), executable }));';
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    encoding: 'utf8',
    env: { PATH: path, HOME: process.env.HOME ?? '/tmp' },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** A folder holding one executable `python3` script with this body. */
function fakePython(name: string, body: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'python3'), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, 'python3'), 0o755);
  return dir;
}

const real = resolvePython();

test('the python3 on PATH: the real interpreter, its version and its start method; resolved once', async () => {
  assert.ok(real, 'this machine has python3 on PATH');
  assert.ok(existsSync(real.path) && realpathSync(real.path).includes('python'), real.path);
  assert.match(real.version, /^3\.\d+\.\d+/);
  assert.ok(['fork', 'spawn', 'forkserver'].includes(real.startMethod), real.startMethod);
  assert.equal(resolvePython(), real, 'the same answer, not a second probe');
  assert.equal(await pythonExecutable(), real.path);
});

test('a shim first on PATH (pyenv, a wrapper script) resolves to the interpreter it starts', () => {
  const shim = fakePython('shim', `exec ${real!.path} "$@"`);
  const { resolved, executable } = resolveWith(`${shim}:/usr/bin:/bin`);
  assert.deepEqual(resolved, real);
  assert.equal(executable, real!.path);
});

test('a python3 that fails is skipped for the next one on PATH', () => {
  const broken = fakePython('broken', 'exit 1');
  const shim = fakePython('shim', `exec ${real!.path} "$@"`);
  const { resolved, executable } = resolveWith(`${broken}:${shim}:/bin`);
  assert.deepEqual(resolved, real);
  assert.equal(executable, real!.path);
});

test('no python3 on PATH: null, not an error', () => {
  assert.deepEqual(resolveWith(join(scratch, 'nothing-here')), { resolved: null, executable: null });
});
