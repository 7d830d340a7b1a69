// The engine's cache: a hit executes nothing; the key covers the snippet, the files it imports, the
// options and the engine's own code (src/runner, src/shared), and nothing that only explains a run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCached } from '../../../src/runner/index.ts';
import { cacheable, cacheKey } from '../../../src/runner/cache.ts';
import { LockTimeoutError } from '../../../src/shared/lock.ts';
import { identify, signalIfSame } from '../../../src/shared/process.ts';
import { repoRoot } from '../../../src/shared/paths.ts';
import { fixture } from '../_support/runner.ts';
import { fixture as contained } from './contain/helpers.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'hangtime-cache-test-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

test("a cache hit executes nothing and keeps the first run's date", async () => {
  const first = await runCached(fixture('hello.ts'), {}, { cacheDir });
  assert.equal(first.hit, false);
  const second = await runCached(fixture('hello.ts'), {}, { cacheDir });
  assert.equal(second.hit, true);
  assert.equal(second.result.runId, first.result.runId, 'the same run, not a new one');
  assert.equal(second.result.startedAt, first.result.startedAt);
});

test('the key changes with the snippet bytes and with the options', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hangtime-key-'));
  const file = join(dir, 'x.py');
  writeFileSync(file, 'print(1)\n');
  const a = cacheKey(file, {});
  assert.notEqual(cacheKey(file, { args: ['1'] }), a);
  writeFileSync(file, 'print(2)\n');
  assert.notEqual(cacheKey(file, {}), a);
  rmSync(dir, { recursive: true });
});

test('the key covers a repository file the snippet imports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hangtime-key-'));
  writeFileSync(join(dir, 'main.ts'), "import { x } from './helper.ts';\nconsole.log(x);\n");
  writeFileSync(join(dir, 'helper.ts'), 'export const x = 1;\n');
  const a = cacheKey(join(dir, 'main.ts'), {});
  writeFileSync(join(dir, 'helper.ts'), 'export const x = 2;\n');
  assert.notEqual(cacheKey(join(dir, 'main.ts'), {}), a);
  rmSync(dir, { recursive: true });
});

/**
 * A private copy of src/ (with package.json and a link to node_modules), so its files can be edited
 * while this repository's stay as they are. The copy hashes its own src/ (repoRoot comes from
 * where src/shared/paths.ts is); the fixture site's chapters and snippets are read where they are.
 */
function copySources(): { root: string; edit(rel: string, from: string, to: string): void; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'hangtime-sources-'));
  cpSync(join(repoRoot, 'src'), join(root, 'src'), { recursive: true });
  cpSync(join(repoRoot, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  return {
    root,
    edit: (rel, from, to) => {
      const before = readFileSync(join(root, rel), 'utf8');
      const after = from ? before.replace(from, to) : before + to;
      assert.notEqual(after, before, `${rel}: "${from}" not found`);
      writeFileSync(join(root, rel), after);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

test('editing the words, components, verify or frozen code re-executes no run; editing the engine does', () => {
  const copy = copySources();
  const site = join(repoRoot, 'tests/fixtures/site');
  const env = {
    ...process.env,
    HANGTIME_RUNS: 'auto',
    HANGTIME_CONTENT_DIR: join(site, 'chapters'),
    HANGTIME_RUNNABLE_DIR: join(site, 'runnable'),
    HANGTIME_STATE_DIR: join(copy.root, 'state'),
    HANGTIME_CACHE_DIR: join(copy.root, 'cache'),
  };
  /** The build's run step (executeChapters) of the copy, in a fresh process: how each run was resolved. */
  const build = () => {
    const code =
      `const { executeChapters } = await import(${JSON.stringify(join(copy.root, 'src/integration/execute.ts'))});` +
      `const s = await executeChapters({ root: ${JSON.stringify(copy.root)}, log: () => {} });` +
      'console.log(JSON.stringify({ total: s.total, executed: s.executed, hits: s.hits, frozen: s.frozen }));';
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: copy.root,
      env,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
  };
  try {
    const first = build();
    assert.ok(first.total >= 5, `${first.total} runs`);
    assert.deepEqual(first, { total: first.total, executed: first.total, hits: 0, frozen: 0 });

    // A word of the diagnosis, and a change in each folder that only explains or stores a run.
    copy.edit('src/explain/diagnose.ts', "'Nobody will read'", "'No one will read'");
    copy.edit('src/explain/drawing.ts', '', '\n// the drawing, edited\n');
    copy.edit('src/explain/timeline.ts', '', '\n// the timeline, edited\n');
    copy.edit('src/components/Run.astro', '', '\n<!-- the component, edited -->\n');
    copy.edit('src/components/format.ts', '', '\n// a format, edited\n');
    copy.edit('src/verify/compare.ts', '', '\n// verify, edited\n');
    copy.edit('src/frozen/document.ts', '', '\n// the frozen document, edited\n');
    assert.deepEqual(build(), { total: first.total, executed: 0, hits: first.total, frozen: 0 });

    // The engine's code produces the facts: a change there is a new engine, and every run runs again.
    copy.edit('src/runner/watch/watch.ts', '', '\n// the watcher, edited\n');
    assert.deepEqual(build(), { total: first.total, executed: first.total, hits: 0, frozen: 0 });
  } finally {
    copy.remove();
  }
});

describe('only deterministic outcomes are cached', () => {
  test('a timeout, a cap hit and an outside kill are run again; an expected signal is kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hangtime-transient-'));
    try {
      const timeout = { timeoutMs: 300, expect: { kind: 'timeout' as const } };
      assert.equal(
        (await runCached(fixture('cpu-loop.ts'), timeout, { cacheDir: dir })).result.outcome.kind,
        'timeout',
      );
      assert.equal((await runCached(fixture('cpu-loop.ts'), timeout, { cacheDir: dir })).hit, false);

      const capped = { maxProcesses: 5 };
      const cap = await runCached(fixture('many-children.py'), capped, { cacheDir: dir });
      assert.equal(cap.result.outcome.killedBy, 'limit');
      assert.equal((await runCached(fixture('many-children.py'), capped, { cacheDir: dir })).hit, false);

      // Killed from outside (the OOM killer, a stray kill): SIGKILL to the program while it sleeps.
      const slow = { args: ['2'] };
      const killed = await runCached(contained('slow-exit.py'), slow, {
        cacheDir: dir,
        effects: {
          onStart: ({ rootPid }) => {
            const id = identify(rootPid)!;
            setTimeout(() => signalIfSame(id, 'SIGKILL'), 300);
          },
        },
      });
      assert.equal(killed.result.outcome.kind, 'signal');
      assert.equal(killed.result.outcome.signal, 'SIGKILL');
      const again = await runCached(contained('slow-exit.py'), slow, { cacheDir: dir });
      assert.equal(again.hit, false, 'the killed run was not served');
      assert.equal(again.result.outcome.kind, 'exit');
      assert.equal((await runCached(contained('slow-exit.py'), slow, { cacheDir: dir })).hit, true);

      const term = { expect: { kind: 'signal' as const, name: 'SIGTERM' } };
      assert.equal(
        (await runCached(fixture('self-term.py'), term, { cacheDir: dir })).result.outcome.signal,
        'SIGTERM',
      );
      assert.equal((await runCached(fixture('self-term.py'), term, { cacheDir: dir })).hit, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('cacheable(): broken containment and a failed autopsy are not kept', async () => {
    const { result } = await runCached(fixture('hello.ts'), {}, { cacheDir });
    assert.equal(cacheable(result), true);
    const o = result.outcome;
    assert.equal(cacheable({ ...result, outcome: { ...o, killedBy: 'interrupted' } }), false);
    assert.equal(
      cacheable({
        ...result,
        outcome: { ...o, containment: { mechanism: 'subreaper', held: false, reason: 'its launcher died' } },
      }),
      false,
    );
    assert.equal(cacheable({ ...result, autopsy: { status: 'failed', reason: 'it took too long' } }), false);
  });
});

describe("a key's lock", () => {
  const lockOf = (file: string) => join(cacheDir, `${cacheKey(file, {})}.json.lock`);

  test('held by a live unrelated process: the wait names it and gives up after the bound', async () => {
    const init = identify(1)!;
    const lock = lockOf(fixture('exit3.py'));
    writeFileSync(lock, JSON.stringify({ ...init, command: 'init', since: new Date().toISOString() }));
    const heard: string[] = [];
    try {
      await assert.rejects(
        runCached(
          fixture('exit3.py'),
          {},
          {
            cacheDir,
            lockTimeoutMs: 1200,
            onLockWait: (w) => heard.push(w.state.kind === 'held' ? `pid ${w.state.holder.pid}` : w.state.why),
          },
        ),
        (e: Error) =>
          e instanceof LockTimeoutError &&
          /gave up after 1 s waiting for the lock .*held by pid 1 \(init\)/.test(e.message),
      );
      assert.deepEqual(heard.slice(0, 1), ['pid 1']);
    } finally {
      rmSync(lock, { force: true });
    }
  });

  test('an empty lock file (a kill between creating and writing it) is taken over after the grace', async () => {
    const lock = lockOf(fixture('read-stdin.py'));
    writeFileSync(lock, '');
    const t0 = Date.now();
    const r = await runCached(fixture('read-stdin.py'), {}, { cacheDir, onLockWait: () => {} });
    assert.equal(r.hit, false);
    assert.ok(Date.now() - t0 >= 1900, 'not before the grace');
  });

  test('naming a pid that now belongs to another process (another start time): taken at once', async () => {
    const lock = lockOf(fixture('env.py'));
    writeFileSync(lock, JSON.stringify({ pid: process.pid, startTicks: 1, command: 'old', since: 'then' }));
    const t0 = Date.now();
    const r = await runCached(fixture('env.py'), {}, { cacheDir, onLockWait: () => assert.fail('no wait') });
    assert.equal(r.hit, false);
    assert.ok(Date.now() - t0 < 1900);
  });
});
