// At the door, for chapters: a Run's src is confined to runnable/ after realpath (a symlink under
// runnable/ pointing outside is refused), must be a regular file, and a bad prop gives file:line
// plus a hint, never a ZodError. Nothing runs: these are collection errors.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { collectSource } from '../../../src/collect/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'hangtime-confine-'));
const runnable = join(dir, 'runnable');
mkdirSync(join(runnable, '01', 'folder.py'), { recursive: true });
writeFileSync(join(runnable, '01', 'ok.py'), 'print(1)\n');
writeFileSync(join(dir, 'outside.py'), 'print("outside")\n');
symlinkSync(join(dir, 'outside.py'), join(runnable, '01', 'link.py'));
symlinkSync(join(runnable, '01', 'ok.py'), join(runnable, '01', 'inside-link.py'));
after(() => rmSync(dir, { recursive: true, force: true }));

const collect = (tag: string) => () =>
  collectSource(`---\ntitle: x\n---\n\nSome prose.\n\n${tag}\n`, 'chapters/01-x.mdx', { snippetRoot: runnable });

test('a symlink under runnable/ that points outside is refused with file:line', () => {
  assert.throws(
    collect('<Run src="01/link.py" />'),
    new RegExp(
      /^CollectError: chapters\/01-x\.mdx:7: src="01\/link\.py" leads outside runnable\/ /.source +
        /\(a symlink to .*outside\.py\)\. A chapter runs only files under runnable\//.source,
    ),
  );
});

test('a symlink that stays inside runnable/ is fine', () => {
  assert.equal(collect('<Run src="01/inside-link.py" />')().runs[0]!.src, '01/inside-link.py');
});

test('a folder is not a snippet', () => {
  assert.throws(
    collect('<Run src="01/folder.py" />'),
    /^CollectError: chapters\/01-x\.mdx:7: src="01\/folder\.py" is not a regular file\. /,
  );
});

test('timeout="0.4ms" and other bad values: file:line and a hint, never a ZodError', () => {
  for (const tag of [
    '<Run src="01/ok.py" timeout="0.4ms" />',
    '<Run src="01/ok.py" timeout="40000m" />',
    '<Run src="01/ok.py" expect="signal=SIGFOO" />',
    '<Run src="01/ok.py" expect="exit=999" />',
  ]) {
    let message = '';
    try {
      collect(tag)();
    } catch (e) {
      message = String(e);
    }
    assert.match(message, /^CollectError: chapters\/01-x\.mdx:7: .+\. \S.+/, tag);
    assert.doesNotMatch(message, /ZodError|"code":/, tag);
  }
});
