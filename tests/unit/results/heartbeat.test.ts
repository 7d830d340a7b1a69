// The heartbeat names a run in flight for longer than the threshold and where its threads wait,
// read from /proc while a real snippet sleeps; a young run is not reported.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSnippet, runsInFlight } from '../../../src/runner/index.ts';
import { startHeartbeat, type InFlight } from '../../../src/results/heartbeat.ts';
import { fixtureRoot } from '../_support/verify.ts';

const file = `${fixtureRoot}sleepy.py`;

test('a slow run is reported with its threads', async () => {
  const messages: string[] = [];
  const started = Date.now() - 6000;
  const young = { shown: 'young one', startedAt: Date.now() + 60_000 };
  const job: InFlight = { shown: 'sleepy.py', startedAt: started };
  const stop = startHeartbeat(
    () => [job, young],
    runsInFlight,
    (t) => messages.push(t),
    { afterMs: 5000, everyMs: 250 },
  );
  try {
    const result = await runSnippet(file, {}, { onStart: ({ runId }) => (job.runId = runId) });
    assert.equal(result.outcome.kind, 'exit');
  } finally {
    stop();
  }
  const seen = messages.find((m) => /: (sleep|select, with a timeout|pselect6, with a timeout)$/m.test(m));
  assert.ok(seen, `no message showed the sleeping thread:\n${messages.join('\n---\n')}`);
  assert.match(seen, /^still running \(1\):\n {2}sleepy\.py · \d+ s\n {4}python3 \d+, main thread: /);
  assert.ok(messages.every((m) => !m.includes('young one')));
});
