// A lock file that names its holder by identity (pid + start time), so that:
// - a holder that is gone, or whose pid now belongs to another process, is stale: taken at once;
// - an empty or unreadable lock file (an older hangtime killed between creating and writing it)
//   is taken after a short grace, in case its writer is still between the two;
// - a wait on a live holder says who it is (pid, command, since when) every few seconds and
//   gives up after a bound with an error that says what to do.
// The content is written to a temporary file and linked into place (link(2) fails with EEXIST
// like O_EXCL), so a reader never sees a half-written lock; where the file system cannot link,
// it falls back to O_EXCL + one write, and the grace covers the gap.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { describeHolder, inspectLock, readLock, type LockState } from './lock-file.ts';
import { commandOf, selfId } from './process.ts';
import { sleep } from './time.ts';

export { describeHolder, readLock, type LockHolder, type LockState } from './lock-file.ts';

export interface WaitReport {
  path: string;
  state: Exclude<LockState, { kind: 'free' }>;
  waitedMs: number;
}

export interface LockOptions {
  /** What the holder is doing, shown to whoever waits. @default this process's command line */
  command?: string;
  /** How long an empty or unreadable lock file is left alone before it is taken. @default 2000 */
  graceMs?: number;
  /** Give up waiting for a live holder after this long (LockTimeoutError). @default 600000 */
  timeoutMs?: number;
  /** How often the lock file is looked at while waiting. @default 50 */
  pollMs?: number;
  /** onWait is called when a wait starts, then every this many ms. @default 3000 */
  reportEveryMs?: number;
  onWait?: (report: WaitReport) => void;
  /** Aborting a wait rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface HeldLock {
  path: string;
  /** Removes the lock file if it is still this lock's (idempotent; also runs at process exit). */
  release(): void;
}

export class LockTimeoutError extends Error {
  readonly path: string;
  readonly state: WaitReport['state'];
  constructor(path: string, state: WaitReport['state'], waitedMs: number) {
    const who = state.kind === 'held' ? describeHolder(state.holder) : `an ${state.why} lock file`;
    const fix =
      state.kind === 'held' && state.alive
        ? `If that process is stuck, end it (kill ${state.holder.pid}); if it is not hangtime, remove ${path}.`
        : `Remove ${path} if no hangtime is running.`;
    super(`gave up after ${Math.round(waitedMs / 1000)} s waiting for the lock ${path}, held by ${who}. ${fix}`);
    this.name = 'LockTimeoutError';
    this.path = path;
    this.state = state;
  }
}

const held = new Set<{ path: string; text: string }>();
let exitHook = false;

function releaseEntry(entry: { path: string; text: string }): void {
  if (!held.delete(entry)) return;
  try {
    if (readFileSync(entry.path, 'utf8') === entry.text) unlinkSync(entry.path);
  } catch {
    /* already gone */
  }
}

/** Puts `text` at `path` only if nothing is there, in one step. False when the lock exists. */
function createExclusive(path: string, text: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { mode: 0o644 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
  }
  // No hard links on this file system: O_EXCL, then one write (the grace covers the gap).
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes a stale lock file, but only the one that was judged: it is renamed aside and its inode
 * compared; a fresh lock that another process created in between is put back. (Three processes
 * racing within microseconds over one stale lock can still both end up holding: accepted.)
 */
function removeStale(path: string, ino: number): void {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else removed it
  }
  if (statSync(aside).ino !== ino) {
    try {
      linkSync(aside, path);
    } catch {
      /* a third process holds it now */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* gone */
  }
}

/** One attempt: the lock, or what holds it. Stale and (past the grace) unreadable locks are taken. */
export function tryAcquireLock(
  path: string,
  options: LockOptions = {},
): HeldLock | Exclude<LockState, { kind: 'free' }> {
  const graceMs = options.graceMs ?? 2000;
  const me = selfId();
  for (let attempt = 0; attempt < 5; attempt++) {
    const text = JSON.stringify({
      pid: me.pid,
      startTicks: me.startTicks,
      command: options.command ?? commandOf(process.pid),
      since: new Date().toISOString(),
      nonce: randomBytes(4).toString('hex'),
    });
    if (createExclusive(path, text)) {
      const entry = { path, text };
      held.add(entry);
      if (!exitHook) {
        exitHook = true;
        process.on('exit', () => {
          for (const e of [...held]) releaseEntry(e);
        });
      }
      return { path, release: () => releaseEntry(entry) };
    }
    const seen = inspectLock(path);
    if (!seen) continue; // released between our attempt and our look
    const { state } = seen;
    if (state.kind === 'free') continue;
    const stale = state.kind === 'held' ? !state.alive : state.ageMs >= graceMs;
    if (!stale) return state;
    removeStale(path, seen.ino);
  }
  const state = readLock(path);
  return state.kind === 'free' ? tryAcquireLock(path, options) : state;
}

/** Waits for the lock (see LockOptions): resolves holding it, or rejects with LockTimeoutError. */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<HeldLock> {
  const { timeoutMs = 600_000, pollMs = 50, reportEveryMs = 3000 } = options;
  const started = Date.now();
  let nextReport = started;
  for (;;) {
    options.signal?.throwIfAborted();
    const got = tryAcquireLock(path, options);
    if ('release' in got) return got;
    const waitedMs = Date.now() - started;
    if (waitedMs >= timeoutMs) throw new LockTimeoutError(path, got, waitedMs);
    if (Date.now() >= nextReport) {
      options.onWait?.({ path, state: got, waitedMs });
      nextReport += reportEveryMs;
    }
    await sleep(Math.min(pollMs, Math.max(1, timeoutMs - waitedMs)));
  }
}

/** Runs `fn` holding the lock, and releases it however `fn` ends. */
export async function withLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = await acquireLock(path, options);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
