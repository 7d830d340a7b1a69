// Signal names: a number with two names is named by its first (what Node says of a child's exit),
// and an expectation written with either name is met by that signal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameSignal, signalName } from '../../../src/shared/signals.ts';
import { meetsOutcome, type RunResult } from '../../../src/runner/index.ts';

test('6 is SIGABRT and 29 is SIGIO, never their second names', () => {
  assert.equal(signalName(6), 'SIGABRT');
  assert.equal(signalName(29), 'SIGIO');
  assert.equal(signalName(9), 'SIGKILL');
  assert.equal(signalName(1000), null);
});

test('SIGIOT and SIGABRT are one signal; SIGABRT and SIGTERM are not', () => {
  assert.ok(sameSignal('SIGIOT', 'SIGABRT'));
  assert.ok(sameSignal('SIGPOLL', 'SIGIO'));
  assert.ok(!sameSignal('SIGABRT', 'SIGTERM'));
  assert.ok(!sameSignal('SIGNOPE', 'SIGNOPE2'));
});

test('an expectation of signal=SIGABRT is met by a program killed by signal 6, whichever name it got', () => {
  for (const [expected, got] of [
    ['SIGABRT', 'SIGABRT'],
    ['SIGIOT', 'SIGABRT'],
    ['SIGABRT', 'SIGIOT'],
  ]) {
    const r = {
      options: { expect: { kind: 'signal', name: expected } },
      outcome: { kind: 'signal', signal: got, killedBy: null },
    } as unknown as RunResult;
    assert.ok(meetsOutcome(r), `${expected} met by ${got}`);
  }
});
