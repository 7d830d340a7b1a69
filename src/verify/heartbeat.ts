// Heartbeat: while a run has been in flight for more than a few seconds, say which runs
// are running and where each one's threads are blocked, so a slow build is never silent.
// Thread states come from /proc (the engine's procfs reader); runtime housekeeping
// threads (V8 workers, idle libuv workers, tsx's esbuild) are left out.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findTree, hasProc, listProcesses, sampleThreads } from '../runner/procfs.ts';

export interface InFlight {
  file: string;
  shown: string;
  startedAt: number;
}

/** One line per program thread of the run whose command line names `file`. */
export function describeThreads(file: string, liveRuns: () => { rootPid: number }[]): string[] {
  if (!hasProc) return ['(no /proc here: cannot see threads)'];
  const abs = resolve(file);
  const all = listProcesses();
  const root = liveRuns().find((r) => {
    try {
      return all.some((p) => p.pid === r.rootPid) && readCmdline(r.rootPid).includes(abs);
    } catch {
      return false;
    }
  });
  if (!root) return ['(not started yet, or finishing)'];
  const threads = sampleThreads(findTree(root.rootPid, all)).filter((t) => !t.housekeeping);
  return threads.map((t) => {
    const where =
      t.syscall.name === 'running'
        ? 'running'
        : `${t.wchan || '?'} in ${t.syscall.name}${t.syscall.timed ? ' (timed)' : ''}`;
    return `${t.proc}[${t.pid}]${t.tid !== t.pid ? ` thread ${t.thread}[${t.tid}]` : ''}: ${t.state} ${where}`;
  });
}

function readCmdline(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
}

export interface HeartbeatOptions {
  /** Report once a run has been in flight this long. @default 5000 */
  afterMs?: number;
  /** How often to check. @default 5000 */
  everyMs?: number;
  now?: () => number;
}

/** Starts reporting; returns stop(). `write` receives a whole multi-line message. */
export function startHeartbeat(
  inFlight: () => InFlight[],
  liveRuns: () => { rootPid: number }[],
  write: (text: string) => void,
  o: HeartbeatOptions = {},
): () => void {
  const after = o.afterMs ?? 5000;
  const now = o.now ?? Date.now;
  const timer = setInterval(() => {
    const slow = inFlight().filter((r) => now() - r.startedAt > after);
    if (slow.length === 0) return;
    const lines = [`still running (${slow.length}):`];
    for (const r of slow) {
      lines.push(`  ${r.shown} · ${((now() - r.startedAt) / 1000).toFixed(0)} s`);
      for (const t of describeThreads(r.file, liveRuns)) lines.push(`    ${t}`);
    }
    write(lines.join('\n'));
  }, o.everyMs ?? 5000);
  timer.unref();
  return () => clearInterval(timer);
}
