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

/** runMany over jobs of delay.py, fresh, logging each start and end as the pool reports them. */
async function runLogged(jobs: { args: string[]; alone?: boolean }[], concurrency: number) {
  const log: string[] = [];
  let active = 0;
  let most = 0;
  const dir = mkdtempSync(join(tmpdir(), 'hangtime-pool-'));
  try {
    const out = await runMany(
      jobs.map((j) => ({ file: fixture('delay.py'), options: { args: j.args, alone: j.alone ?? false } })),
      {
        concurrency,
        fresh: true,
        cacheDir: dir,
        onStart: ({ index }) => {
          log.push(`start ${index}`);
          most = Math.max(most, ++active);
        },
        onProgress: ({ index, done, total }) => {
          log.push(`end ${index}`);
          active--;
          assert.ok(done <= total);
        },
      },
    );
    assert.deepEqual(
      out.map((r) => r.result.outcome.code),
      jobs.map(() => 0),
    );
    return { log, most };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the pool runs as many at once as its concurrency, never more', async () => {
  const jobs = ['0.2', '0.21', '0.22', '0.23'].map((s) => ({ args: [s] }));
  assert.equal((await runLogged(jobs, 2)).most, 2);
});

test('an `alone` job waits for the pool to drain and holds it while it runs', async () => {
  const jobs = [
    { args: ['0.3'] },
    { args: ['0.2'] },
    { args: ['0.25'], alone: true },
    { args: ['0.1'] },
    { args: ['0.15'] },
  ];
  const { log } = await runLogged(jobs, 3);
  const at = (event: string) => log.indexOf(event);
  // Everything started before it has ended when it starts; nothing starts until it has ended.
  assert.ok(at('start 2') > at('end 0') && at('start 2') > at('end 1'), log.join(', '));
  assert.equal(log[at('start 2') + 1], 'end 2', log.join(', '));
  assert.ok(at('start 3') > at('end 2') && at('start 4') > at('end 2'), log.join(', '));
});

test('an empty job list resolves at once', async () => {
  assert.deepEqual(await runMany([], { concurrency: 2 }), []);
});
