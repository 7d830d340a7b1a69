// File locks from /proc/locks. A blocked waiter is listed with '->' right under the lock that
// blocks it, with the same ordinal:
//   2: FLOCK  ADVISORY  WRITE 27475 fe:00:2146755 0 EOF
//   2: -> FLOCK  ADVISORY  WRITE 27476 fe:00:2146755 0 EOF
// POSIX locks belong to a process (the pid). FLOCK and OFD locks belong to an open file
// description: the pid is the one that took it (OFD: -1), and any process holding an fd on that
// description can release it. /proc cannot tell open file descriptions apart, so every process
// with an fd on the same file counts: more wakers than the truth, never fewer.
import { readText } from './proc-files.ts';

export interface LockRow {
  id: number;
  blocked: boolean;
  level: number;
  type: 'FLOCK' | 'POSIX' | 'OFDLCK' | string;
  access: string;
  pid: number;
  dev: string;
  inode: number;
  line: string;
}

export function parseLocks(text: string): LockRow[] {
  const out: LockRow[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+): ((?:-> )*)(\S+)\s+(\S+)\s+(\S+)\s+(-?\d+)\s+([0-9a-f]+:[0-9a-f]+):(\d+)\s/.exec(line);
    if (!m) continue;
    out.push({
      id: Number(m[1]),
      blocked: m[2] !== '',
      level: m[2]!.length / 3,
      type: m[3]!,
      access: m[5]!,
      pid: Number(m[6]),
      dev: m[7]!,
      inode: Number(m[8]),
      line: line.trim(),
    });
  }
  return out;
}

export function readLocks(root: string): LockRow[] {
  return parseLocks(readText(`${root}/locks`) ?? '');
}

const family = (t: string) => (t === 'FLOCK' ? 'flock' : t === 'POSIX' || t === 'OFDLCK' ? 'record' : t);

/**
 * The locks that block a waiter on a file: the lock above the waiter's '->' line, and above that
 * one when it is itself a waiter ('-> ->'), up to the granted lock; when the waiter is not listed,
 * every granted lock of the same family on that file.
 */
export function blockersOf(
  rows: LockRow[],
  waiter: { pid: number; dev: string; inode: number; type: 'FLOCK' | 'POSIX' | 'OFDLCK' },
): LockRow[] {
  const onFile = (r: LockRow) =>
    r.dev === waiter.dev && r.inode === waiter.inode && family(r.type) === family(waiter.type);
  const granted = rows.filter((r) => !r.blocked && onFile(r));
  // An OFD waiter's pid reads -1: it cannot be told from another process's waiter.
  if (waiter.type === 'OFDLCK') return granted;
  const out = new Set<LockRow>();
  rows.forEach((w, at) => {
    if (!w.blocked || !onFile(w) || w.pid !== waiter.pid) return;
    let level = w.level;
    for (let i = at - 1; i >= 0 && level > 0; i--) {
      const r = rows[i]!;
      if (r.id !== w.id) break;
      if (r.level < level) {
        out.add(r);
        level = r.level;
      }
    }
  });
  return [...out].some((r) => !r.blocked) ? [...out] : granted;
}
