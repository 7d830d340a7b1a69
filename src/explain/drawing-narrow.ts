// The narrow drawing, for a phone: processes stacked across the width, the pipes and sockets below
// them; an arrow between a thread (or a holder) and a channel runs down a lane of its own on the
// right, rounding its corners; the waits for a process or thread curve through the left margin as
// in the wide drawing. 280 units: the narrowest column a 390 px phone shows it in (inside a Predict
// aside, about 290 px) draws its 13-unit text at 13 px or more, one of 260 px (a 360 px phone)
// still at 12; autopsy.css lets it grow to 340 px, no more.
import { placeChannel, placeProcess, type Fonts } from './drawing-blocks.ts';
import { slotsOf, waitEdges, type Slotted } from './drawing-edges.ts';
import type { Box, Drawing, Edge, Node, Scene } from './drawing.ts';

export const NARROW = 280;
const FONTS: Fonts = { title: 14, cmd: 13, name: 13.5, wait: 13, chan: 13.5, detail: 13 };
const LEFT = 14;
const GAP = 12;
const R = 4;

/** A lane's path: out of (x1, y1) to the lane at `lane`, along it, into (x2, y2), corners rounded. */
function lanePath(x1: number, y1: number, lane: number, y2: number, x2: number): string {
  const down = y2 > y1 ? 1 : -1;
  return (
    `M${x1} ${y1} H${lane - R} Q${lane} ${y1} ${lane} ${y1 + down * R} ` +
    `V${y2 - down * R} Q${lane} ${y2} ${lane - R} ${y2} H${x2}`
  );
}

export function layoutNarrow(scene: Scene): Drawing {
  const lanes = scene.edges.filter((e) => e.kind !== 'wait').length;
  const step = lanes ? Math.min(6, 40 / lanes) : 0;
  const right = NARROW - 6 - step * lanes;
  const boxes: Box[] = [];
  let y = 8;
  for (const p of scene.procs) {
    boxes.push(placeProcess(p, LEFT, y, right - LEFT, FONTS));
    y += boxes.at(-1)!.h + GAP;
  }
  y += 6;
  const nodes: Node[] = [];
  for (const c of scene.chans) {
    const entries = scene.edges.filter((e) => e.kind !== 'wait' && e.inode === c.inode).length;
    nodes.push(placeChannel(c, LEFT + 28, y, right - LEFT - 28, Math.max(46, 12 * (entries + 1)), FONTS));
    y += nodes.at(-1)!.h + GAP;
  }
  // The lanes, outermost first: the arrow that starts highest, and of those the one that ends lowest,
  // so that an arrow nested inside another's span never crosses it.
  const slotted = slotsOf(scene, boxes, nodes, 'desc').sort((p, q) => p.at - q.at || q.ny - p.ny);
  const edges: Edge[] = slotted.map((s: Slotted, i) => {
    const lane = right + step * (lanes - i);
    const d =
      s.edge.kind === 'write' ? lanePath(right, s.at, lane, s.ny, right) : lanePath(right, s.ny, lane, s.at, right + 1);
    return { kind: s.edge.kind, title: s.edge.title, d };
  });
  edges.push(...waitEdges(scene, boxes));
  const bottom = Math.max(...boxes.map((b) => b.y + b.h), ...nodes.map((n) => n.y + n.h), 0);
  return { layout: 'narrow', width: NARROW, height: bottom + 8, boxes, nodes, edges };
}
