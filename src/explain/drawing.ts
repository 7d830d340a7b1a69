// The autopsy as a small drawing, laid out at build time (no client JS). First the scene: what is
// drawn, in words computed from the autopsy (each process's part and program, its program threads
// with what each is blocked in, the pipes and sockets they are blocked on, who waits for whom);
// then two layouts of the same scene: wide (processes in a column, pipes beside them,
// drawing-wide.ts) and narrow for a phone (pipes below the processes, drawing-narrow.ts). Both
// draw text at 1 unit = 1 CSS px or more where the page shows them (autopsy.css picks one).
import { waitGraph, type Io } from './graph.ts';
import { channelLabel, group3, pidLabel, programProcesses, roleOf, shortWait, threadName } from './labels.ts';
import type { Channel, TakenAutopsy } from '../runner/schema.ts';
import { layoutNarrow } from './drawing-narrow.ts';
import { layoutWide } from './drawing-wide.ts';

/** One line of drawn text; `width` is its advance in the drawing's units (monospace). */
export interface Line {
  x: number;
  /** The baseline. */
  y: number;
  text: string;
  size: number;
  width: number;
  anchor: 'start' | 'middle';
  cls: 'proc-title' | 'proc-cmd' | 'row-name' | 'row-wait' | 'chan-label' | 'chan-detail';
  /** The thread a row's line belongs to. */
  tid?: number;
  stuck?: boolean;
}
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface Row {
  tid: number;
  name: string;
  wait: string;
  stuck: boolean;
}
/** A program process: its part in the tree, then `pid N · program`, then a row per program thread. */
export interface Box extends Rect {
  pid: number;
  role: string;
  command: string;
  rows: Row[];
  lines: Line[];
}
/** A pipe or socket a thread is blocked on: its name, then its fill or kind. */
export interface Node extends Rect {
  inode: number;
  label: string;
  detail: string;
  lines: Line[];
}
export interface Edge {
  d: string;
  kind: 'write' | 'end' | 'wait';
  title: string;
}
export interface Drawing {
  layout: 'wide' | 'narrow';
  width: number;
  height: number;
  boxes: Box[];
  nodes: Node[];
  edges: Edge[];
}

/** What links the scene's parts: a thread blocked on a channel, a holder of its other end, a wait for a
 * process or thread. */
export type SceneEdge =
  | { kind: 'write'; tid: number; inode: number; title: string }
  | { kind: 'end'; inode: number; pid: number; title: string }
  | { kind: 'wait'; tid: number; toPid: number | null; toTid: number | null; title: string };
export interface Scene {
  procs: Pick<Box, 'pid' | 'role' | 'command' | 'rows'>[];
  chans: Pick<Node, 'inode' | 'label' | 'detail'>[];
  edges: SceneEdge[];
}

function detailOf(c: Channel | undefined): string {
  if (c?.filled != null && c.capacity != null) return `${group3(c.filled)}/${group3(c.capacity)}`;
  const s = c?.socket;
  if (s?.proto === 'unix') return s.path ? 'UNIX socket' : 'socketpair';
  if (s) return `${s.proto.toUpperCase()} ${s.state === 'LISTEN' ? 'listening' : 'connection'}`;
  return c?.kind === 'socket' ? 'socket' : 'fill unknown';
}

/** The program as its command names it: the first two words, without paths or `--` options. */
const programOf = (cmdline: string[]) =>
  cmdline
    .map((s) => s.slice(s.lastIndexOf('/') + 1))
    .filter((s) => !s.startsWith('--'))
    .slice(0, 2)
    .join(' ');

export function sceneOf(a: TakenAutopsy): Scene {
  const procs = programProcesses(a).map((p) => ({
    pid: p.pid,
    role: roleOf(a, p.pid),
    command: `pid ${pidLabel(a, p.pid)} · ${programOf(p.cmdline)}`,
    rows: p.threads
      .filter((t) => !t.housekeeping)
      .map((t) => ({
        tid: t.tid,
        name: t.isMain ? 'main thread' : t.name,
        wait: shortWait(a, p, t),
        stuck: t.state === 'S' || t.state === 'D',
      })),
  }));
  const drawn = new Set(procs.flatMap((p) => p.rows.map((r) => r.tid)));
  const waits = waitGraph(a).filter((w) => drawn.has(w.tid));
  const io = waits.filter((w): w is Io => w.kind === 'write' || w.kind === 'read');
  const chans: Scene['chans'] = [];
  const edges: SceneEdge[] = [];
  for (const w of io) {
    const label = channelLabel(a, w.inode);
    if (!chans.some((c) => c.inode === w.inode))
      chans.push({ inode: w.inode, label, detail: detailOf(a.channels.find((x) => x.inode === w.inode)) });
    const title = `${w.kind === 'write' ? 'writes into' : 'reads from'} ${label}`;
    edges.push({ kind: 'write', tid: w.tid, inode: w.inode, title });
    // The holders the wait-for facts name, as the diagnosis does: nothing else is drawn as a link.
    for (const h of w.ends.inside.filter((x) => x.role === 'holds' && procs.some((p) => p.pid === x.pid))) {
      const end = label.startsWith('socket') ? 'other end' : `${w.kind === 'write' ? 'read' : 'write'} end`;
      edges.push({ kind: 'end', inode: w.inode, pid: h.pid, title: `${end} open in ${roleOf(a, h.pid)} (fd ${h.fd})` });
    }
  }
  for (const w of waits) {
    const t = a.processes.flatMap((p) => p.threads).find((x) => x.tid === w.tid)!;
    if (w.kind === 'child' || w.kind === 'loop')
      for (const pid of w.children.filter((c) => procs.some((p) => p.pid === c)))
        edges.push({
          kind: 'wait',
          tid: w.tid,
          toPid: pid,
          toTid: null,
          title: `${threadName(t)} waits for that process to exit`,
        });
    if (w.kind === 'join' && drawn.has(w.target))
      edges.push({
        kind: 'wait',
        tid: w.tid,
        toPid: null,
        toTid: w.target,
        title: `${threadName(t)} waits for that thread to finish`,
      });
  }
  return { procs, chans, edges };
}

/** Both layouts of the autopsy's drawing: the page shows the one that fits its width. */
export function buildDrawings(a: TakenAutopsy): { wide: Drawing; narrow: Drawing } {
  const scene = sceneOf(a);
  return { wide: layoutWide(scene), narrow: layoutNarrow(scene) };
}
