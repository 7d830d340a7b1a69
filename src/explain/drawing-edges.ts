// Where the drawing's arrows meet its blocks, for both layouts: a blocked thread's arrow leaves
// from its wait, a holder's arrow lands on its process's name; the arrows at one pipe or socket
// meet it at slots spread down its side; a wait for a process or thread curves through the left
// margin.
import { rowMid, titleMid } from './drawing-blocks.ts';
import type { Box, Edge, Node, Scene, SceneEdge } from './drawing.ts';

type ChannelEdge = Extract<SceneEdge, { kind: 'write' | 'end' }>;

/** Where an arrow to or from a channel meets its process box (y), or null when it is not drawn. */
export function anchorOf(boxes: Box[], e: ChannelEdge): number | null {
  if (e.kind === 'end') {
    const box = boxes.find((b) => b.pid === e.pid);
    return box ? titleMid(box) : null;
  }
  for (const b of boxes) {
    const y = rowMid(b, e.tid, 'row-wait');
    if (y !== null) return y;
  }
  return null;
}

export interface Slotted {
  edge: ChannelEdge;
  node: Node;
  /** Its end at the process box. */
  at: number;
  /** Its end at the channel. */
  ny: number;
}

/**
 * Every drawn arrow between a process and a channel, with where it meets each. At a channel, the
 * arrows take slots down its side in the order of their ends at the processes: the same order
 * ('asc', when they reach the channel straight across) or the reverse ('desc', when they come
 * round through a lane beside the processes) keeps them from crossing.
 */
export function slotsOf(scene: Scene, boxes: Box[], nodes: Node[], order: 'asc' | 'desc'): Slotted[] {
  const out: Slotted[] = [];
  for (const node of nodes) {
    const here = scene.edges
      .filter((e): e is ChannelEdge => e.kind !== 'wait' && e.inode === node.inode)
      .map((edge) => ({ edge, at: anchorOf(boxes, edge) }))
      .filter((x): x is { edge: ChannelEdge; at: number } => x.at !== null)
      .sort((p, q) => (order === 'asc' ? p.at - q.at : q.at - p.at));
    here.forEach((x, i) => out.push({ ...x, node, ny: node.y + (node.h * (i + 1)) / (here.length + 1) }));
  }
  return out;
}

/** The dotted arrows: a thread waiting for a process to exit (to its box) or a thread to finish (to its row). */
export function waitEdges(scene: Scene, boxes: Box[]): Edge[] {
  const edges: Edge[] = [];
  const rowY = (tid: number) => boxes.map((b) => rowMid(b, tid, 'row-name')).find((y) => y !== null) ?? null;
  for (const e of scene.edges) {
    if (e.kind !== 'wait') continue;
    const from = rowY(e.tid);
    const box = boxes.find((b) => b.pid === e.toPid);
    const to = box ? titleMid(box) : e.toTid !== null ? rowY(e.toTid) : null;
    if (from === null || to === null) continue;
    const x = boxes[0]!.x;
    const bend = box ? 2 : x - 6;
    edges.push({ kind: 'wait', title: e.title, d: `M${x} ${from} C${bend} ${from} ${bend} ${to} ${x - 1} ${to}` });
  }
  return edges;
}
