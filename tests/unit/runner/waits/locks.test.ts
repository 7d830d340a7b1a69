// File locks: a holder outside the run is an outside waker (waiting); a holder inside, itself blocked,
// closes the graph (hang).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, test } from 'node:test';
import { firstLine, killAll, lookUntil, outside, python, show, start, startFixture, waiting } from './harness.ts';

const dir = mkdtempSync(`${tmpdir()}/waits-locks-`);
after(async () => {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

for (const kind of ['flock', 'posix', 'ofd'] as const) {
  const a = { flock: 'a flock', posix: 'a POSIX', ofd: 'an OFD' }[kind];
  test(`${a} lock held by a process outside the run: waiting, on the holder`, async () => {
    const file = `${dir}/${kind}-outside`;
    writeFileSync(file, '');
    const holder = start(python, [outside + 'lock-hold.py', file, kind, '30'], { stdout: 'pipe' });
    await firstLine(holder);
    const run = startFixture('flock-wait.py', [file, kind]);
    const isWaiting = (v: { kind: string; outside?: { waker: { kind: string; pid?: number } }[] }) =>
      v.kind === 'waiting' && v.outside!.some((o) => o.waker.kind === 'process' && o.waker.pid === holder.pid);
    const { verdict, facts, seen } = await lookUntil(run.pid!, isWaiting);
    assert.ok(isWaiting(verdict), show(verdict));
    assert.ok(!seen.some((v) => v.kind === 'hang'), `said hang: ${show(seen)}`);
    const t = waiting(facts, 'lock');
    assert.equal(t.on.kind === 'lock' && t.on.lock, kind);
    // An OFD lock's owner reads -1 in /proc/locks: its holder is whoever holds an fd on the file.
    const role = t.wakers.outside.find((o) => o.kind === 'process' && o.pid === holder.pid);
    assert.ok(role?.kind === 'process' && role.role.role === (kind === 'ofd' ? 'holds' : 'locks'), show(t.wakers));
  });

  test(`${a} lock held by a sibling that is itself blocked: hang`, async () => {
    const file = `${dir}/${kind}-sibling`;
    writeFileSync(file, '');
    const run = startFixture('lock-sibling.py', [file, kind]);
    const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 3 });
    assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads }));
    const t = waiting(facts, 'lock');
    assert.ok(
      t.wakers.inside.some((w) => w.role.role === (kind === 'ofd' ? 'holds' : 'locks') && w.pid !== t.pid),
      show(t.wakers),
    );
  });
}
