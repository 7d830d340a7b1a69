// What is launched: how a .ts file runs (Node's own stripping unless some file needs more), what a
// command name resolves to (a shell's rules: a slash is a path, else PATH), and what a reader types.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  chooseTsRunner,
  commandArgv,
  languageOf,
  resolveCommand,
  UsageError,
} from '../../../../src/runner/launch/argv.ts';

const dir = mkdtempSync(join(tmpdir(), 'hangtime-argv-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string, mode = 0o644) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  chmodSync(f, mode);
  return f;
};

test('TypeScript: erasable files strip, non-erasable ones (or their imports) go to tsx, words in comments do not mislead', () => {
  assert.equal(chooseTsRunner(file('plain.ts', 'const n: number = 1;\nconsole.log(n);\n'), 'auto'), 'strip');
  assert.equal(chooseTsRunner(file('enum.ts', 'enum Color { Red }\nconsole.log(Color.Red);\n'), 'auto'), 'tsx');
  assert.equal(
    chooseTsRunner(file('props.ts', 'class A { constructor(private x: number) {} }\nnew A(1);\n'), 'auto'),
    'tsx',
  );
  // "private" only in a comment: the stripper is asked, and it says the file is erasable.
  assert.equal(chooseTsRunner(file('comment.ts', '// a private note\nconst x: string = "a";\n'), 'auto'), 'strip');
  file('lib.ts', 'export namespace N { export const x = 1; }\n');
  assert.equal(chooseTsRunner(file('main.ts', "import { N } from './lib.ts';\nconsole.log(N.x);\n"), 'auto'), 'tsx');
  assert.equal(chooseTsRunner(join(dir, 'enum.ts'), 'strip'), 'strip');
});

test('languages by extension, and the way to any other program', () => {
  assert.deepEqual(['a.py', 'a.ts', 'a.mts', 'a.js', 'a.mjs', 'a.cjs'].map(languageOf), [
    'py',
    'ts',
    'ts',
    'js',
    'js',
    'js',
  ]);
  assert.throws(() => languageOf('a.rb'), /unknown extension '\.rb'.*hangtime run -- COMMAND/);
});

test('a command resolves like a shell resolves it: a slash from the current folder, else the PATH in order', () => {
  const bin1 = join(dir, 'bin1');
  const bin2 = join(dir, 'bin2');
  mkdirSync(bin1);
  mkdirSync(bin2);
  writeFileSync(join(bin1, 'tool'), 'not executable');
  writeFileSync(join(bin2, 'tool'), '#!/bin/sh\n');
  chmodSync(join(bin2, 'tool'), 0o755);
  assert.equal(resolveCommand('tool', `${bin1}:${bin2}`, '/'), join(bin2, 'tool'));
  assert.equal(resolveCommand('./bin2/tool', '', dir), join(bin2, 'tool'));
  assert.throws(
    () => resolveCommand('tool', bin1, '/'),
    (e: unknown) => e instanceof UsageError && /not found on PATH/.test(String(e)),
  );
  assert.throws(() => resolveCommand('./bin1/tool', '', dir), /no such executable file/);
  const c = commandArgv('tool', ['-x', 'two words'], bin2, '/');
  assert.deepEqual(c.argv, [join(bin2, 'tool'), '-x', 'two words']);
  assert.equal(c.command, "tool -x 'two words'");
});
