// Without /proc the autopsy says so in one line and never throws.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { takeAutopsy } from '../../../src/runner/index.ts';
import { renderAutopsyText } from '../../../src/explain/autopsy-text.ts';
import { explainAutopsy } from '../../../src/explain/diagnose.ts';

test('/proc missing or unreadable: one line, no throw', async () => {
  const a = await takeAutopsy([process.pid], {
    stacksDir: '/nonexistent',
    rootPid: process.pid,
    procRoot: '/nonexistent-proc',
  });
  assert.equal(a.status, 'failed');
  assert.equal(
    renderAutopsyText(a),
    'autopsy: not available (/nonexistent-proc is missing or unreadable here, so the waits of the hung processes cannot be read)',
  );
  assert.equal(renderAutopsyText(a).split('\n').length, 1);
});

test('processes already gone: one line, no throw', async () => {
  const a = await takeAutopsy([2 ** 22 + 1], { stacksDir: '/nonexistent', rootPid: 2 ** 22 + 1 });
  assert.equal(explainAutopsy(a), "No autopsy: none of the run's processes could be read in /proc.");
});

test('what the engine stores when the autopsy itself failed renders as one line', () => {
  assert.equal(
    renderAutopsyText({ status: 'failed', reason: 'the autopsy failed (Error: boom)' }),
    'autopsy: not available (the autopsy failed (Error: boom))',
  );
  assert.equal(explainAutopsy(null), 'No autopsy was taken.');
});
