// The verdicts of whole runs (runSnippet): a hang only when the wait-for graph is closed inside the
// run; `waiting` when something outside could end it (the outside parties are started here);
// `stuck` when part of the tree is closed beside pollers; a slow program is never hung; every
// timeout has an autopsy and says why. Nothing survives: not a process of a run, not a party.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { checkExpectation, formatStatus } from '../../../../src/explain/status.ts';
import { parseFrozen, renderFrozen } from '../../../../src/frozen/document.ts';
import { freeze } from '../../../../src/frozen/freeze.ts';
import { thaw } from '../../../../src/frozen/thaw.ts';
import {
  parseExpect,
  runSnippet,
  type OutsideWaker,
  type RunOptionsInput,
  type RunResult,
} from '../../../../src/runner/index.ts';
import { stopUnixDiag } from '../../../../src/runner/waits/index.ts';
import { survivors } from '../../_support/runner.ts';
import { firstLine, hangs, killAll, outside, python, start } from '../waits/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'hangtime-prove-'));
const runIds: string[] = [];
after(async () => {
  await killAll();
  stopUnixDiag();
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(survivors(runIds.map((id) => `HANGTIME_RUN_ID=${id}`)), [], 'a process of these runs is alive');
});

async function run(name: string, options: RunOptionsInput = {}): Promise<RunResult> {
  const r = await runSnippet(hangs + name, { timeoutMs: 20_000, ...options });
  runIds.push(r.runId);
  return r;
}
const stdout = (r: RunResult) =>
  r.transcript.chunks
    .filter((c) => c.stream === 'stdout')
    .map((c) => c.text)
    .join('');
const lockFile = (name: string) => {
  const f = join(dir, name);
  writeFileSync(f, '');
  return f;
};
const show = (r: RunResult) => `${formatStatus(r)}\n${JSON.stringify(r.proof?.verdict)}`;
/** The outside parties of a waiting verdict. */
const parties = (r: RunResult): OutsideWaker[] =>
  r.proof?.verdict.kind === 'waiting' ? r.proof.verdict.outside.map((o) => o.waker) : [];
const isProcess = (pid: number) => (w: OutsideWaker) => w.kind === 'process' && w.pid === pid;

test('the expectation syntax takes stuck and waiting; a waiting run meets timeout too', () => {
  assert.deepEqual(parseExpect('stuck'), { kind: 'stuck' });
  assert.deepEqual(parseExpect('waiting'), { kind: 'waiting' });
  assert.throws(() => parseExpect('waiting=3'), /waiting takes no value/);
  assert.throws(() => parseExpect('stalled'), /exit, exit=N, hang, stuck, waiting, signal=NAME, timeout/);
});

describe('in-tree twins: still proven hung', { concurrency: 2 }, () => {
  const hung = async (name: string, args: string[] = []): Promise<void> => {
    const r = await run(name, { args, expect: { kind: 'hang' } });
    assert.equal(r.outcome.kind, 'hang', show(r));
    assert.ok(r.proof?.verdict.kind === 'hang' && r.proof.confirmed, show(r));
    assert.equal(r.autopsy?.status, 'taken');
    assert.ok(checkExpectation(r).pass);
  };
  test('a socketpair between a parent and its child, both reading', () => hung('socketpair-both-read.py'));
  test('a flock held by a sibling that is itself blocked', () => hung('lock-sibling.py', [lockFile('sib-flock')]));
  test('a POSIX lock (fcntl F_SETLKW) held by a blocked sibling', () =>
    hung('lock-sibling.py', [lockFile('sib-posix'), 'posix']));
  test('a loopback TCP connection between two blocked processes of the run', () => hung('tcp-pair-recv.py'));
  test("a Node grandchild holding the pipe of an exited child while the parent waits for 'close'", () =>
    hung('node-grandchild-holds-pipe.ts'));
  test('a plain os.fork() child blocked on a lock its parent held at the fork', () => hung('fork-while-locked.py'));
});

describe('outside parties: waiting, never hung', { concurrency: 2 }, () => {
  test('a loopback server outside that never answers in time: waiting, at the wait bound, server named', async () => {
    const server = start(python, [outside + 'tcp-server-late.py', '--delay', '30'], { stdout: 'pipe' });
    const port = await firstLine(server);
    const r = await run('tcp-recv.py', { args: ['127.0.0.1', port], waitBoundMs: 1500, expect: { kind: 'waiting' } });
    assert.equal(r.outcome.kind, 'waiting', show(r));
    assert.equal(r.outcome.killedBy, 'wait-bound');
    assert.ok(parties(r).some(isProcess(server.pid!)), show(r));
    assert.match(
      formatStatus(r),
      new RegExp(
        `^stopped at its wait bound \\(1\\.50 s\\), as expected · .*` +
          `waiting on 127\\.0\\.0\\.1:${port} \\(python3[.\\d]* pid ${server.pid}, outside this run\\)`,
      ),
    );
    assert.equal(r.autopsy?.status, 'taken');
    assert.ok(checkExpectation(r).pass);
  });

  test('a loopback server outside that answers after 2 s: it exits by itself, judged waiting meanwhile', async () => {
    const server = start(python, [outside + 'tcp-server-late.py', '--delay', '2'], { stdout: 'pipe' });
    const port = await firstLine(server);
    const r = await run('tcp-recv.py', { args: ['127.0.0.1', port] });
    assert.equal(r.outcome.kind, 'exit', show(r));
    assert.equal(stdout(r), "answer: b'late answer\\n'\n");
    assert.ok(parties(r).some(isProcess(server.pid!)), show(r));
  });

  test('a flock held outside for 4 s: waiting on its holder, then the run takes the lock and exits', async () => {
    const file = lockFile('outside-flock');
    const holder = start(python, [outside + 'lock-hold.py', file, 'flock', '4'], { stdout: 'pipe' });
    assert.equal(await firstLine(holder), 'locked');
    const r = await run('flock-wait.py', { args: [file] });
    assert.equal(r.outcome.kind, 'exit', show(r));
    assert.equal(stdout(r), 'locked\n');
    assert.ok(r.timing.wallMs > 2500, `it waited for the holder (${r.timing.wallMs} ms)`);
    const w = parties(r).find(isProcess(holder.pid!));
    assert.ok(w?.kind === 'process' && w.role.role === 'locks', show(r));
  });

  test('a POSIX lock held outside (fcntl F_SETLKW, a wait the watcher must know): waiting, at the bound', async () => {
    const file = lockFile('outside-posix');
    const holder = start(python, [outside + 'lock-hold.py', file, 'posix', '30'], { stdout: 'pipe' });
    assert.equal(await firstLine(holder), 'locked');
    const r = await run('flock-wait.py', { args: [file, 'posix'], waitBoundMs: 1000 });
    assert.equal(r.outcome.kind, 'waiting', show(r));
    assert.match(
      formatStatus(r),
      new RegExp(
        `waiting on a posix lock on .*outside-posix \\(held by python3[.\\d]* pid ${holder.pid}, outside this run\\)`,
      ),
    );
  });

  test("Manager().Lock() with a SIGKILLed holder: a timeout saying the manager's socket could free it", async () => {
    const r = await run('manager-lock-dead-holder.py', { timeoutMs: 7000, expect: { kind: 'timeout' } });
    assert.equal(r.outcome.kind, 'waiting', show(r));
    assert.equal(r.outcome.killedBy, 'timeout');
    const status = formatStatus(r);
    assert.match(status, /^timed out after 7\.00 s, as expected · /);
    assert.match(
      status,
      new RegExp(
        'waiting on a new connection to \\S*pymp-\\S*listener-\\S* ' +
          '\\(python3[.\\d]* pid \\d+ of this run listens there: any new client could end the wait\\)',
      ),
    );
    assert.equal(r.autopsy?.status, 'taken');
    assert.ok(checkExpectation(r).pass, 'a waiting outcome meets expect=timeout');
    // The frozen record carries the outcome and the proof: a frozen build says the same.
    const doc = parseFrozen(renderFrozen(freeze(r, { file: hangs + 'manager-lock-dead-holder.py' })), 'x.frozen.md');
    assert.equal(doc.outcome.kind, 'waiting');
    const thawed = thaw(doc, hangs + 'manager-lock-dead-holder.py', r.options);
    assert.equal(formatStatus(thawed).split(' · ').at(-2), status.split(' · ').at(-2));
  });

  test('a Node server left listening beside its paused connection: waiting (a client could come)', async () => {
    const r = await run('node-server-paused.ts', { waitBoundMs: 1500 });
    assert.equal(r.outcome.kind, 'waiting', show(r));
    assert.ok(
      parties(r).some((w) => w.kind === 'door' && w.door === 'connect'),
      show(r),
    );
  });
});

describe('progress, pollers and partial hangs', { concurrency: 2 }, () => {
  test('a byte every 30 ms: never hung; the timeout says why and has an autopsy', async () => {
    const r = await run('slow-writer.py', { timeoutMs: 2500, expect: { kind: 'timeout' } });
    assert.equal(r.outcome.kind, 'timeout', show(r));
    assert.equal(r.autopsy?.status, 'taken', 'every timeout gets an autopsy');
    assert.match(formatStatus(r), /^timed out after 2\.50 s, as expected · not proven hung: .* · process tree killed$/);
  });

  test('two children deadlocked on pipes beside a parent that polls them: stuck after the window', async () => {
    const r = await run('children-deadlock-parent-polls.py', { stuckMs: 1500, expect: { kind: 'stuck' } });
    assert.equal(r.outcome.kind, 'stuck', show(r));
    assert.equal(r.outcome.killedBy, 'stuck');
    const v = r.proof!.verdict;
    assert.ok(v.kind === 'stuck' && v.proven, show(r));
    const root = r.proof!.processes.find((p) => v.pollers.some((t) => t.pid === p.pid));
    assert.ok(root && v.stuck.every((t) => t.pid !== root.pid), 'the parent polls, its children are stuck');
    assert.equal(new Set(v.stuck.map((t) => t.pid)).size, 2);
    assert.ok(r.hang!.confirmedAfterMs >= 1500, `confirmed after ${r.hang!.confirmedAfterMs} ms`);
    assert.match(
      formatStatus(r),
      /^stuck, as expected · 2 threads in a closed cycle, 1 poller · confirmed after \d\.\d\d s/,
    );
    assert.equal(r.autopsy?.status, 'taken');
  });

  test('two children deadlocked beside a parent waiting on a server outside: stuck after the window', async () => {
    const server = start(python, [outside + 'tcp-server-late.py', '--delay', '30'], { stdout: 'pipe' });
    const port = await firstLine(server);
    const r = await run('children-deadlock-parent-recv.py', {
      args: ['127.0.0.1', port],
      stuckMs: 1500,
      expect: { kind: 'stuck' },
    });
    assert.equal(r.outcome.kind, 'stuck', show(r));
    const v = r.proof!.verdict;
    assert.ok(v.kind === 'stuck' && v.proven && v.stuck.length === 2 && v.others.length === 1, show(r));
    assert.ok(r.hang!.confirmedAfterMs >= 1500, `confirmed after ${r.hang!.confirmedAfterMs} ms`);
    assert.match(
      formatStatus(r),
      /^stuck, as expected · 2 threads in a closed cycle, 1 other thread not stuck · confirmed after /,
    );
  });

  test('a lock deadlock beside a poller thread of its process: not proven, never ended early', async () => {
    const r = await run('deadlock-beside-poller.py', { stuckMs: 800, timeoutMs: 4000 });
    assert.equal(r.outcome.kind, 'timeout', show(r));
    assert.ok(r.proof?.verdict.kind === 'stuck' && !r.proof.verdict.proven, show(r));
    assert.match(formatStatus(r), /stuck but not proven: 3 threads in a closed cycle, 1 poller/);
    assert.equal(r.autopsy?.status, 'taken');
  });
});
