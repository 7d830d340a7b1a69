// Lanes for the Timeline figure: one per program thread (housekeeping left out),
// its state over time from the watcher's change events, and where it ended up.
import type { RunResult, TimelineEvent } from '../runner/schema.ts';
import { pidLabel, roleOf } from './labels.ts';
import { describeWait } from './waits.ts';

export type LaneState = 'run' | 'wait' | 'timed' | 'idle' | 'gone';

export interface Lane {
  label: string;
  segments: { from: number; to: number; state: LaneState; syscall: string }[];
  /** What the thread was doing at the end (the syscall it is blocked in, for a hang). */
  last: string;
}

export function stateOf(event: TimelineEvent): LaneState {
  if (event.state === 'gone' || event.state === 'Z' || event.state === 'X') return 'gone';
  if (event.state === 'R' || event.state === 'D' || event.syscall.name === 'running') return 'run';
  if (event.housekeeping) return 'idle';
  return event.syscall.timed ? 'timed' : 'wait';
}

/**
 * Lanes in order of first appearance; `end` closes the last segment of each. A thread gets a
 * lane when it did program work at least once: a pool thread (a libuv worker) that wrote for the
 * program and then went back to its pool keeps its lane, idle, instead of seeming to run on.
 */
export function buildLanes(result: RunResult): { lanes: Lane[]; end: number } {
  const end = result.hang?.confirmedAtMs ?? result.timing.wallMs;
  const byThread = new Map<string, TimelineEvent[]>();
  for (const event of result.timeline) {
    const key = `${event.pid}/${event.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key)!.push(event);
  }
  const lanes: Lane[] = [];
  const names = threadNames(result);
  for (const all of byThread.values()) {
    const firstWork = all.findIndex((e) => !e.housekeeping);
    if (firstWork < 0) continue; // runtime housekeeping all along: not the program
    const events = all.slice(firstWork);
    const first = events[0]!;
    const known = names.get(first.tid);
    const thread = known?.thread ?? (first.tid === first.pid ? 'main thread' : first.thread);
    const name = `${known?.process ?? `${first.proc} ${first.pid}`} · ${thread}`;
    const segments = events.map((event, index) => ({
      from: event.t,
      to: Math.max(event.t, events[index + 1]?.t ?? end),
      state: stateOf(event),
      syscall: describeWait(event.syscall, event.state),
    }));
    const lastEvent = events[events.length - 1]!;
    const lastState = stateOf(lastEvent);
    const last =
      lastState === 'gone'
        ? 'exited'
        : lastState === 'run'
          ? 'running'
          : lastState === 'idle'
            ? 'idle, back in its pool'
            : describeWait(lastEvent.syscall, lastEvent.state);
    lanes.push({ label: name, segments, last });
  }
  return { lanes, end };
}

/**
 * The autopsy knows more than the kernel: Python thread names (QueueFeederThread) and each
 * process's part in the tree (the parent, the child), in the autopsy's own words. Lanes use
 * them where the autopsy has the same ids as the timeline.
 */
function threadNames(result: RunResult): Map<number, { process: string; thread: string }> {
  const out = new Map<number, { process: string; thread: string }>();
  const a = result.autopsy;
  if (a?.status !== 'taken') return out;
  for (const p of a.processes) {
    const process = `${roleOf(a, p.pid)} (${pidLabel(a, p.pid)})`;
    for (const t of p.threads) out.set(t.tid, { process, thread: t.isMain ? 'main thread' : t.name });
  }
  return out;
}
