// The engine's cache: a hit executes nothing; the key covers the snippet, the files it imports, the
// options and the engine's own code (src/runner, src/shared), and nothing that only explains a run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cacheKey, runCached } from '../../../src/runner/index.ts';
import { repoRoot } from '../../../src/shared/paths.ts';
import { fixture } from '../_support/runner.ts';

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
