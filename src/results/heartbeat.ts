// Heartbeat: while a run has been in flight for more than a few seconds, say which runs are
// running and where each one's program threads are blocked, so a slow build is never silent.
// What the threads do comes from the engine's own watcher (its last look at the tree), found by
// the run id the engine reported when it started the tree; the words are the autopsy's.
import type { RunInFlight } from '../runner/index.ts';
import { describeWait } from '../explain/waits.ts';

export interface InFlight {
  /** How the run is named in the message (chapter file:line and snippet). */
  shown: string;
  startedAt: number;
  /** The engine's id for the run, once its tree exists. */
  runId?: string;
}

/** One line per program thread of a run, as its watcher last saw it. */
export function describeThreads(run: RunInFlight | undefined): string[] {
  if (!run) return ['(not started yet, or finishing)'];
  const threads = run.threads().filter((t) => !t.housekeeping);
  if (threads.length === 0) return ['(not sampled yet)'];
  return threads.map((t) => {
    const who = t.tid === t.pid ? `${t.proc} ${t.pid}, main thread` : `${t.proc} ${t.pid}, thread ${t.thread}`;
    return `${who}: ${describeWait(t.syscall, t.state)}`;
  });
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
  runs: () => RunInFlight[],
  write: (text: string) => void,
  o: HeartbeatOptions = {},
): () => void {
  const after = o.afterMs ?? 5000;
  const now = o.now ?? Date.now;
  const timer = setInterval(() => {
    const slow = inFlight().filter((r) => now() - r.startedAt > after);
    if (slow.length === 0) return;
    const live = runs();
    const lines = [`still running (${slow.length}):`];
    for (const r of slow) {
      lines.push(`  ${r.shown} · ${((now() - r.startedAt) / 1000).toFixed(0)} s`);
      for (const t of describeThreads(live.find((x) => x.runId === r.runId))) lines.push(`    ${t}`);
    }
    write(lines.join('\n'));
  }, o.everyMs ?? 5000);
  timer.unref();
  return () => clearInterval(timer);
}
