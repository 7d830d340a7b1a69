// What `hangtime run` loads before and while a short program runs, and what the program gets: the
// speed of `hangtime run` rests on the run path loading no zod and no code for what did not happen
// (the wait-for graph, the autopsy), and on a run's Node keeping its compiled code in the engine's
// private compile cache. These assert what was loaded, not how long it took (bench/cli.ts measures).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runSnippet } from '../../../src/runner/index.ts';
import { privateCacheDir } from '../../../src/shared/cache-dir.ts';
import { repoRoot } from '../../../src/shared/paths.ts';
import { fixture } from '../_support/runner.ts';

const bin = join(repoRoot, 'src', 'cli', 'bin.mjs');

/** The modules (repository-relative, or the specifier of a builtin) a `hangtime` process loaded. */
function modulesLoaded(...args: string[]): { status: number | null; stdout: string; modules: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'hangtime-modules-'));
  try {
    const record = join(dir, 'modules.txt');
    const hook = join(repoRoot, 'tests', 'fixtures', 'cli', 'record-modules.mjs');
    const r = spawnSync(process.execPath, ['--import', hook, bin, ...args], {
      encoding: 'utf8',
      cwd: repoRoot,
      env: { ...process.env, RECORD_MODULES: record },
    });
    const modules = readFileSync(record, 'utf8')
      .trim()
      .split('\n')
      .map((u) => u.replace(`file://${repoRoot}/`, ''));
    return { status: r.status, stdout: r.stdout, modules };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const zod = (m: string) => /zod/.test(m) && !m.endsWith('one-zod.mjs'); // one-zod: the hook that would bundle it
const schemas = (m: string) => /(result|schema|syscall-schema)\.ts$/.test(m) && m.startsWith('src/runner/');

test('hangtime run of a program that exits loads no zod, no schema, no wait-for graph and no autopsy', () => {
  const r = modulesLoaded('run', 'tests/fixtures/runner/hello.ts');
  assert.equal(r.status, 0, r.stdout);
  assert.ok(r.modules.includes('src/runner/run/start.ts'), 'the record holds the engine it loaded');
  assert.deepEqual(r.modules.filter(zod), []);
  assert.deepEqual(r.modules.filter(schemas), []);
  assert.deepEqual(
    r.modules.filter((m) => m.startsWith('src/runner/waits/') && !m.endsWith('unix-diag.ts')),
    [],
  );
  assert.deepEqual(
    r.modules.filter((m) => m.startsWith('src/runner/autopsy/') && !/(launch|channels|order)\.ts$/.test(m)),
    [],
  );
});

test('hangtime run of a hang loads the wait-for graph and the autopsy it needs, and says it hung', () => {
  const r = modulesLoaded('run', 'tests/fixtures/runner/queue-hang.py', '--expect', 'hang');
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /hung, as expected/);
  assert.ok(r.modules.includes('src/runner/waits/verdict.ts'));
  assert.ok(r.modules.includes('src/runner/autopsy/take.ts'));
});

test("a run's Node keeps its compiled code in the engine's private compile cache", async () => {
  const r = await runSnippet(fixture('compile-cache.mjs'));
  assert.equal(r.outcome.kind, 'exit');
  const dir = JSON.parse(r.transcript.chunks.map((c) => c.text).join(''));
  const cache = privateCacheDir('node-compile-cache');
  assert.ok(cache, 'this machine has a private cache folder');
  assert.ok(dir.startsWith(cache!), `${dir} is under ${cache}`);
  const mode = statSync(cache!).mode & 0o777;
  assert.equal(mode & 0o022, 0, `the cache folder is not writable by others (mode ${mode.toString(8)})`);
});

test('where every cache folder is writable by others, a run gets no compile cache (and says nothing false)', () => {
  const root = mkdtempSync(join(tmpdir(), 'hangtime-open-cache-'));
  try {
    // XDG_CACHE_HOME, HOME and TMPDIR each hold a hangtime cache folder that anyone may write.
    const uid = process.getuid?.() ?? 0;
    const env = { XDG_CACHE_HOME: join(root, 'xdg'), HOME: join(root, 'home'), TMPDIR: join(root, 'tmp') };
    for (const dir of [
      join(env.XDG_CACHE_HOME, 'hangtime', 'node-compile-cache'),
      join(env.HOME, '.cache', 'hangtime', 'node-compile-cache'),
      join(env.TMPDIR, `hangtime-${uid}`, 'node-compile-cache'),
    ]) {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o777);
    }
    const r = spawnSync(process.execPath, [bin, 'run', 'tests/fixtures/runner/compile-cache.mjs'], {
      encoding: 'utf8',
      cwd: repoRoot,
      env: { ...process.env, ...env, NODE_COMPILE_CACHE: join(root, 'cli-cache') },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^null\n/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
