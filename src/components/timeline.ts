// Lanes for the Timeline figure: one per program thread (housekeeping left out),
// its state over time from the watcher's change events, and where it ended up.
import type { RunResult, TimelineEvent } from '../runner/result.ts';

export type LaneState = 'run' | 'wait' | 'timed' | 'gone';

export interface Lane {
  label: string;
  segments: { from: number; to: number; state: LaneState; syscall: string }[];
  /** What the thread was doing at the end (the syscall it is blocked in, for a hang). */
  last: string;
}

export function stateOf(event: TimelineEvent): LaneState {
  if (event.state === 'gone' || event.state === 'Z' || event.state === 'X') return 'gone';
  if (event.state === 'R' || event.state === 'D' || event.syscall === 'running') return 'run';
  return event.timed ? 'timed' : 'wait';
}

/** Lanes in order of first appearance; `end` closes the last segment of each. */
export function buildLanes(result: RunResult): { lanes: Lane[]; end: number } {
  const end = result.hang?.confirmedAtMs ?? result.timing.wallMs;
  const byThread = new Map<string, TimelineEvent[]>();
  for (const event of result.timeline) {
    if (event.housekeeping) continue;
    const key = `${event.pid}/${event.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key)!.push(event);
  }
  const lanes: Lane[] = [];
  const names = threadNames(result);
  for (const events of byThread.values()) {
    const first = events[0];
    const known = names.get(first.tid);
    const thread = known?.thread ?? (first.tid === first.pid ? 'main thread' : first.thread);
    const name = `${known?.process ?? `${first.proc} ${first.pid}`} · ${thread}`;
    const segments = events.map((event, index) => ({
      from: event.t,
      to: Math.max(event.t, events[index + 1]?.t ?? end),
      state: stateOf(event),
      syscall: event.syscall,
    }));
    const lastEvent = events[events.length - 1];
    const last = stateOf(lastEvent) === 'gone' ? 'exited' : stateOf(lastEvent) === 'run' ? 'running' : lastEvent.syscall || lastEvent.wchan;
    lanes.push({ label: name, segments, last });
  }
  return { lanes, end };
}

/**
 * The autopsy knows more than the kernel: Python thread names (QueueFeederThread) and each
 * process's part in the tree (the parent, the child). Lanes use them where they exist.
 */
function threadNames(result: RunResult): Map<number, { process: string; thread: string }> {
  const out = new Map<number, { process: string; thread: string }>();
  const autopsy = result.autopsy as { processes?: { pid: number; ppid: number; cmdline: string[]; threads: { tid: number; name: string; isMain: boolean }[] }[] } | null;
  const processes = autopsy?.processes ?? [];
  const root = processes.find((p) => !processes.some((q) => q.pid === p.ppid));
  for (const p of processes) {
    const role = p === root ? (processes.length > 1 ? 'parent' : 'program') : p.ppid === root?.pid ? 'child' : 'descendant';
    for (const t of p.threads ?? []) out.set(t.tid, { process: `${role} ${p.pid}`, thread: t.isMain ? 'main thread' : t.name });
  }
  return out;
}
