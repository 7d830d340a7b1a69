import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { checkExpectation } from '../../../src/explain/status.ts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { run, stdoutOf, survivors } from '../_support/runner.ts';

// What the engine holds on to (heap and buffers after a full GC), not what the allocator keeps.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/**
 * The heap and the buffers outside it that are still reachable. V8 frees a dead ArrayBuffer's bytes
 * (a pipe read's Buffer) in a sweeper task after the collection, not in it: collect, let it run,
 * collect again, and take the least of three readings.
 */
async function retained(): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
    gc();
    const m = process.memoryUsage();
    least = Math.min(least, m.heapUsed + m.arrayBuffers);
  }
  return least;
}

// The machine this runs on may set PYTHONUNBUFFERED globally; a reader's does not.
delete process.env.PYTHONUNBUFFERED;

after(() => assert.deepEqual(survivors(), [], 'a process of these runs is still alive'));

describe('exits and transcripts', { concurrency: 2 }, () => {
  test('exit 0', async () => {
    const r = await run('hello.ts');
    assert.equal(r.outcome.kind, 'exit');
    assert.equal(r.outcome.code, 0);
    assert.equal(stdoutOf(r), 'hello\n');
    assert.ok(checkExpectation(r).pass);
  });

  test('exit 3 fails an exit-0 expectation and passes exit=3', async () => {
    const r = await run('exit3.py', { expect: { kind: 'exit', code: 3 } });
    assert.equal(r.outcome.code, 3);
    assert.ok(checkExpectation(r).pass);
    const wrong = await run('exit3.py');
    const check = checkExpectation(wrong);
    assert.equal(check.pass, false);
    assert.match(check.message, /expected exit 0, but it exited 3/);
    assert.match(check.message, /about to fail/);
  });

  test('stdout and stderr keep their order for writes separated in time', async () => {
    const r = await run('interleave.py');
    assert.deepEqual(
      r.transcript.chunks.map((c) => [c.stream, c.text]),
      [
        ['stdout', 'out 1\n'],
        ['stderr', 'err 1\n'],
        ['stdout', 'out 2\n'],
      ],
    );
    const times = r.transcript.chunks.map((c) => c.t);
    assert.deepEqual(
      [...times].sort((a, b) => a - b),
      times,
    );
  });

  test("the environment is the engine's: run id, TZ, no stray fds, a fresh cwd", async () => {
    const r = await run('env.py');
    const seen = JSON.parse(stdoutOf(r));
    assert.equal(seen.run, true);
    assert.equal(seen.tz, 'UTC');
    const stray = Object.entries(seen.fds as Record<string, string>).filter(
      ([fd, target]) => Number(fd) > 2 && !target.includes('/hangtime-run-'),
    );
    assert.deepEqual(stray, [], "no fd but stdio and the engine's own per-run files");
    assert.match(seen.cwd, /hangtime-run-/);
  });

  test('stdin is at EOF', async () => {
    assert.equal(stdoutOf(await run('read-stdin.py')), 'read 0 bytes from stdin\n');
  });

  test('invalid UTF-8 becomes U+FFFD; ANSI and markup come through unchanged', async () => {
    const out = stdoutOf(await run('odd-bytes.py'));
    assert.equal(out, 'bad \uFFFD\uFFFD bytes\n\x1b[31mred\x1b[0m\n</pre><script>alert(1)</script>\n');
  });

  test('published values land in the result', async () => {
    const r = await run('publish.py');
    assert.deepEqual(
      r.values.map((v) => [v.name, v.value, v.compare]),
      [
        ['answer', 42, 'exact'],
        ['table', { columns: ['a'], rows: [[1]] }, 'shape'],
      ],
    );
    assert.equal(stdoutOf(r), 'published\n');
  });
});

describe('hangs', { concurrency: 2 }, () => {
  test("the Python queue hang is confirmed and killed, both processes' lines shown, no PYTHONUNBUFFERED", async () => {
    const r = await run('queue-hang.py', { expect: { kind: 'hang' } });
    assert.equal(r.outcome.kind, 'hang');
    assert.equal(r.outcome.killedBy, 'hang');
    assert.ok(r.hang && r.hang.confirmedAfterMs < 250, `confirmed after ${r.hang?.confirmedAfterMs} ms`);
    assert.equal(stdoutOf(r), 'parent: starting the child\nchild: put returned\n');
    assert.ok(checkExpectation(r).pass);
  });

  test("with a pipe's block buffering the hung child's line never shows: the choice is deliberate", async () => {
    const r = await run('queue-hang.py', { expect: { kind: 'hang' }, pythonBuffering: 'default' });
    assert.equal(r.outcome.kind, 'hang');
    // The parent's line survives only because multiprocessing flushes stdio before it forks.
    assert.equal(stdoutOf(r), 'parent: starting the child\n');
  });

  test('one get() before join lets it exit', async () => {
    const r = await run('queue-hang.py', { args: ['--get'] });
    assert.equal(r.outcome.kind, 'exit');
    assert.equal(stdoutOf(r), 'parent: starting the child\nchild: put returned\nparent: joined\nparent: got 105656\n');
  });

  for (const tsRunner of ['strip', 'tsx'] as const) {
    test(`the TypeScript FIFO twin hangs (${tsRunner})`, async () => {
      const r = await run('fifo-hang.ts', { expect: { kind: 'hang' }, tsRunner });
      assert.equal(r.outcome.kind, 'hang');
      assert.equal(stdoutOf(r), 'parent: starting the child\nchild: put returned\n');
      assert.equal(r.command.includes('--import tsx'), tsRunner === 'tsx');
    });
  }

  test('a single Python process in Event().wait() hangs', async () => {
    const r = await run('event-wait.py', { expect: { kind: 'hang' } });
    assert.equal(r.outcome.kind, 'hang');
  });

  test('a Node child writing 1 MB to a stdout nobody reads hangs', async () => {
    const r = await run('node-stdout-unread.ts', { expect: { kind: 'hang' } });
    assert.equal(r.outcome.kind, 'hang');
  });
});

describe('not hangs', { concurrency: 4 }, () => {
  test('sleep(2) then exit', async () => {
    const r = await run('sleep-exit.py');
    assert.equal(r.outcome.kind, 'exit');
    assert.ok(r.timing.wallMs >= 2000);
  });

  test('a parent waiting on a child in sleep(3)', async () => {
    const r = await run('wait-sleeping-child.py');
    assert.equal(r.outcome.kind, 'exit');
    assert.equal(stdoutOf(r), 'child done\n');
  });

  test('Event.wait(timeout=3)', async () => {
    const r = await run('event-wait.py', { args: ['3'] });
    assert.equal(r.outcome.kind, 'exit');
  });

  test(
    'a worker started through the forkserver, asleep for 1.5 s, ' + 'while its parent joins it: never a hang',
    async () => {
      const r = await run('forkserver.py', { args: ['1.5'] });
      assert.equal(r.outcome.kind, 'exit');
      assert.match(stdoutOf(r), /^started \d+\njoined\n$/);
    },
  );

  test('a stuck write with a pending setTimeout(3000) hangs only after the timer fired', async () => {
    const r = await run('stuck-write-timer.ts', { expect: { kind: 'hang' } });
    assert.equal(r.outcome.kind, 'hang');
    assert.equal(stdoutOf(r), 'timer fired\n');
    assert.ok(r.hang!.confirmedAtMs >= 3000);
  });
});

describe('killing and limits', { concurrency: 2 }, () => {
  test('a CPU loop with a short timeout is a timeout', async () => {
    const r = await run('cpu-loop.ts', { timeoutMs: 800, expect: { kind: 'timeout' } });
    assert.equal(r.outcome.kind, 'timeout');
    assert.equal(r.outcome.killedBy, 'timeout');
    assert.ok(checkExpectation(r).pass);
  });

  test('a double-forked setsid sleeper is found and killed', async () => {
    const r = await run('double-fork.py');
    assert.equal(r.outcome.kind, 'exit');
    assert.equal(r.outcome.leftBehind, 1);
    assert.equal(checkExpectation(r).pass, false, 'leaving a process behind fails unless expected');
    assert.deepEqual(survivors([`HANGTIME_RUN_ID=${r.runId}`]), []);
  });

  test('a child ignoring SIGTERM is gone', async () => {
    const r = await run('ignore-sigterm.py', { timeoutMs: 500, expect: { kind: 'timeout' } });
    assert.equal(r.outcome.kind, 'timeout');
    assert.deepEqual(survivors([`HANGTIME_RUN_ID=${r.runId}`]), []);
  });

  test('a tree past its process cap is killed, and the cap is the reason', async () => {
    const r = await run('many-children.py', { maxProcesses: 5 });
    assert.equal(r.outcome.killedBy, 'limit');
    assert.equal(r.outcome.limits[0]?.kind, 'processes');
    assert.match(r.outcome.limits[0]!.detail, /cap 5/);
    assert.equal(checkExpectation(r).pass, false);
    assert.deepEqual(survivors([`HANGTIME_RUN_ID=${r.runId}`]), []);
  });

  test('a tree past its memory cap is killed, and the cap is the reason', async () => {
    const r = await run('hog.py', { maxMemoryBytes: 128 * 1024 * 1024 });
    assert.equal(r.outcome.killedBy, 'limit');
    assert.equal(r.outcome.limits[0]?.kind, 'memory');
    assert.match(r.outcome.limits[0]!.detail, /cap 134,217,728/);
  });
});

// Alone: the heap it measures is the whole test process's, so nothing else may run meanwhile.
describe('memory', { concurrency: 1 }, () => {
  test('200 MB of output is capped with bounded memory', async () => {
    // A flood first: whatever code a capped run loads once (and keeps, as any module) is not what
    // is measured; what one more flood leaves behind is.
    await run('flood.ts');
    const before = await retained();
    const r = await run('flood.ts');
    assert.equal(r.outcome.kind, 'exit');
    assert.equal(r.transcript.totalBytes, 200 * 1024 * 1024);
    assert.equal(r.transcript.droppedBytes, 199 * 1024 * 1024);
    assert.match(r.transcript.chunks.at(-1)!.text, /output capped/);
    const grew = (await retained()) - before;
    assert.ok(grew < 16 * 1024 * 1024, `the engine kept ${grew} more bytes after the flood`);
  });
});
