// Runtime housekeeping told apart from the program: the rule on its own, then on the processes and
// threads of real runtimes (Node under tsx's loader with a libuv worker stuck in a write, Python's
// forkserver and resource tracker), read from /proc as the watcher reads them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { tsxLoader } from '../../../../src/runner/launch/env.ts';
import { resolvePython } from '../../../../src/runner/launch/python.ts';
import { helperProcessKind, helperProcessKindOf, helperThreadKind } from '../../../../src/runner/watch/housekeeping.ts';
import { findTree } from '../../../../src/runner/watch/procfs.ts';
import { decodeSyscall } from '../../../../src/runner/watch/syscalls.ts';
import { repoRoot } from '../../../../src/shared/paths.ts';
import { reap, startTree, until, type Tree } from '../../_support/processes.ts';

const idle = { name: 'futex', timed: false };

test('whole helper processes, from their argv', () => {
  const esbuild = '/r/node_modules/@esbuild/linux-x64/bin/esbuild';
  assert.equal(helperProcessKind([esbuild, '--service=0.28.2', '--ping']), 'esbuild-service');
  assert.equal(helperProcessKind([esbuild, 'app.ts', '--bundle']), null, 'esbuild run by the program');
  const tracker = 'from multiprocessing.resource_tracker import main;main(5)';
  assert.equal(helperProcessKind(['/usr/bin/python3', '-c', tracker]), 'resource-tracker');
  const server = "from multiprocessing.forkserver import main; main(8, 9, ['__main__'], **{'sys_path': []})";
  assert.equal(helperProcessKind(['/usr/bin/python3', '-c', server]), 'forkserver');
  assert.equal(helperProcessKind(['python3', 'runnable/01/bob.py']), null);
  assert.equal(helperProcessKind([]), null);
});

test("Node's threads by their kernel names; a libuv worker only while idle in its pool", () => {
  assert.equal(helperThreadKind('V8Worker', idle), 'v8-worker');
  assert.equal(helperThreadKind('DelayedTaskSche', idle), 'v8-delayed-tasks');
  assert.equal(helperThreadKind('SignalInspector', idle), 'inspector-signal');
  assert.equal(helperThreadKind('libuv-worker', idle), 'idle-uv-worker');
  assert.equal(helperThreadKind('libuv-worker', { name: 'write', timed: false }), null, "the program's write");
  assert.equal(helperThreadKind('libuv-worker', { name: 'futex', timed: true }), null, 'not idle in its pool');
  assert.equal(helperThreadKind('MainThread', idle), null);
  assert.equal(helperThreadKind('node', idle), null);
});

/**
 * Each process of the tree: its argv, and each thread's kernel name and syscall, as /proc says now.
 * A process or thread that ends between the listing and the read is left out (the tree is alive).
 */
function look(tree: Tree) {
  return findTree(tree.pid)
    .filter((p) => p.state !== 'Z')
    .flatMap((p) => {
      try {
        return [lookAt(p)];
      } catch {
        return [];
      }
    });
}

function lookAt(p: { pid: number; ppid: number }) {
  const argv = readFileSync(`/proc/${p.pid}/cmdline`, 'latin1').replace(/\0$/, '').split('\0');
  const threads = readdirSync(`/proc/${p.pid}/task`).map((tid) => {
    const base = `/proc/${p.pid}/task/${tid}`;
    return {
      name: readFileSync(`${base}/comm`, 'latin1').trim(),
      syscall: decodeSyscall(readFileSync(`${base}/syscall`, 'latin1')),
    };
  });
  return { pid: p.pid, ppid: p.ppid, argv, threads };
}

test("Node under tsx's loader: the esbuild service, V8's threads and idle libuv workers are housekeeping", async () => {
  // A parent under tsx, and a child whose libuv worker is stuck writing into a full FIFO.
  const fixture = `${repoRoot}/tests/fixtures/autopsy/fifo-queue.ts`;
  // tsx starts its esbuild service only to transform what its cache lacks: no cache here.
  const tree = startTree([process.execPath, '--import', tsxLoader, fixture], { env: { TSX_DISABLE_CACHE: '1' } });
  try {
    const procs = await until(() => {
      const now = look(tree);
      const busy = now.some((p) => p.threads.some((t) => t.name === 'libuv-worker' && t.syscall.name === 'write'));
      return busy && now.some((p) => p.argv.some((a) => a.startsWith('--service'))) && now;
    }, 'the esbuild service and a libuv worker in write');
    const kinds = procs.map((p) => helperProcessKind(p.argv));
    assert.deepEqual(kinds.filter(Boolean), ['esbuild-service']);
    const threads = procs.filter((p) => !helperProcessKind(p.argv)).flatMap((p) => p.threads);
    const kindOf = (name: string, syscall?: string) =>
      threads
        .filter((t) => t.name === name && (!syscall || t.syscall.name === syscall))
        .map((t) => helperThreadKind(t.name, t.syscall));
    assert.ok(kindOf('V8Worker').length > 0 && kindOf('V8Worker').every((k) => k === 'v8-worker'));
    assert.ok(kindOf('DelayedTaskSche').every((k) => k === 'v8-delayed-tasks'));
    assert.deepEqual(kindOf('libuv-worker', 'write'), [null], 'the worker doing the write is the program');
    assert.ok(kindOf('libuv-worker', 'futex').length > 0, 'idle workers');
    assert.ok(kindOf('libuv-worker', 'futex').every((k) => k === 'idle-uv-worker'));
    assert.ok(kindOf('MainThread').length + kindOf('node').length >= 2, 'both main threads');
    assert.ok([...kindOf('MainThread'), ...kindOf('node')].every((k) => k === null));
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});

/** forkserver.py: the program, its forkserver, its resource tracker and the worker the server forked. */
async function forkserverTree(): Promise<{ tree: Tree; procs: ReturnType<typeof look>; worker: number }> {
  const tree = startTree([resolvePython()!.path, `${repoRoot}/tests/fixtures/runner/forkserver.py`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  tree.child.stdout!.on('data', (d) => (out += d));
  const worker = Number((await until(() => /^started (\d+)$/m.exec(out), 'the worker'))[1]);
  const procs = await until(() => {
    const now = look(tree);
    return now.length >= 4 && now;
  }, 'four processes');
  return { tree, procs, worker };
}

test("Python's forkserver and resource tracker are housekeeping; the program is not", async () => {
  const { tree, procs, worker } = await forkserverTree();
  try {
    const kind = (pid: number) => helperProcessKind(procs.find((p) => p.pid === pid)!.argv);
    const server = procs.find((p) => p.pid === procs.find((w) => w.pid === worker)!.ppid)!;
    assert.equal(kind(tree.pid), null);
    assert.equal(kind(server.pid), 'forkserver');
    assert.deepEqual(
      procs.filter((p) => helperProcessKind(p.argv) === 'resource-tracker').length,
      1,
      procs.map((p) => p.argv.join(' ')).join('\n'),
    );
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});

test('a process the forkserver forked for the program is the program, not the forkserver', async () => {
  const { tree, procs, worker } = await forkserverTree();
  try {
    const of = (pid: number) => procs.find((p) => p.pid === pid)!;
    const w = of(worker);
    // It carries the forkserver's argv (fork without exec): only its parent tells it apart.
    assert.equal(helperProcessKind(w.argv), 'forkserver');
    assert.equal(helperProcessKindOf(w.argv, of(w.ppid).argv), null);
    assert.equal(helperProcessKindOf(of(w.ppid).argv, of(of(w.ppid).ppid).argv), 'forkserver');
  } finally {
    assert.deepEqual(await reap(tree), []);
  }
});
