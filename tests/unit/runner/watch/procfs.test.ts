// The watcher's cheap look at a tree (the children files) against the full scan of /proc.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, test } from 'node:test';
import {
  canWalkChildren,
  findTree,
  listProcesses,
  walkTree,
  type ProcStat,
} from '../../../../src/runner/watch/procfs.ts';

const started: number[] = [];
after(() => {
  for (const pid of started)
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pidsOf = (tree: { pid: number }[]) => tree.map((p) => p.pid).sort((a, b) => a - b);

/** A shell (its own session) with a sleeping child, and an orphan made by a double fork. */
async function tree(): Promise<{ root: number; orphan: number }> {
  const sh = spawn('/bin/sh', ['-c', '(sleep 30 & echo $! ; sleep 0.3) & sleep 30'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  started.push(sh.pid!);
  const orphan = await new Promise<number>((r) => sh.stdout.once('data', (d: Buffer) => r(Number(String(d).trim()))));
  return { root: sh.pid!, orphan };
}

test(
  'the walk finds what the full scan finds, and keeps an orphan it has seen once',
  { skip: !canWalkChildren && 'no children files in /proc' },
  async () => {
    const { root, orphan } = await tree();
    // Compare only while the tree holds still (the shells may still be forking): full, walk, full.
    let walked: ProcStat[] = [];
    for (const deadline = Date.now() + 5000; ; await sleep(20)) {
      const before = pidsOf(findTree(root, listProcesses()));
      walked = walkTree(root);
      const after = pidsOf(findTree(root, listProcesses()));
      if (String(before) !== String(after)) {
        assert.ok(Date.now() < deadline, 'the tree never held still');
        continue;
      }
      assert.deepEqual(pidsOf(walked), after);
      break;
    }
    assert.ok(
      walked.some((p) => p.pid === orphan),
      'the grandchild, while its parent lives',
    );
    // Its parent exits after 0.3 s and the orphan is reparented away from the tree.
    for (const deadline = Date.now() + 5000; walkTree(root).some((p) => p.pid === orphan); await sleep(20)) {
      assert.ok(Date.now() < deadline, "the orphan's parent never exited");
    }
    assert.ok(
      walkTree(root, walked).some((p) => p.pid === orphan),
      'a walk that knew it keeps it',
    );
    assert.ok(
      findTree(root, listProcesses()).some((p) => p.pid === orphan),
      'the full scan finds it by its session',
    );
  },
);

test(
  'a pid the walk knew is dropped once it belongs to another process',
  { skip: !canWalkChildren && 'no children files in /proc' },
  () => {
    const me = listProcesses().find((p) => p.pid === process.pid)!;
    const stale = { ...me, startTicks: me.startTicks - 1 };
    assert.equal(walkTree(-1, [stale]).length, 0);
    assert.ok(
      walkTree(-1, [me]).some((p) => p.pid === process.pid),
      'the same process, same start: kept',
    );
  },
);
