// The door a snippet passes before anything starts (launch/snippet.ts): what it refuses, in words
// that say what to do, and the hash of the bytes read there, kept however the run changes the file.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runSnippet, UsageError } from '../../../../src/runner/index.ts';
import { checkSnippet } from '../../../../src/runner/launch/snippet.ts';
import { EXTENSION_LIST } from '../../../../src/runner/launch/languages.ts';

const dir = mkdtempSync(join(tmpdir(), 'hangtime-door-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const refused = (file: string, message: RegExp) =>
  assert.throws(
    () => checkSnippet(file),
    (e: unknown) => e instanceof UsageError && message.test(e.message) && !e.message.includes('\n'),
  );

test('the door refuses, in one line: no such file, a folder, not a regular file, an unknown extension', () => {
  mkdirSync(join(dir, 'folder.py'));
  writeFileSync(join(dir, 'notes.txt'), 'text\n');
  symlinkSync('/dev/null', join(dir, 'device.py'));
  refused(join(dir, 'none.py'), /none\.py: no such file$/);
  refused(join(dir, 'notes.txt', 'x.py'), /x\.py: no such file \(a part of its path is not a folder\)$/);
  refused(
    join(dir, 'folder.py'),
    new RegExp(`folder\\.py: is a directory; name one ${EXTENSION_LIST.replace(/\./g, '\\.')} file`),
  );
  refused(join(dir, 'device.py'), /device\.py: not a regular file; name one \.py/);
  refused(join(dir, 'notes.txt'), /notes\.txt: unknown extension '\.txt'/);
});

test('the door reads the file once and hashes it; the run keeps that hash when it rewrites its file', async () => {
  const file = join(dir, 'rewrites.py');
  const text = 'import sys\nopen(sys.argv[0], "w").write("# changed\\n")\nprint("done")\n';
  writeFileSync(file, text);
  const sha256 = createHash('sha256').update(text).digest('hex');
  assert.equal(checkSnippet(file).sha256, sha256);
  const r = await runSnippet(file);
  assert.equal(r.outcome.kind, 'exit');
  assert.equal(r.snippet.sha256, sha256, 'the hash of what was started, not of what the file became');
});

test('an unreadable file: refused by the door (permission denied), never passed to an interpreter', (t) => {
  const file = join(dir, 'unread.py');
  writeFileSync(file, 'print(1)\n');
  chmodSync(file, 0o000);
  if (process.getuid?.() === 0) {
    // root reads any file: the refusal as a normal user is proved by the CLI test (tests/unit/cli/run-input).
    t.diagnostic('running as root, who can read a mode-000 file: the EACCES path is tested as nobody in cli/run-input');
    assert.equal(checkSnippet(file).language, 'py');
    return;
  }
  refused(file, /^cannot read .*unread\.py \(permission denied\): give your user read access/);
});
