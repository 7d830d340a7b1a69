// Files as a whole: written whole or not at all (a reader sees the old content or the new, never
// half), and read through an fd that is closed however the reading ends.
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `data` to `path` atomically: a temporary file beside it (same file system), then
 * rename(2). Creates the parent folder. The temporary file is removed if the write fails.
 */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * Runs `use` on a read-only fd of `path` and closes it however `use` ends: null when the file cannot
 * be opened (gone, not allowed); what `use` throws is thrown on.
 */
export function withOpenFile<T>(path: string, use: (fd: number) => T): T | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}
