// The status line in the engine's words (CLI, verify) and in the reader's (a page): the same facts,
// the expectation said as the chapter's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatStatus, readerStatus } from '../../../src/explain/status.ts';
import type { RunResult } from '../../../src/runner/schema.ts';

const result = (outcome: Partial<RunResult['outcome']>, expect: RunResult['options']['expect']) =>
  ({
    outcome: {
      kind: 'exit',
      code: 0,
      signal: null,
      killedBy: null,
      leftBehind: 0,
      limits: [],
      method: 'proc',
      containment: null,
      ...outcome,
    },
    options: { expect, timeoutMs: 20_000, waitBoundMs: null },
    hang: outcome.kind === 'hang' ? { quietAtMs: 100, confirmedAtMs: 180, confirmedAfterMs: 80 } : null,
    proof: null,
    timing: { wallMs: 338, cpuMs: 20 },
    transcript: { chunks: [], totalBytes: 0, droppedBytes: 0 },
    snippet: { path: 'runnable/x.py', language: 'py' },
    command: 'python3 runnable/x.py',
  }) as unknown as RunResult;

test('a proven hang the chapter expects: the reader reads it was proven, the engine keeps its words', () => {
  const hung = result({ kind: 'hang', killedBy: 'hang' }, { kind: 'hang' });
  assert.equal(formatStatus(hung), 'hung, as expected · confirmed 80 ms after it went quiet · process tree killed');
  assert.equal(
    readerStatus(hung),
    'hung — proven, as the chapter expects · confirmed 80 ms after it went quiet · process tree killed',
  );
});

test('a plain exit reads the same for both; a failed expectation says FAILED for both', () => {
  const ok = result({}, { kind: 'exit', code: 0 });
  assert.equal(readerStatus(ok), 'exited 0 · 338 ms');
  assert.equal(readerStatus(ok), formatStatus(ok));
  const missed = result({}, { kind: 'hang' });
  assert.match(readerStatus(missed), /^FAILED: expected hang, exited 0 · 338 ms$/);
  const nonzero = result({ code: 3 }, { kind: 'exit', code: 3 });
  assert.equal(readerStatus(nonzero), 'exited 3, as the chapter expects · 338 ms');
});

test('without /proc a run that does not end is not called hung: it times out, "not proven", and says why', () => {
  const silent = result({ kind: 'timeout', killedBy: 'timeout', method: 'quiet-window' }, { kind: 'hang' });
  assert.equal(
    formatStatus(silent),
    'FAILED: expected hang, timed out after 20.00 s · ' +
      "not proven hung: no /proc here, so no thread's wait could be seen · process tree killed",
  );
  assert.equal(readerStatus(silent), formatStatus(silent));
});
