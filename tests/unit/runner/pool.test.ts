// runMany: many snippets through the cache, a pool sized to the cores.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runMany } from '../../../src/runner/index.ts';
import { fixture } from '../_support/runner.ts';

test('runMany: results in job order whatever the pool size', async () => {
  const jobs = [fixture('hello.ts'), fixture('exit3.py'), fixture('read-stdin.py')].map((file) => ({
    file,
    options: { expect: { kind: 'exit' as const, code: file.endsWith('exit3.py') ? 3 : 0 } },
  }));
  for (const concurrency of [1, 3]) {
    const dir = mkdtempSync(join(tmpdir(), 'hangtime-pool-'));
    const out = await runMany(jobs, { concurrency, cacheDir: dir });
    assert.deepEqual(
      out.map((r) => r.result.outcome.code),
      [0, 3, 0],
    );
    rmSync(dir, { recursive: true });
  }
});
