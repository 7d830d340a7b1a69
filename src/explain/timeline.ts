// Lanes for the Timeline figure: one per program thread (housekeeping left out), its state over
// time from the watcher's change events, named as the autopsy names it; the output lines with
// the time each appeared; and the moments a reader can step through, where something changed.
import { namedHelperKind, type RunResult, type TakenAutopsy, type TimelineEvent } from '../runner/schema.ts';
import { pidLabel, roleOf } from './labels.ts';
import { timedLines, type TimedLine, type TranscriptChunk } from './terminal.ts';
import { describeWait } from './waits.ts';

export type LaneState = 'run' | 'wait' | 'timed' | 'idle' | 'gone';

/** The words for each state, in the legend, the tooltips and the stepper's readout. */
export const STATE_WORDS: Record<LaneState, string> = {
  run: 'running',
  wait: 'blocked',
  timed: 'timed wait',
  idle: 'idle (pool)',
  gone: 'gone',
};

export interface Segment {
  from: number;
  to: number;
  state: LaneState;
  /** The system call in words ("write(fd 4, 105,665 bytes)"), or "running". */
  syscall: string;
}

export interface Lane {
  /** "pid/tid" as the watcher saw them. */
  key: string;
  /** The process as the autopsy names it: "the child (2008)", or "bash 32371" when it has no word for it. */
  process: string;
  /** The thread: "main thread", or its runtime name (QueueFeederThread, libuv-worker). */
  thread: string;
  label: string;
  segments: Segment[];
  /** What the thread was doing at the end (the syscall it is blocked in, for a hang). */
  last: string;
}

export function stateOf(event: TimelineEvent): LaneState {
  if (event.state === 'gone' || event.state === 'Z' || event.state === 'X') return 'gone';
  if (event.state === 'R' || event.state === 'D' || event.syscall.name === 'running') return 'run';
  if (event.housekeeping) return 'idle';
  return event.syscall.timed ? 'timed' : 'wait';
}

/** What a segment says in a lane's label and the readout: "exited", "running", the wait. */
export function segmentWords(s: Pick<Segment, 'state' | 'syscall'>): string {
  if (s.state === 'gone') return 'exited';
  if (s.state === 'run') return 'running';
  if (s.state === 'idle') return 'idle, back in its pool';
  return s.syscall;
}

/** Thrown when a page would name one process two ways (see `threadNames`). */
export class IdsDisagreeError extends Error {}

/**
 * Lanes in order of first appearance; `end` closes the last segment of each. A thread gets a
 * lane when it did program work at least once: a pool thread (a libuv worker) that wrote for the
 * program and then went back to its pool keeps its lane, idle, instead of seeming to run on.
 * Consecutive samples in the same state and call are one segment.
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
  for (const [key, all] of byThread) {
    // A runtime's thread is born under its process's name and renames itself (Node's SignalInspector):
    // one that ever bore a helper's name was housekeeping from its first look, as the autopsy says.
    if (all.some((e) => namedHelperKind(e.thread) !== null)) continue;
    const firstWork = all.findIndex((e) => !e.housekeeping);
    if (firstWork < 0) continue; // runtime housekeeping all along: not the program
    const events = all.slice(firstWork);
    const first = events[0]!;
    const known = names.get(first.tid);
    const process = known?.process ?? `${first.proc} ${first.pid}`;
    const thread = known?.thread ?? (first.tid === first.pid ? 'main thread' : first.thread);
    const segments: Segment[] = [];
    events.forEach((event, index) => {
      const next = {
        from: event.t,
        to: Math.max(event.t, events[index + 1]?.t ?? end),
        state: stateOf(event),
        syscall: describeWait(event.syscall, event.state),
      };
      const prev = segments.at(-1);
      if (prev && prev.state === next.state && prev.syscall === next.syscall) prev.to = next.to;
      else segments.push(next);
    });
    lanes.push({
      key,
      process,
      thread,
      label: `${process} · ${thread}`,
      segments,
      last: segmentWords(segments.at(-1)!),
    });
  }
  return { lanes, end };
}

/**
 * The autopsy knows more than the kernel: Python thread names (QueueFeederThread) and each
 * process's part in the tree (the parent, the child). Lanes take its words and its ids, so the
 * timeline and the autopsy under the same run name every process alike. Both carry the ids the
 * machine gave (the engine records them so, and a frozen record keeps them as taken); an autopsy
 * in its normalized form (P1, T1) cannot be matched to the timeline's pids, and the page refuses
 * it rather than show one process under two names.
 */
function threadNames(result: RunResult): Map<number, { process: string; thread: string }> {
  const out = new Map<number, { process: string; thread: string }>();
  const a = result.autopsy;
  if (a?.status !== 'taken') return out;
  if (a.normalized && result.timeline.length > 0)
    throw new IdsDisagreeError(
      `${result.snippet.path}: the run's autopsy is normalized (P1, P2…) while its timeline keeps the machine's ` +
        'pids, so the timeline cannot name its processes as the autopsy does. Record the run again ' +
        '(npx hangtime verify --update), which keeps the autopsy as taken.',
    );
  for (const p of a.processes) {
    const process = processName(a, p.pid);
    for (const t of p.threads) out.set(t.tid, { process, thread: t.isMain ? 'main thread' : t.name });
  }
  return out;
}

/** "the child (2008)": the process's part in the tree and its id, as the autopsy shows them. */
export const processName = (a: TakenAutopsy, pid: number): string => {
  const role = roleOf(a, pid);
  const id = pidLabel(a, pid);
  // "child 2008" already says its id.
  return role.endsWith(` ${id}`) ? role : `${role} (${id})`;
};

/** The output lines a timeline shows beside its lanes: non-empty, at most `max` (the first ones). */
export function outputLines(
  chunks: TranscriptChunk[],
  max = 80,
): { lines: (TimedLine & { t: number })[]; more: number } {
  const all = timedLines(chunks).filter((l): l is TimedLine & { t: number } => l.t !== null && l.text.trim() !== '');
  return { lines: all.slice(0, max), more: Math.max(0, all.length - max) };
}

/**
 * The moments a reader steps through: the start, every change of a lane, every output line, the
 * markers (quiet, confirmed) and the end; each once, in order, to a tenth of a millisecond.
 */
export function momentsOf(lanes: Lane[], lines: { t: number }[], end: number, markers: number[] = []): number[] {
  const times = [0, end, ...markers, ...lines.map((l) => l.t), ...lanes.flatMap((l) => l.segments.map((s) => s.from))];
  const tenth = (t: number) => Math.round(t * 10) / 10;
  return [...new Set(times.filter((t) => t >= 0 && t <= end).map(tenth))].sort((x, y) => x - y);
}
