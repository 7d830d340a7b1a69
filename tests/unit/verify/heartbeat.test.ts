// The heartbeat names a run in flight for longer than the threshold and where its threads wait,
// read from /proc while a real snippet sleeps; a young run is not reported.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inFlightRuns, runSnippet } from '../../../src/runner/index.ts';
import { startHeartbeat } from '../../../src/verify/heartbeat.ts';
import { fixtureRoot } from './helpers.ts';

const file = `${fixtureRoot}sleepy.py`;

test('a slow run is reported with its threads', async () => {
  const messages: string[] = [];
  const started = Date.now() - 6000;
  const young = { file, shown: 'young one', startedAt: Date.now() + 60_000 };
  const stop = startHeartbeat(
    () => [{ file, shown: 'sleepy.py', startedAt: started }, young],
    inFlightRuns,
    (t) => messages.push(t),
    { afterMs: 5000, everyMs: 250 },
  );
  try {
    const result = await runSnippet(file, {});
    assert.equal(result.outcome.kind, 'exit');
  } finally {
    stop();
  }
  const seen = messages.find((m) => /in (clock_nanosleep|nanosleep|select|pselect6) \(timed\)/.test(m));
  assert.ok(seen, `no message showed the sleeping thread:\n${messages.join('\n---\n')}`);
  assert.match(seen, /^still running \(1\):\n {2}sleepy\.py · \d+ s\n {4}python3\[\d+\]: S /);
  assert.ok(messages.every((m) => !m.includes('young one')));
});
