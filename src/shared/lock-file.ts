// What a lock file says: who holds it (pid + start time, the command, since when) and whether that
// holder is still the process that wrote it; an empty or corrupt file says so. Reading only: taking
// and releasing a lock is lock.ts.
import { fstatSync, readFileSync } from 'node:fs';
import { withOpenFile } from './fs.ts';
import { isAlive, type ProcessId } from './process.ts';

export interface LockHolder extends ProcessId {
  command: string;
  /** ISO time the lock was taken. */
  since: string;
}

/** What a lock file says right now. */
export type LockState =
  | { kind: 'free' }
  | { kind: 'held'; holder: LockHolder; alive: boolean }
  /** Empty, or not a lock hangtime wrote: taken once `ageMs` reaches the grace. */
  | { kind: 'unreadable'; why: 'empty' | 'corrupt'; ageMs: number };

/** "pid 4242 (node astro build) since 2026-11-29T10:00:00.000Z, 12 s ago" */
export function describeHolder(h: LockHolder, now = Date.now()): string {
  const ago = Math.round((now - Date.parse(h.since)) / 1000);
  const command = h.command ? ` (${h.command})` : '';
  return `pid ${h.pid}${command} since ${h.since}${Number.isFinite(ago) ? `, ${ago} s ago` : ''}`;
}

/** Reads and judges a lock file (its content and inode from one open: a swap cannot mix them). */
export function readLock(path: string): LockState {
  return inspectLock(path)?.state ?? { kind: 'free' };
}

/** The lock file's state, inode and text from one open; null when there is no file. */
export function inspectLock(path: string): { state: LockState; ino: number; text: string } | null {
  return withOpenFile(path, (fd) => {
    const st = fstatSync(fd);
    const text = readFileSync(fd, 'utf8');
    const ageMs = Date.now() - st.mtimeMs;
    if (text.trim() === '') return { state: { kind: 'unreadable', why: 'empty', ageMs }, ino: st.ino, text };
    const holder = parseHolder(text, st.mtime);
    if (!holder) return { state: { kind: 'unreadable', why: 'corrupt', ageMs }, ino: st.ino, text };
    return { state: { kind: 'held', holder, alive: isAlive(holder) }, ino: st.ino, text };
  });
}

function parseHolder(text: string, mtime: Date): LockHolder | null {
  // The formats before this module: "PID" (cache) and "PID CONTENT_DIR" (build lock). No
  // start time, so the pid alone decides; a live pid is waited for, never taken.
  const legacy = /^(\d+)(?: (.*))?$/s.exec(text.trim());
  if (legacy) return { pid: Number(legacy[1]), startTicks: null, command: legacy[2] ?? '', since: mtime.toISOString() };
  let j: Partial<LockHolder>;
  try {
    j = JSON.parse(text) as Partial<LockHolder>;
  } catch {
    return null;
  }
  if (typeof j !== 'object' || j === null || !Number.isInteger(j.pid) || !(j.pid! > 0)) return null;
  const startTicks = Number.isInteger(j.startTicks) ? j.startTicks! : null;
  return { pid: j.pid!, startTicks, command: String(j.command ?? ''), since: String(j.since ?? mtime.toISOString()) };
}
