// What is executed for a snippet, and what a reader types to do the same: the interpreter
// (the python3 resolved once, or the Node running the engine), how TypeScript runs (Node's own
// type stripping, or tsx's loader when some file needs more), and the snippet's arguments. Or, for
// a command run, the executable named, resolved on the run's PATH, with its arguments as given.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { delimiter, extname, join, relative, resolve } from 'node:path';
import { repoRoot } from '../../shared/paths.ts';
import type { RunOptions } from '../result.ts';
import { tsxLoader } from './env.ts';
import { localImports } from './imports.ts';
import { EXTENSION_LIST, EXTENSIONS } from './languages.ts';
import { resolvePython } from './python.ts';

/** A mistake in what the caller asked for (a missing file, an unknown extension): nothing ran. */
export class UsageError extends Error {}

/** What ran: a snippet in one of the languages hangtime knows, or a command (any executable). */
export type Language = 'ts' | 'py' | 'js' | 'command';

/** The snippet's language from its extension; a UsageError names the file otherwise. */
export function languageOf(file: string): Exclude<Language, 'command'> {
  const ext = extname(file);
  if (Object.hasOwn(EXTENSIONS, ext)) return EXTENSIONS[ext as keyof typeof EXTENSIONS];
  throw new UsageError(
    `${file}: ${ext ? `unknown extension '${ext}'` : 'no extension'} (hangtime runs ${EXTENSION_LIST} files; ` +
      'any other program as hangtime run -- COMMAND)',
  );
}

/** Why `path` cannot be executed, in words that say what to do; null when it can. */
function notExecutable(name: string, path: string): string | null {
  let st;
  try {
    st = statSync(path);
  } catch {
    return `${name}: no such file`;
  }
  if (st.isDirectory()) return `${name}: is a directory, not a program`;
  if (!st.isFile()) return `${name}: not a regular file, not a program`;
  try {
    accessSync(path, constants.X_OK);
    return null;
  } catch {
    const ext = extname(path);
    const how = Object.hasOwn(EXTENSIONS, ext)
      ? `hangtime run ${name} (without --)`
      : `hangtime run -- INTERPRETER ${name} (e.g. sh ${name})`;
    return `${name}: not executable: make it so with chmod +x ${name}, or run it with its interpreter: ${how}`;
  }
}

/**
 * The executable a command names, as a shell would find it: a name with a slash from `cwd`, any
 * other on `path` (the run's PATH); a UsageError says what was not found, or what the file is.
 */
export function resolveCommand(name: string, path: string, cwd: string): string {
  if (name.includes('/')) {
    const abs = resolve(cwd, name);
    const why = notExecutable(name, abs);
    if (why) throw new UsageError(why);
    return abs;
  }
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = resolve(cwd, join(dir, name));
    if (notExecutable(name, candidate) === null) return candidate;
  }
  // A shell does not look in the current folder for a name without a slash; neither does a run.
  const here = existsSync(resolve(cwd, name)) ? ` (a file ${name} is here: write ./${name} to run it)` : '';
  throw new UsageError(`${name}: command not found on PATH${here}`);
}

/**
 * The words without which TypeScript is erasable as Node strips it: enums, namespaces and legacy
 * modules, parameter properties, `import x =` and `export =`, decorators. A file with none of them
 * needs no check; one that has any (or only mentions one in a string or a comment) is checked by
 * Node's own stripper, whose WebAssembly start-up costs more than running a small snippet.
 */
const MAYBE_NOT_ERASABLE = new RegExp(
  [
    String.raw`\b(?:enum|namespace|module|public|private|protected|readonly|override)\b`,
    String.raw`\bimport\s+[\w$]+\s*=`,
    String.raw`\bexport\s*=`,
    String.raw`^\s*@[\w$]`,
  ].join('|'),
  'm',
);

/** 'strip' when Node can run every file natively, else tsx's loader. */
export function chooseTsRunner(file: string, wanted: RunOptions['tsRunner']): 'strip' | 'tsx' {
  if (wanted !== 'auto') return wanted;
  const texts = localImports(file).map((f) => readFileSync(f, 'utf8'));
  if (!texts.some((t) => MAYBE_NOT_ERASABLE.test(t))) return 'strip';
  // stripTypeScriptTypes warns that it is experimental; the check is ours, not the snippet's.
  const emit = process.emitWarning;
  process.emitWarning = () => {};
  try {
    for (const text of texts) stripTypeScriptTypes(text);
    return 'strip';
  } catch {
    return 'tsx';
  } finally {
    process.emitWarning = emit;
  }
}

/** A path as a reader in the repository would type it: relative to the root when inside it. */
export function displayPath(file: string): string {
  const rel = relative(repoRoot, resolve(file));
  return rel.startsWith('..') ? resolve(file) : rel;
}

function quote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

export interface Launch {
  /** argv as spawned (interpreter first). */
  argv: string[];
  /** What a reader types in the repository to run it themselves, shell-quoted. */
  command: string;
}

/** The argv of a snippet run; throws UsageError when its interpreter is missing. */
export function launchArgv(abs: string, language: Language, options: RunOptions): Launch {
  const shown = displayPath(abs);
  if (language === 'command') throw new UsageError(`${shown}: a command run is launched by commandArgv`);
  if (language === 'py') {
    const py = resolvePython();
    if (!py) throw new UsageError(`${shown}: python3 was not found on PATH`);
    const typed = ['python3', shown, ...options.args].map(quote).join(' ');
    // Python's default buffering is what a pipe gets, so a reader sees this run's output only with
    // the output into a pipe too; unbuffered, a terminal shows the same as the run did.
    const command = options.pythonBuffering === 'default' ? `${typed} | cat` : typed;
    return { argv: [py.path, abs, ...options.args], command };
  }
  const tsx = language === 'ts' && chooseTsRunner(abs, options.tsRunner) === 'tsx';
  // --no-memory-reducer: see preload/node.cjs (V8's own 8 s timer would hide every Node hang).
  const loader = tsx ? ['--import', tsxLoader] : [];
  const reader = tsx ? ['node', '--import', 'tsx', shown] : ['node', shown];
  return {
    argv: [process.execPath, '--no-memory-reducer', ...loader, abs, ...options.args],
    command: [...reader, ...options.args].map(quote).join(' '),
  };
}

/** The argv of a command run: the executable resolved, then its arguments; `command` is what a reader types. */
export function commandArgv(name: string, args: string[], path: string, cwd: string): Launch & { executable: string } {
  if (!name) throw new UsageError('run: name a command after --, e.g. hangtime run -- npm test');
  const executable = resolveCommand(name, path, cwd);
  return { argv: [executable, ...args], command: [name, ...args].map(quote).join(' '), executable };
}
