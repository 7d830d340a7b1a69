// Pipes and FIFOs: every holder of the other end counts, inside or outside the run.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, test } from 'node:test';
import {
  atDoor,
  firstLine,
  killAll,
  look,
  lookUntil,
  outside,
  python,
  settle,
  show,
  sleep,
  start,
  startFixture,
  waiting,
} from './harness.ts';

const dir = mkdtempSync(`${tmpdir()}/waits-pipes-`);
after(async () => {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

test('a FIFO whose writer is outside the run: waiting, on the writer (and on anyone who opens the FIFO)', async () => {
  const fifo = `${dir}/late`;
  execFileSync('mkfifo', [fifo]);
  const writer = start(python, [outside + 'fifo-write-late.py', fifo, '30'], { stdout: 'pipe' });
  const run = startFixture('fifo-read.py', [fifo]);
  await firstLine(writer);
  const isWaiting = (v: { kind: string; outside?: { waker: { kind: string; pid?: number } }[] }) =>
    v.kind === 'waiting' && v.outside!.some((o) => o.waker.kind === 'process' && o.waker.pid === writer.pid);
  const { verdict, facts, seen } = await lookUntil(run.pid!, isWaiting);
  assert.ok(isWaiting(verdict), show(verdict));
  assert.ok(atDoor(verdict, 'open'), 'a named FIFO can be opened by anyone');
  assert.ok(!seen.some((v) => v.kind === 'hang'), `said hang: ${show(seen)}`);
  assert.equal(waiting(facts, 'pipe').on.kind, 'pipe');
});

test('opening a FIFO nobody opens at the other end: waiting, for anyone to open it', async () => {
  const fifo = `${dir}/nobody`;
  execFileSync('mkfifo', [fifo]);
  const run = startFixture('fifo-read.py', [fifo]);
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'waiting');
  assert.ok(atDoor(verdict, 'open', fifo), show(verdict));
  assert.equal(waiting(facts, 'fifo-open').on.kind, 'fifo-open');
});

test('an unlinked FIFO shared by a parent and its child, both reading: hang', async () => {
  const run = startFixture('fifo-pair-read.py');
  const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 2 });
  assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads }));
  const t = waiting(facts, 'pipe');
  assert.ok(t.on.kind === 'pipe' && t.on.fifo?.endsWith('(deleted)'), show(t.on));
});

test(
  'Node: a parent waits for close of a child that exited ' + "while its grandchild holds the child's stdout: hang",
  async () => {
    const run = startFixture('node-grandchild-holds-pipe.ts');
    const { verdict, facts } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 2 });
    assert.equal(verdict.kind, 'hang', show({ verdict, threads: facts.threads.filter((t) => !t.housekeeping) }));
    const loop = facts.threads.find((t) => t.pid === run.pid && t.thread === 'MainThread')!;
    const grandchild = facts.processes.find((p) => p.command.endsWith(' grandchild'))!;
    assert.ok(
      loop.on.kind === 'poll' &&
        loop.on.fds.some((w) => w.on.kind === 'unix' && w.wakers.inside.some((x) => x.pid === grandchild.pid)),
      show(loop.on),
    );
  },
);

test('a slow writer (a byte every 30 ms) and its reader are never hung', async () => {
  const run = startFixture('slow-writer.py');
  await settle(run.pid!, 2).catch(() => {}); // it never holds still for long: go on anyway
  for (let i = 0; i < 25; i++) {
    const { verdict } = await look(run.pid!);
    assert.notEqual(verdict.kind, 'hang', show(verdict));
    assert.notEqual(verdict.kind, 'stuck', show(verdict));
    await sleep(23);
  }
});
