// Mutation tests: each change to a copy of the fixture makes verify exit 1 with a diff that
// points at the change; the unchanged copy exits 0. Every case runs the real snippets.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { copyFixture, verify, type Copy } from '../_support/verify.ts';

describe('verify on the fixture chapter', () => {
  let copy: Copy;
  before(() => {
    copy = copyFixture();
  });
  after(() => copy.remove());

  const run = (...extra: string[]) => verify(['--root', copy.root, ...extra]);
  const reset = () => {
    copy.remove();
    copy = copyFixture();
  };

  test('an unchanged set passes', async () => {
    const r = await run();
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /\n3 passed, 0 failed\n$/);
  });

  test('a changed transcript line fails with a diff of that line', async () => {
    reset();
    copy.edit(copy.frozen('count.ts'), 'count 2\n', 'count two\n');
    const r = await run();
    assert.equal(r.code, 1);
    assert.match(r.out, /FAIL content\/chapters\/01-fixture\.mdx:15 {2}01-fixture\/count\.ts/);
    assert.match(r.out, /^ +-count two$/m);
    assert.match(r.out, /^ +\+count 2$/m);
    assert.match(r.out, /stdout differs/);
    assert.match(r.out, /\n2 passed, 1 failed\n$/);
  });

  test('a changed outcome fails with a diff of the outcome', async () => {
    reset();
    copy.edit(copy.frozen('wait.py'), /outcome:\n {2}kind: hang/, 'outcome:\n  kind: exit');
    const r = await run();
    assert.equal(r.code, 1);
    assert.match(r.out, /FAIL content\/chapters\/01-fixture\.mdx:13 {2}01-fixture\/wait\.py \(wait\)/);
    assert.match(r.out, /^ +- {2}kind: exit$/m);
    assert.match(r.out, /^ +\+ {2}kind: hang$/m);
    assert.match(r.out, /outcome changed: was exit, now hang/);
  });

  test('a changed published value fails with a diff of that value', async () => {
    reset();
    copy.edit(copy.frozen('greet.py'), '{name: answer, value: 42,', '{name: answer, value: 41,');
    const r = await run();
    assert.equal(r.code, 1);
    assert.match(r.out, /value "answer": expected 41, got 42/);
    assert.match(r.out, /^ +- {2}- \{name: answer, value: 41, compare: exact\}$/m);
    assert.match(r.out, /^ +\+ {2}- \{name: answer, value: 42, compare: exact\}$/m);
  });

  test('a changed snippet fails, naming the file and showing the new output', async () => {
    reset();
    copy.edit('runnable/01-fixture/count.ts', 'console.log(`count ${i}`);', 'console.log(`counting ${i}`);');
    const r = await run();
    assert.equal(r.code, 1);
    assert.match(r.out, /snippet changed since it was frozen: 01-fixture\/count\.ts/);
    assert.match(r.out, /^ +\+counting 2$/m);
  });

  test('a missing frozen result fails (and is written only by --update, never with CI set)', async () => {
    reset();
    const frozen = copy.frozen('count.ts');
    copy.remove();
    copy = copyFixture();
    const { rmSync } = await import('node:fs');
    rmSync(copy.path(frozen));
    const r = await run();
    assert.equal(r.code, 1);
    assert.match(r.out, /no frozen result at runnable\/01-fixture\/count\.ts\.[0-9a-f]{8}\.frozen\.md/);
    assert.match(r.out, /^ +\+count 3$/m);
    assert.equal(existsSync(copy.path(frozen)), false);

    const ci = await verify(['--root', copy.root, '--update'], { ...process.env, CI: 'true' });
    assert.equal(ci.code, 2);
    assert.match(ci.err, /--update is refused when CI is set/);
    const ciPlain = await verify(['--root', copy.root], { ...process.env, CI: 'true' });
    assert.equal(ciPlain.code, 1);
    assert.match(ciPlain.out, /CI: never written here/);
    assert.equal(existsSync(copy.path(frozen)), false);

    const update = await run('--update');
    assert.equal(update.code, 0, update.out);
    assert.match(update.out, /\[written\]/);
    assert.equal(existsSync(copy.path(frozen)), true);
    assert.equal((await run()).code, 0);
  });

  test('a pin the run does not reproduce fails at the chapter line of the pin', async () => {
    reset();
    copy.edit('content/chapters/01-fixture.mdx', 'pin={42}', 'pin={65514}');
    const r = await run();
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      new RegExp(
        /content\/chapters\/01-fixture\.mdx:11: <Value name="answer" pin=\{65514\}>: /.source +
          /this machine measured 42, not the article's 65514/.source,
      ),
    );
    const frozen = copy.frozen('greet.py');
    copy.edit(frozen, 'hello from pid [PID1]', 'hello from process [PID1]');
    const before = copy.read(frozen);
    const update = await run('--update');
    assert.equal(update.code, 1);
    assert.match(update.out, /not written by --update: fix the failure above first/);
    assert.equal(copy.read(frozen), before, 'a run that misses its pin is never frozen');
  });

  test('wildcards and redactions in a frozen file still match; --update keeps them', async () => {
    reset();
    const frozen = copy.frozen('greet.py');
    copy.edit(frozen, 'hello from pid [PID1]\n', 'hello from [..]\n');
    copy.edit(frozen, 'scratch file: [TMP]\ntook [DUR]\n', '...\n');
    copy.edit(frozen, 'redact: []', 'redact:\n  - {pattern: "hello", label: "HI"}');
    copy.edit(frozen, 'hello from [..]', 'HI from [..]');
    assert.equal((await run()).code, 0);
    copy.edit(frozen, '{name: answer, value: 42,', '{name: answer, value: 7,');
    const update = await run('--update');
    assert.equal(update.code, 0, update.out);
    const text = copy.read(frozen);
    assert.match(text, /HI from \[\.\.\]\n\.\.\.\n/);
    assert.match(text, /pattern: hello/);
    assert.match(text, /value: 42/);
  });

  test('an autopsy measurement missing on one side is a note, not a failure', async () => {
    reset();
    const frozen = copy.frozen('wait.py');
    copy.edit(
      frozen,
      /\{inode: 1, kind: pipe, filled: 0, capacity: 65536/,
      '{inode: 1, kind: pipe, filled: null, capacity: 65536',
    );
    const r = await run();
    assert.equal(r.code, 0, r.out);
    assert.match(
      r.out,
      /note: autopsy: 1 measurement taken now that the frozen result lacks \(--update records them\)/,
    );
  });
});
