// The door a snippet file passes before anything is started: it exists, is a regular file with an
// extension hangtime runs, and this user can read it. Its bytes are read here, once, and hashed: the
// record names what was started, not what the file became while the run ran (a run may rewrite it).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { languageOf, UsageError, type Language } from './argv.ts';
import { EXTENSION_LIST } from './languages.ts';

export interface CheckedSnippet {
  /** The file, absolute. */
  abs: string;
  language: Exclude<Language, 'command'>;
  /** sha256 of the bytes as read at the door. */
  sha256: string;
}

/** An error of the file system, in words that say what to do; `file` as the caller gave it. */
function cannot(file: string, e: unknown): UsageError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UsageError(`${file}: no such file`);
  if (code === 'ENOTDIR') return new UsageError(`${file}: no such file (a part of its path is not a folder)`);
  if (code === 'EACCES' || code === 'EPERM')
    return new UsageError(
      `cannot read ${file} (permission denied): give your user read access to it ` +
        '(and to its folders), e.g. chmod u+r, or run hangtime as a user who can read it',
    );
  return new UsageError(`cannot read ${file} (${code ?? (e as Error).message})`);
}

/** Checks `file` at the door and reads it once; a UsageError (nothing started) says what is wrong and what to do. */
export function checkSnippet(file: string): CheckedSnippet {
  const abs = resolve(file);
  let isFile: boolean;
  let isDirectory: boolean;
  try {
    const st = statSync(abs);
    isFile = st.isFile();
    isDirectory = st.isDirectory();
  } catch (e) {
    throw cannot(file, e);
  }
  if (isDirectory)
    throw new UsageError(`${file}: is a directory; name one ${EXTENSION_LIST} file to run (hangtime runs one file)`);
  if (!isFile) throw new UsageError(`${file}: not a regular file; name one ${EXTENSION_LIST} file to run`);
  const language = languageOf(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    throw cannot(file, e);
  }
  return { abs, language, sha256: createHash('sha256').update(bytes).digest('hex') };
}
