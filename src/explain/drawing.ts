// The autopsy as a small drawing, laid out at build time (no client JS): a column of processes,
// each with its program threads (name, then what it is blocked in); the pipes and sockets that
// threads are blocked on to the right; arrows for what each waits on. 320 units wide with 12-unit
// text, so on a 360 px phone the text stays about as large as the page's small print.
import { waitGraph, type Io } from './graph.ts';
import { channelLabel, group3, programProcesses, roleOf, shortWait, threadName } from './labels.ts';
import type { TakenAutopsy } from '../runner/schema.ts';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  pid: number;
  rows: Row[];
}
/** A thread: its name at `y`, what it waits on at `y + 14`. */
export interface Row {
  y: number;
  name: string;
  wait: string;
  tid: number;
  stuck: boolean;
}
export interface Node {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  detail: string;
  inode: number;
}
export interface Edge {
  d: string;
  kind: 'write' | 'end' | 'wait';
  title: string;
}
export interface Drawing {
  width: number;
  height: number;
  boxes: Box[];
  nodes: Node[];
  edges: Edge[];
}

export const WIDTH = 320;
const BOX = { x: 16, w: 194, head: 22, row: 32, gap: 14 };
const NODE = { x: 232, w: 84, h: 40 };
const CHARS = 25; // 12-unit monospace in a 194-unit box

const clip = (s: string, n = CHARS) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function layoutBoxes(a: TakenAutopsy): Box[] {
  const boxes: Box[] = [];
  let y = 8;
  for (const p of programProcesses(a)) {
    const threads = p.threads.filter((t) => !t.housekeeping);
    const rows = threads.map((t, i) => ({
      y: y + BOX.head + i * BOX.row + 12,
      tid: t.tid,
      name: clip(t.isMain ? 'main thread' : t.name),
      wait: clip(shortWait(a, p, t), CHARS + 2),
      stuck: t.state === 'S' || t.state === 'D',
    }));
    const cmd = p.cmdline
      .map((s) => s.slice(s.lastIndexOf('/') + 1))
      .filter((s) => !s.startsWith('--'))
      .slice(0, 2)
      .join(' ');
    boxes.push({
      x: BOX.x,
      y,
      w: BOX.w,
      h: BOX.head + rows.length * BOX.row + 2,
      title: clip(`${roleOf(a, p.pid)} · ${cmd}`),
      pid: p.pid,
      rows,
    });
    y += boxes.at(-1)!.h + BOX.gap;
  }
  return boxes;
}

export function buildDrawing(a: TakenAutopsy): Drawing {
  const waits = waitGraph(a);
  const boxes = layoutBoxes(a);
  const io = waits.filter((w): w is Io => w.kind === 'write' || w.kind === 'read');
  const rowOf = (tid: number) => boxes.flatMap((b) => b.rows).find((r) => r.tid === tid);
  const boxOf = (pid: number) => boxes.find((b) => b.pid === pid);
  const nodes: Node[] = [];
  for (const w of io) {
    if (nodes.some((n) => n.inode === w.inode)) continue;
    const c = a.channels.find((x) => x.inode === w.inode);
    const detail =
      c?.filled != null && c.capacity != null
        ? `${group3(c.filled)}/${group3(c.capacity)}`
        : c?.socket
          ? c.socket.proto === 'unix'
            ? c.socket.path
              ? 'UNIX socket'
              : 'socketpair'
            : `${c.socket.proto.toUpperCase()} ${c.socket.state === 'LISTEN' ? 'listening' : 'connection'}`
          : c?.kind === 'socket'
            ? 'socket'
            : 'fill unknown';
    // Beside the thread blocked on it, below the previous node.
    const want = (rowOf(w.tid)?.y ?? 8) - NODE.h / 2;
    const y = Math.max(want, nodes.length ? nodes.at(-1)!.y + NODE.h + 10 : 8);
    nodes.push({ x: NODE.x, y, w: NODE.w, h: NODE.h, label: channelLabel(a, w.inode), detail, inode: w.inode });
  }
  const edges: Edge[] = [];
  const right = BOX.x + BOX.w;
  for (const w of io) {
    const row = rowOf(w.tid);
    const node = nodes.find((n) => n.inode === w.inode)!;
    if (!row) continue;
    const ny = node.y + node.h / 2;
    edges.push({
      kind: 'write',
      title: `${w.kind === 'write' ? 'writes into' : 'reads from'} ${node.label}`,
      d: `M${right} ${row.y + 10} C${right + 14} ${row.y + 10} ${NODE.x - 14} ${ny + 6} ${NODE.x} ${ny + 6}`,
    });
    // The holders the wait-for facts name, as the diagnosis does: nothing else is drawn as a link.
    for (const h of w.ends.inside.filter((x) => x.role === 'holds')) {
      const box = boxOf(h.pid);
      if (!box) continue;
      const by = box.y + 12;
      const end = node.label.startsWith('socket') ? 'other end' : `${w.kind === 'write' ? 'read' : 'write'} end`;
      edges.push({
        kind: 'end',
        title: `${end} open in ${roleOf(a, h.pid)} (fd ${h.fd})`,
        d: `M${NODE.x} ${ny - 8} C${NODE.x - 14} ${ny - 8} ${right + 14} ${by} ${right + 1} ${by}`,
      });
    }
  }
  for (const w of waits) {
    const row = rowOf(w.tid);
    if (!row) continue;
    const targets =
      w.kind === 'child' || w.kind === 'loop'
        ? w.children
            .map((pid) => boxOf(pid))
            .filter((b) => b !== undefined)
            .map((b) => b!.y + 12)
        : w.kind === 'join'
          ? [rowOf(w.target)].filter((r) => r !== undefined).map((r) => r!.y - 4)
          : [];
    const t = a.processes.flatMap((p) => p.threads).find((x) => x.tid === w.tid)!;
    for (const ty of targets) {
      const bend = w.kind === 'join' ? BOX.x - 6 : 2;
      edges.push({
        kind: 'wait',
        title: `${threadName(t)} waits for that ${w.kind === 'join' ? 'thread to finish' : 'process to exit'}`,
        d: `M${BOX.x} ${row.y - 4} C${bend} ${row.y - 4} ${bend} ${ty} ${BOX.x - 1} ${ty}`,
      });
    }
  }
  const bottom = Math.max(
    boxes.length ? boxes.at(-1)!.y + boxes.at(-1)!.h : 0,
    nodes.length ? nodes.at(-1)!.y + NODE.h : 0,
  );
  return { width: WIDTH, height: bottom + 8, boxes, nodes, edges };
}
