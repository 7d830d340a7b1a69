// What is executed for a snippet, and what a reader types to do the same: the interpreter
// (the python3 resolved once, or the Node running the engine), how TypeScript runs (Node's own
// type stripping, or tsx's loader when some file needs more), and the snippet's arguments.
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { extname, relative, resolve } from 'node:path';
import { repoRoot } from '../../shared/paths.ts';
import type { RunOptions } from '../result.ts';
import { tsxLoader } from './env.ts';
import { localImports } from './imports.ts';
import { resolvePython } from './python.ts';

/** A mistake in what the caller asked for (a missing file, an unknown extension): nothing ran. */
export class UsageError extends Error {}

export type Language = 'ts' | 'py';

/** The snippet's language from its extension; a UsageError names the file otherwise. */
export function languageOf(file: string): Language {
  const ext = extname(file);
  if (ext === '.ts' || ext === '.mts') return 'ts';
  if (ext === '.py') return 'py';
  throw new UsageError(`${file}: unknown extension '${ext}' (hangtime runs .ts and .py snippets)`);
}

/** 'strip' when Node can run every file natively, else tsx's loader. */
export function chooseTsRunner(file: string, wanted: RunOptions['tsRunner']): 'strip' | 'tsx' {
  if (wanted !== 'auto') return wanted;
  // stripTypeScriptTypes warns that it is experimental; the check is ours, not the snippet's.
  const emit = process.emitWarning;
  process.emitWarning = () => {};
  try {
    for (const f of localImports(file)) stripTypeScriptTypes(readFileSync(f, 'utf8'));
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
  if (language === 'py') {
    const py = resolvePython();
    if (!py) throw new UsageError(`${shown}: python3 was not found on PATH`);
    return { argv: [py.path, abs, ...options.args], command: ['python3', shown, ...options.args].map(quote).join(' ') };
  }
  const tsx = chooseTsRunner(abs, options.tsRunner) === 'tsx';
  // --no-memory-reducer: see preload/node.cjs (V8's own 8 s timer would hide every Node hang).
  const loader = tsx ? ['--import', tsxLoader] : [];
  const reader = tsx ? ['node', '--import', 'tsx', shown] : ['node', shown];
  return {
    argv: [process.execPath, '--no-memory-reducer', ...loader, abs, ...options.args],
    command: [...reader, ...options.args].map(quote).join(' '),
  };
}
