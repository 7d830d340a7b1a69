// The normalized form is the same on every run: it can be frozen and compared across machines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hungAutopsy } from '../../_support/autopsy.ts';
import { renderAutopsyText } from '../../../../src/explain/autopsy-text.ts';

test('two runs of the same hang normalize to the same autopsy, with no pid or inode left', async () => {
  const one = await hungAutopsy('ring.py', ['3']);
  const two = await hungAutopsy('ring.py', ['3']);
  assert.deepEqual(one.norm, two.norm);
  assert.notDeepEqual(
    one.raw.processes.map((p) => p.pid),
    two.raw.processes.map((p) => p.pid),
  );
  const text = renderAutopsyText(one.norm);
  for (const p of one.raw.processes) assert.ok(!text.includes(String(p.pid)), `pid ${p.pid} left in:\n${text}`);
  for (const c of one.raw.channels) assert.ok(!text.includes(String(c.inode)), `inode ${c.inode} left in:\n${text}`);
  assert.match(text, /^ {2}process P1 — the parent — python3 tests\/fixtures\/autopsy\/ring\.py 3$/m);
  assert.match(text, /thread T1 MainThread \[S \w*pipe_write\] write\(fd \d+ → pipe A, 200,000 bytes\)/);
  // Every main thread is blocked writing: a signal would cut the write short, so no stacks.
  assert.match(text, /stacks: not taken: the main thread is blocked in write\(\), which a signal would cut short/);
});
