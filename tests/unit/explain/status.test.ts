// The status line in the engine's words (CLI, verify) and in the reader's (a page): the same facts,
// the expectation said as the chapter's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkExpectation, formatStatus, readerStatus } from '../../../src/explain/status.ts';
import type { RunResult } from '../../../src/runner/schema.ts';

const result = (outcome: Partial<RunResult['outcome']>, expect: RunResult['options']['expect']) =>
  ({
    outcome: {
      kind: 'exit',
      code: 0,
      signal: null,
      killedBy: null,
      leftBehind: 0,
      leftovers: [],
      limits: [],
      method: 'proc',
      containment: null,
      ...outcome,
    },
    options: { expect, timeoutMs: 20_000, waitBoundMs: null, allowLeftovers: false },
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

// A run that exited as expected but left a process alive: the expectation says what failed it, the
// leftovers are named as the kill found them; a result that kept only the count names none.
test('leftovers: what was expected is said whole, and who was left is named', () => {
  const left = {
    killedBy: 'leftovers' as const,
    leftBehind: 1,
    leftovers: [{ pid: 812, startTicks: 5, command: 'sleep 30' }],
  };
  const r = result(left, { kind: 'exit', code: 0 });
  assert.equal(
    formatStatus(r),
    'FAILED: expected exit 0 with nothing left behind, exited 0 · 338 ms · ' +
      'left 1 process alive after it exited: sleep 30 (pid 812) · process tree killed',
  );
  assert.equal(
    checkExpectation(r).message,
    'runnable/x.py: expected exit 0 with nothing left behind, but it left 1 process alive after it exited: ' +
      'sleep 30 (pid 812), killed\n(no output)',
  );
  // Another outcome than the one expected is said too, then the leftovers.
  const other = result({ ...left, code: 3 }, { kind: 'exit', code: 0 });
  assert.match(checkExpectation(other).message, /but it exited 3 and left 1 process alive after it exited: sleep 30/);
  // Only the count kept (a frozen record): nothing named, nothing made up.
  const counted = result({ ...left, leftBehind: 2, leftovers: [] }, { kind: 'exit', code: 0 });
  assert.match(formatStatus(counted), / · left 2 processes alive after it exited · process tree killed$/);
  // Allowed leftovers pass, and are still said.
  const allowed = { ...r, options: { ...r.options, allowLeftovers: true } } as RunResult;
  assert.equal(
    formatStatus(allowed),
    'exited 0 · 338 ms · left 1 process alive after it exited: sleep 30 (pid 812) · process tree killed',
  );
});
