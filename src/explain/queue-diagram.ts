// The queue's mechanism as a drawing, laid out at build time: the child's main thread put()s into
// the queue's buffer, the feeder thread pickles the message and writes the frame (length, then
// pickle) into the pipe's page slots, the parent would get() it from the other end. The cycle of
// waits of Bob's hang is drawn round it: parent → child (join), child → feeder (join at exit),
// feeder → parent (the only reader). 320 units wide with 11–12-unit text, so a phone shows it
// at about the size of the page's small print. Every number is a measured one, passed in.
import { writeInto, type Slot } from './pipe-slots.ts';
import { count } from './pipe-words.ts';

export interface DiagramFacts {
  pipe: number;
  page: number;
  slots: number;
  frame: number;
  payload: number;
  held: number;
}

export interface Shape {
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
  kind: 'process' | 'thread' | 'memory' | 'pipe';
}
export interface Cell {
  x: number;
  y: number;
  w: number;
  h: number;
  /** 0 to 1: how full the slot is. */
  fill: number;
}
export interface Arrow {
  d: string;
  kind: 'flow' | 'wait' | 'never';
  /** A number on the arrow: the step of the cycle of waits it is. */
  mark?: { n: number; x: number; y: number };
}
export interface QueueDrawing {
  width: number;
  height: number;
  shapes: Shape[];
  cells: Cell[];
  frame: { x: number; y: number; header: number; w: number; labels: [string, string] };
  arrows: Arrow[];
  notes: { x: number; y: number; text: string }[];
  /** The drawing in one paragraph, for screen readers. */
  description: string;
}

export const WIDTH = 320;
const L = 30; // left gutter: the parent's wait on the child
const R = 290; // right gutter: the feeder's wait on a reader
const PER_ROW = 16;

/**
 * How the feeder's writes leave the pipe: header and payload apart, or one write; the one that holds
 * what was measured.
 */
export function slotFill(f: DiagramFacts): Slot[] {
  const pipe = { page: f.page, count: f.slots };
  const header = f.frame - f.payload;
  const split: Slot[] = [];
  writeInto(split, header, pipe);
  writeInto(split, f.payload, pipe);
  const whole: Slot[] = [];
  writeInto(whole, f.frame, pipe);
  for (const slots of [split, whole]) if (slots.reduce((s, x) => s + x.used, 0) === f.held) return slots;
  throw new Error(`by the slot rule the pipe would not hold the ${f.held} bytes measured`);
}

export function layoutQueue(f: DiagramFacts): QueueDrawing {
  if (f.slots * f.page !== f.pipe) throw new Error(`${f.slots} slots of ${f.page} bytes are not a ${f.pipe}-byte pipe`);
  const header = f.frame - f.payload;
  const shapes: Shape[] = [
    { x: L, y: 8, w: R - L, h: 178, lines: ['the child process'], kind: 'process' },
    { x: L + 10, y: 34, w: 110, h: 44, lines: ['main thread', 'put(message)'], kind: 'thread' },
    { x: R - 120, y: 34, w: 110, h: 44, lines: ['queue buffer', 'in memory'], kind: 'memory' },
    {
      x: L + 10,
      y: 100,
      w: R - L - 20,
      h: 76,
      lines: ['feeder thread', `a ${header}-byte length, then the pickle:`],
      kind: 'thread',
    },
  ];
  const frame = {
    x: L + 20,
    y: 146,
    header: 26,
    w: R - L - 40,
    labels: [`${header}`, `pickle: ${count(f.payload, 'byte')}`] as [string, string],
  };
  const rows = Math.ceil(f.slots / PER_ROW);
  const pipeY = 214;
  const cellW = (R - L - 20) / Math.min(PER_ROW, f.slots);
  const pipeH = 66 + rows * 26;
  shapes.push({
    x: L,
    y: pipeY,
    w: R - L,
    h: pipeH,
    lines: [`the pipe: ${count(f.pipe, 'byte')}`, `${count(f.slots, 'page slot')} of ${count(f.page, 'byte')}`],
    kind: 'pipe',
  });
  const slots = slotFill(f);
  const cells: Cell[] = Array.from({ length: f.slots }, (_, i) => ({
    x: L + 10 + (i % PER_ROW) * cellW,
    y: pipeY + 46 + Math.floor(i / PER_ROW) * 26,
    w: cellW - 2,
    h: 22,
    fill: (slots[i]?.used ?? 0) / f.page,
  }));
  const parentY = pipeY + pipeH + 40;
  shapes.push({
    x: L,
    y: parentY,
    w: R - L,
    h: 62,
    lines: ['the parent process', 'join(): waits for the child', 'get(): never called'],
    kind: 'process',
  });
  const mid = (L + R) / 2;
  const mainX = L + 65;
  const arrows: Arrow[] = [
    { d: `M${L + 120} 56 H${R - 122}`, kind: 'flow' },
    { d: `M${R - 65} 78 V98`, kind: 'flow' },
    { d: `M${mid} 176 V${pipeY - 2}`, kind: 'flow' },
    { d: `M${mid} ${pipeY + pipeH} V${parentY - 2}`, kind: 'never' },
    // 1: the parent waits for the child to exit (up the left gutter to the main thread)
    {
      d: `M${L} ${parentY + 24} H${L - 16} V56 H${L + 8}`,
      kind: 'wait',
      mark: { n: 1, x: L - 16, y: (parentY + 80) / 2 },
    },
    // 2: the exiting main thread joins the feeder
    { d: `M${mainX} 78 V98`, kind: 'wait', mark: { n: 2, x: mainX - 14, y: 88 } },
    // 3: the feeder waits for a reader: the parent (down the right gutter)
    {
      d: `M${R - 10} 138 H${R + 14} V${parentY + 24} H${R + 2}`,
      kind: 'wait',
      mark: { n: 3, x: R + 14, y: (138 + parentY) / 2 },
    },
  ];
  const left = f.frame - f.held;
  const notes = [
    { x: mid + 6, y: pipeY - 12, text: 'write()' },
    { x: mid + 6, y: parentY - 16, text: 'read end' },
    { x: L + 10, y: pipeY + 46 + rows * 26 + 12, text: `holds ${count(f.held, 'byte')}; ${count(left, 'byte')} wait` },
  ];
  const description =
    `The child's main thread put()s a message into the queue's buffer in memory. The feeder thread pickles it ` +
    `and writes the frame, a ${count(header, 'byte')} length and a ${count(f.payload, 'byte')} pickle, ` +
    `into the pipe: ${count(f.pipe, 'byte')} in ${count(f.slots, 'page slot')} of ${count(f.page, 'byte')}. ` +
    `The pipe holds ${count(f.held, 'byte')} and ${count(left, 'byte')} wait. The parent never calls get(). ` +
    'A cycle of waits: 1, the parent waits in join() for the child to exit; ' +
    "2, the child's main thread, exiting, waits for its feeder thread; " +
    '3, the feeder waits in write() for a reader, and the only reader is the parent.';
  return { width: WIDTH, height: parentY + 70, shapes, cells, frame, arrows, notes, description };
}
