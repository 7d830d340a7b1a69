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
  for (const events of byThread.values()) {
    const first = events[0];
    const name = first.tid === first.pid ? `${first.proc} ${first.pid}` : `${first.proc} ${first.pid} · ${first.thread}`;
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
