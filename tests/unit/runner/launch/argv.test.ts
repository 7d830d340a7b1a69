// What is executed for a snippet and what a reader types to do the same: the language from the
// extension, how TypeScript runs (Node's type stripping, or tsx when a file needs more), and a
// command line quoted for a shell.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chooseTsRunner, displayPath, languageOf, launchArgv, UsageError } from '../../../../src/runner/launch/argv.ts';
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

test('the language comes from the extension; any other is a usage error naming the file', () => {
  assert.equal(languageOf('a/b.ts'), 'ts');
  assert.equal(languageOf('a/b.mts'), 'ts');
  assert.equal(languageOf('a/b.py'), 'py');
  assert.throws(
    () => languageOf('a/b.js'),
    (e: unknown) =>
      e instanceof UsageError && /^a\/b\.js: unknown extension '\.js' \(hangtime runs \.ts and \.py/.test(e.message),
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
});

test("a TypeScript snippet: this Node, V8's memory reducer off, tsx's loader only when needed", () => {
  const stripped = launchArgv(plain, 'ts', options({ args: ['1'] }));
  assert.deepEqual(stripped.argv, [process.execPath, '--no-memory-reducer', plain, '1']);
  assert.equal(stripped.command, `node ${plain} 1`);
  const tsx = launchArgv(needsTsx, 'ts', options());
  assert.deepEqual(tsx.argv, [process.execPath, '--no-memory-reducer', '--import', tsxLoader, needsTsx]);
  assert.equal(tsx.command, `node --import tsx ${needsTsx}`);
});
