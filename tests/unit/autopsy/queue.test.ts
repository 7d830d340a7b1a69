// Bob's hang under the fork and spawn start methods: the feeder thread, the full pipe, both
// read ends — the same cycle either way; under spawn the resource tracker folds into one line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hungAutopsy, diagnose, groupHousekeeping } from './harness.ts';

for (const method of ['fork', 'spawn'] as const) {
  test(`Python queue hang (${method}): the feeder thread writes into a full pipe nobody reads`, async () => {
    const { raw, norm } = await hungAutopsy('queue-hang.py', [method]);
    assert.equal(
      diagnose(norm),
      "The child's thread QueueFeederThread is blocked writing 100,009 bytes into pipe A, which is full. " +
        'Its read end is open in the parent, which is waiting for the child to exit, and in the child itself, ' +
        'whose main thread is waiting for QueueFeederThread to finish. Nobody will read: neither can move.',
    );
    // The raw form names the real pipe: the inode the feeder's fd points to.
    const child = raw.processes.find((p) => p.threads.some((t) => t.name === 'QueueFeederThread'))!;
    const feeder = child.threads.find((t) => t.name === 'QueueFeederThread')!;
    const fd = child.fds.find((f) => f.fd === feeder.syscall.fd)!;
    assert.match(diagnose(raw), new RegExp(`into pipe ${fd.inode}, which is full`));
    assert.equal(fd.dir, 'write');
    assert.deepEqual(raw.channels.find((c) => c.inode === fd.inode)?.capacity, 65536);
    // Stacks came from faulthandler through the startup hook: the join and the write, in the source.
    assert.equal(feeder.stack?.[0]?.func, '_send');
    assert.ok(child.threads.find((t) => t.isMain)!.stack!.some((f) => f.func === 'join'));
    assert.ok(raw.processes[0]!.threads[0]!.stack!.some((f) => f.file.endsWith('queue-hang.py')));
    const housekeeping = groupHousekeeping(norm).map((g) => `${g.count} × ${g.label}`);
    assert.deepEqual(
      housekeeping.filter((g) => /resource tracker/.test(g)),
      method === 'spawn' ? ["1 × Python's resource tracker"] : [],
    );
    assert.equal(norm.processes.filter((p) => !p.housekeeping).length, 2);
  });
}
