// A pending alarm whose SIGALRM is not caught ends the process: /proc does not show one, so the
// Python startup hook notes alarm() and setitimer(), and the analysis counts it as a timer. Runs
// through the engine (the hook is the engine's).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runSnippet } from '../../../../src/runner/index.ts';
import { hangs } from './harness.ts';

test('an uncaught alarm pending: not hung; it runs until SIGALRM ends it', async () => {
  const r = await runSnippet(join(hangs, 'alarm-default.py'), { args: ['2'], timeoutMs: 10_000 });
  assert.equal(r.outcome.kind, 'signal', JSON.stringify(r.outcome));
  assert.equal(r.outcome.signal, 'SIGALRM');
  assert.equal(r.hang, null);
});

test('an alarm set then cancelled: hung, as before', async () => {
  const r = await runSnippet(join(hangs, 'alarm-default.py'), { args: ['0'], expect: { kind: 'hang' } });
  assert.equal(r.outcome.kind, 'hang', JSON.stringify(r.outcome));
});

test('while the alarm is pending, the judgement names it as what wakes the program', async () => {
  const r = await runSnippet(join(hangs, 'alarm-default.py'), {
    args: ['30'],
    timeoutMs: 1500,
    expect: { kind: 'timeout' },
  });
  assert.equal(r.outcome.kind, 'timeout', JSON.stringify(r.outcome));
  assert.match(JSON.stringify(r.proof), /alarm\(\) pending: SIGALRM ends the process in \d+ ms/);
});
