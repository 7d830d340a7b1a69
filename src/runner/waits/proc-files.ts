// Small readers of /proc under a root that tests may replace. Each returns null when the file
// is gone or unreadable: a process can exit between two reads.
import { readdirSync, readlinkSync, readSync, statSync } from 'node:fs';
import { withOpenFile } from '../../shared/fs.ts';

export function readText(path: string): string | null {
  return readAll(path, () => false);
}

/**
 * A seq_file of fixed-size records (/proc/net/tcp): each read() walks the kernel's table, and
 * on a machine with a large TCP hash the walk costs ~2.5 ms, so the usual read-until-0 costs it
 * twice. seq_file fills a buffer of at least a page and stops only when the next record does not
 * fit: a read shorter than a page minus the longest record therefore reached the end.
 */
export function readSeqFile(path: string, longestRecord: number): string | null {
  return readAll(path, (n) => n + longestRecord < 4096);
}

/** Reads until end of file, or until `reachedEnd` says a read of n bytes was the last. */
function readAll(path: string, reachedEnd: (n: number) => boolean): string | null {
  try {
    return withOpenFile(path, (fd) => {
      const chunks: Buffer[] = [];
      for (;;) {
        const buf = Buffer.allocUnsafe(65536);
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n <= 0) break;
        chunks.push(buf.subarray(0, n));
        if (reachedEnd(n)) break;
      }
      return Buffer.concat(chunks).toString('latin1');
    });
  } catch {
    return null;
  }
}

export function readLink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

export function listDir(path: string): string[] | null {
  try {
    return readdirSync(path);
  } catch {
    return null;
  }
}

/**
 * Device and inode of what a path (or /proc/PID/fd/N) points to, as 'dev:ino' with dev 'MAJ:MIN'
 * in hex like /proc/locks.
 */
export function fileId(path: string): { dev: string; inode: number; isFifo: boolean; isChar: boolean } | null {
  try {
    const st = statSync(path);
    const major = Math.floor(st.dev / 256) & 0xfff;
    const minor = (st.dev & 0xff) | ((Math.floor(st.dev / 2 ** 20) & 0xfff) << 8);
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    return { dev: `${hex(major)}:${hex(minor)}`, inode: st.ino, isFifo: st.isFIFO(), isChar: st.isCharacterDevice() };
  } catch {
    return null;
  }
}

/** Reads `length` bytes of a process's memory at `address` (needs ptrace-attach rights over it). */
export function readMemory(root: string, pid: number, address: bigint, length: number): Buffer | null {
  if (length <= 0 || length > 1 << 20 || address === 0n) return null;
  try {
    return withOpenFile(`${root}/${pid}/mem`, (fd) => {
      const buf = Buffer.alloc(length);
      return readSync(fd, buf, 0, length, address) === length ? buf : null;
    });
  } catch {
    return null;
  }
}

/** The numeric entries of a /proc directory (pids, tids, fds). */
export function numericEntries(path: string): number[] | null {
  const names = listDir(path);
  if (!names) return null;
  const out: number[] = [];
  for (const n of names) {
    const c = n.charCodeAt(0);
    if (c >= 48 && c <= 57) out.push(Number(n));
  }
  return out;
}
