import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cacheKey, runCached } from '../../../src/runner/index.ts';
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
