// The autopsy as the CLI prints it: a failed one is one line that says why, never a throw; a taken
// one names who could end each wait.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderAutopsyText } from '../../../src/explain/autopsy-text.ts';
import { hungAutopsy } from '../_support/autopsy.ts';

test('/proc missing or unreadable: one line, no throw', () => {
  const text = renderAutopsyText({
    status: 'failed',
    reason: '/nonexistent-proc is missing or unreadable here, so the waits of the hung processes cannot be read',
  });
  assert.equal(
    text,
    'autopsy: not available (/nonexistent-proc is missing or unreadable here, ' +
      'so the waits of the hung processes cannot be read)',
  );
  assert.equal(text.split('\n').length, 1);
});

test('what the engine stores when the autopsy itself failed renders as one line', () => {
  assert.equal(
    renderAutopsyText({ status: 'failed', reason: 'the autopsy failed (Error: boom)' }),
    'autopsy: not available (the autopsy failed (Error: boom))',
  );
});

// The waiting process as a waker is named by its threads that could end the wait, never "itself":
// the feeder's pipe can be read by the child's main thread; the main thread's futex is the
// feeder's to release.
test('a wait its own process could end names the threads that could, not "itself"', async () => {
  const { norm } = await hungAutopsy('queue-hang.py', ['fork']);
  const text = renderAutopsyText(norm);
  for (const line of text.split('\n').filter((l) => l.includes('woken by')))
    assert.doesNotMatch(line, /\bitself\b|its own memory/);
  const lines = text.split('\n');
  const feeder = lines.findIndex((l) => /thread T\d+ QueueFeederThread/.test(l));
  const main = lines.findIndex((l, i) => i > feeder - 4 && /thread T\d+ MainThread/.test(l));
  assert.match(
    lines.slice(feeder).find((l) => l.includes('waits on'))!,
    /woken by .*its main thread \(fd \d+\)/,
  );
  assert.match(
    lines.slice(main).find((l) => l.includes('waits on'))!,
    /woken by its thread QueueFeederThread/,
  );
});
