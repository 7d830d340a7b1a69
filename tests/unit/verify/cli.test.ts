// The verify command's door: arguments, chapter selection, bad chapters and bad frozen
// files each get one clear message; unused frozen files are reported.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFixture, fixtureRoot, verify } from '../_support/verify.ts';

test('bad arguments and unknown chapters exit 2 with what to write instead', async () => {
  const unknown = await verify(['--root', fixtureRoot, '--fast']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown option --fast\nusage: hangtime verify/);
  const chapter = await verify(['--root', fixtureRoot, '07']);
  assert.equal(chapter.code, 2);
  assert.match(chapter.err, /no chapter matches "07"\. Chapters are: 01-fixture\.mdx\./);
  const help = await verify(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.err, /--shard i\/n/);
});

test('a chapter mistake names the chapter file and line', async () => {
  const copy = copyFixture();
  try {
    copy.edit('content/chapters/01-fixture.mdx', 'expect="hang"', 'expect="stalled"');
    const r = await verify(['--root', copy.root]);
    assert.equal(r.code, 2);
    assert.match(r.err, /content\/chapters\/01-fixture\.mdx:13: .*stalled/);
  } finally {
    copy.remove();
  }
});

test('a malformed frozen file fails its run at file:line; an unused one is reported', async () => {
  const copy = copyFixture();
  try {
    const greet = copy.frozen('greet.py');
    copy.edit(greet, 'outcome:\n', 'outcome: [\n');
    copy.write('runnable/01-fixture/old.py.frozen.md', copy.read(copy.frozen('wait.py')));
    const r = await verify(['--root', copy.root, '01']);
    assert.equal(r.code, 1);
    assert.match(r.out, /FAIL content\/chapters\/01-fixture\.mdx:9 {2}01-fixture\/greet\.py \(greet\)/);
    assert.match(
      r.out,
      new RegExp(
        /runnable\/01-fixture\/greet\.py\.greet\.frozen\.md:\d+: /.source +
          /the front block is not valid YAML .*Fix it by hand, or delete the file/.source,
      ),
    );
    assert.match(r.out, /unused frozen result: runnable\/01-fixture\/old\.py\.frozen\.md \(no chapter runs it/);
    assert.match(r.out, /\n2 passed, 1 failed\n$/);
  } finally {
    copy.remove();
  }
});

test('--shard is validated', async () => {
  const r = await verify(['--root', fixtureRoot, '--shard', '3/2']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--shard 3\/2: write i\/n with 1 <= i <= n/);
});
