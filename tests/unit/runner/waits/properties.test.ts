// The property every test of this folder checks on each look (harness.look): every waker the facts
// name exists in /proc with that role. Here: that the check catches a false role, and that every
// hang fixture is started by some test, so none escapes it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { checkWakers, hangs, killAll, lookUntil, startFixture } from './harness.ts';

after(killAll);

test('every fixture of tests/fixtures/hangs is run by a test of this folder or of the prover (and so checked)', () => {
  const folders = [new URL('.', import.meta.url).pathname, new URL('../watch/', import.meta.url).pathname];
  const sources = folders
    .flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => readFileSync(dir + f, 'utf8')),
    )
    .join('\n');
  const unused = readdirSync(hangs).filter(
    (f) => /\.(py|ts)$/.test(f) && !sources.includes(`'${f}'`) && !sources.includes(`}${f}`),
  );
  assert.deepEqual(unused, []);
});

test('the check refuses a waker that does not hold what the facts say, or is not where they say', async () => {
  const run = startFixture('socketpair-both-read.py');
  const { facts, verdict } = await lookUntil(run.pid!, (v) => v.kind === 'hang', { processes: 2 });
  assert.equal(verdict.kind, 'hang');
  checkWakers(facts);
  const t = facts.threads.find((x) => x.wakers.inside.length > 0)!;
  const w = t.wakers.inside[0]!;
  assert.ok(w.role.role === 'holds');
  const wrongFd = structuredClone(facts);
  const r = wrongFd.threads.find((x) => x.tid === t.tid)!.wakers.inside[0]!.role;
  if (r.role === 'holds') r.fd = 999;
  assert.throws(() => checkWakers(wrongFd), /fd 999/);
  const movedOutside = structuredClone(facts);
  movedOutside.processes = movedOutside.processes.filter((p) => p.pid !== w.pid);
  assert.throws(() => checkWakers(movedOutside), /inside the run/);
});
