// The wide drawing: processes in a column, each pipe or socket to their right beside the first
// thread blocked on it; solid arrows from a blocked thread into the channel, dashed ones from the
// channel back to the processes holding its other end, dotted ones in the left margin for a
// thread waiting for a process or a thread. 460 units, shown from 460 CSS px up (autopsy.css):
// its smallest text, 12 units, is never drawn below 12 px.
import { placeChannel, placeProcess, type Fonts } from './drawing-blocks.ts';
import { anchorOf, slotsOf, waitEdges } from './drawing-edges.ts';
import type { Box, Drawing, Edge, Node, Scene } from './drawing.ts';

export const WIDE = 460;
const FONTS: Fonts = { title: 14, cmd: 12.5, name: 13.5, wait: 12.5, chan: 13, detail: 12 };
const BOX = { x: 16, w: 282, gap: 14 };
const NODE = { x: 326, w: 128, h: 46, gap: 10 };

export function layoutWide(scene: Scene): Drawing {
  const boxes: Box[] = [];
  let y = 8;
  for (const p of scene.procs) {
    boxes.push(placeProcess(p, BOX.x, y, BOX.w, FONTS));
    y += boxes.at(-1)!.h + BOX.gap;
  }
  const nodes: Node[] = [];
  for (const c of scene.chans) {
    // Beside the first thread blocked on it, below the previous node.
    const h = placeChannel(c, NODE.x, 0, NODE.w, NODE.h, FONTS).h;
    const first = scene.edges.find((e) => e.kind === 'write' && e.inode === c.inode);
    const want = (first?.kind === 'write' ? (anchorOf(boxes, first) ?? 0) : 0) - h / 2;
    const below = nodes.length ? nodes.at(-1)!.y + nodes.at(-1)!.h + NODE.gap : 8;
    nodes.push(placeChannel(c, NODE.x, Math.max(want, below), NODE.w, NODE.h, FONTS));
  }
  const right = BOX.x + BOX.w;
  const edges: Edge[] = slotsOf(scene, boxes, nodes, 'asc').map(({ edge, at, ny }) => ({
    kind: edge.kind,
    title: edge.title,
    d:
      edge.kind === 'write'
        ? `M${right} ${at} C${right + 14} ${at} ${NODE.x - 14} ${ny} ${NODE.x} ${ny}`
        : `M${NODE.x} ${ny} C${NODE.x - 14} ${ny} ${right + 14} ${at} ${right + 1} ${at}`,
  }));
  edges.push(...waitEdges(scene, boxes));
  const bottom = Math.max(...boxes.map((b) => b.y + b.h), ...nodes.map((n) => n.y + n.h), 0);
  return { layout: 'wide', width: WIDE, height: bottom + 8, boxes, nodes, edges };
}
