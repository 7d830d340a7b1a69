// A failed autopsy, as the CLI prints it: one line that says why, never a throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderAutopsyText } from '../../../src/explain/autopsy-text.ts';

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
