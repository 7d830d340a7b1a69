// What is executed for a snippet and what a reader types to do the same: the language from the
// extension, how TypeScript runs (Node's type stripping, or tsx when a file needs more), and a
// command line quoted for a shell; for a command run, what its name resolves to (a shell's rules).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  chooseTsRunner,
  commandArgv,
  displayPath,
  languageOf,
  launchArgv,
  resolveCommand,
  UsageError,
} from '../../../../src/runner/launch/argv.ts';
import { tsxLoader } from '../../../../src/runner/launch/env.ts';
import { resolvePython } from '../../../../src/runner/launch/python.ts';
import { RunOptions, type RunOptionsInput } from '../../../../src/runner/result.ts';
import { repoRoot } from '../../../../src/shared/paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'hangtime-argv-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const plain = file('plain.ts', "import { x } from './erasable.ts';\nconst n: number = x;\nconsole.log(n);\n");
file('erasable.ts', 'export const x: number = 1;\n');
const needsTsx = file('main.ts', "import { Color } from './enum.ts';\nconsole.log(Color.Red);\n");
file('enum.ts', 'export enum Color { Red, Green }\n');
const options = (o: RunOptionsInput = {}) => RunOptions.parse(o);

test('the language comes from the extension; any other is a usage error naming the file and the way to run it', () => {
  assert.deepEqual(['a/b.ts', 'a/b.mts', 'a/b.py', 'a/b.js', 'a/b.mjs', 'a/b.cjs'].map(languageOf), [
    'ts',
    'ts',
    'py',
    'js',
    'js',
    'js',
  ]);
  assert.throws(
    () => languageOf('a/b.rb'),
    (e: unknown) =>
      e instanceof UsageError &&
      /^a\/b\.rb: unknown extension '\.rb' \(hangtime runs \.py, \.ts.*hangtime run -- COMMAND\)$/.test(e.message),
  );
});

test("Node strips the types when every imported file allows it; an enum anywhere needs tsx's loader", () => {
  const emit = process.emitWarning;
  assert.equal(chooseTsRunner(plain, 'auto'), 'strip');
  assert.equal(chooseTsRunner(needsTsx, 'auto'), 'tsx', 'the enum is in a file it imports');
  assert.equal(chooseTsRunner(plain, 'tsx'), 'tsx', 'asked for');
  assert.equal(chooseTsRunner(needsTsx, 'strip'), 'strip', 'asked for');
  assert.equal(process.emitWarning, emit, "the engine's own warning switch is put back");
});

test('a path is shown relative to the repository when inside it, absolute otherwise', () => {
  assert.equal(displayPath(join(repoRoot, 'runnable', 'x.py')), 'runnable/x.py');
  assert.equal(displayPath(plain), plain);
});

test('a Python snippet: the resolved interpreter runs it; the reader types python3, arguments quoted', () => {
  const abs = join(repoRoot, 'tests/fixtures/runner/hello.py');
  const launch = launchArgv(abs, 'py', options({ args: ['--size', 'two words', "it's", '$HOME'] }));
  assert.deepEqual(launch.argv, [resolvePython()!.path, abs, '--size', 'two words', "it's", '$HOME']);
  assert.equal(launch.command, `python3 tests/fixtures/runner/hello.py --size 'two words' 'it'\\''s' '$HOME'`);
  // Python's default buffering: the output went into a pipe, and the reader's command does the same.
  const buffered = launchArgv(abs, 'py', options({ pythonBuffering: 'default' }));
  assert.equal(buffered.command, 'python3 tests/fixtures/runner/hello.py | cat');
});

test("a TypeScript snippet: this Node, V8's memory reducer off, tsx's loader only when needed", () => {
  const stripped = launchArgv(plain, 'ts', options({ args: ['1'] }));
  assert.deepEqual(stripped.argv, [process.execPath, '--no-memory-reducer', plain, '1']);
  assert.equal(stripped.command, `node ${plain} 1`);
  const tsx = launchArgv(needsTsx, 'ts', options());
  assert.deepEqual(tsx.argv, [process.execPath, '--no-memory-reducer', '--import', tsxLoader, needsTsx]);
  assert.equal(tsx.command, `node --import tsx ${needsTsx}`);
});

test('TypeScript: erasable files strip, non-erasable ones (or imports) go to tsx, words in comments do not', () => {
  assert.equal(chooseTsRunner(file('plain2.ts', 'const n: number = 1;\nconsole.log(n);\n'), 'auto'), 'strip');
  assert.equal(chooseTsRunner(file('enum2.ts', 'enum Color { Red }\nconsole.log(Color.Red);\n'), 'auto'), 'tsx');
  assert.equal(
    chooseTsRunner(file('props.ts', 'class A { constructor(private x: number) {} }\nnew A(1);\n'), 'auto'),
    'tsx',
  );
  // "private" only in a comment: the stripper is asked, and it says the file is erasable.
  assert.equal(chooseTsRunner(file('comment.ts', '// a private note\nconst x: string = "a";\n'), 'auto'), 'strip');
  file('lib2.ts', 'export namespace N { export const x = 1; }\n');
  assert.equal(chooseTsRunner(file('main2.ts', "import { N } from './lib2.ts';\nconsole.log(N.x);\n"), 'auto'), 'tsx');
  assert.equal(chooseTsRunner(join(dir, 'enum2.ts'), 'strip'), 'strip');
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
  assert.throws(
    () => resolveCommand('./bin1/tool', '', dir),
    /\.\/bin1\/tool: not executable: make it so with chmod \+x/,
  );
  assert.throws(() => resolveCommand('./bin1', '', dir), /\.\/bin1: is a directory, not a program/);
  assert.throws(() => resolveCommand('./none', '', dir), /\.\/none: no such file/);
  writeFileSync(join(dir, 'job.py'), 'print(1)\n');
  assert.throws(() => resolveCommand('./job.py', '', dir), /not executable: .*hangtime run \.\/job\.py \(without --\)/);
  assert.throws(
    () => resolveCommand('job.py', '', dir),
    /job\.py: command not found on PATH \(a file job\.py is here: write \.\/job\.py/,
  );
  const c = commandArgv('tool', ['-x', 'two words'], bin2, '/');
  assert.deepEqual(c.argv, [join(bin2, 'tool'), '-x', 'two words']);
  assert.equal(c.command, "tool -x 'two words'");
});
