// The drawing's blocks: a process box and a channel pill, their words wrapped to the width they
// are given (never cut: a long name takes two lines), measured as the site's monospace sets them.
import type { Box, Line, Node, Scene } from './drawing.ts';

/** A monospace glyph's advance (JetBrains Mono and the monospace fallbacks: 600/1000 em). */
export const ADVANCE = 0.6;
/** Above the baseline and the whole line, in ems, as the browser boxes a line of text (JetBrains Mono: 1.02 + 0.3). */
const ASCENT = 1.02;
const LEADING = 1.32;
/** Inside a block, around its words. */
export const PAD = { x: 8, y: 5 };

/** The size of each kind of text, in the drawing's units. */
export interface Fonts {
  title: number;
  cmd: number;
  name: number;
  wait: number;
  chan: number;
  detail: number;
}

export const textWidth = (text: string, size: number) => [...text].length * ADVANCE * size;

/** The text in lines of at most `width` units: broken at spaces, a word longer than a line broken where it must. */
export function wrap(text: string, size: number, width: number): string[] {
  const fit = Math.max(1, Math.floor(width / (ADVANCE * size) + 1e-9));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if ([...next].length <= fit) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    let rest = [...word];
    while (rest.length > fit) {
      lines.push(rest.slice(0, fit).join(''));
      rest = rest.slice(fit);
    }
    line = rest.join('');
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}

interface Block {
  text: string;
  size: number;
  cls: Line['cls'];
  /** Space above it. */
  gap?: number;
  tid?: number;
  stuck?: boolean;
}

/** Blocks of text set one under another from `top`, each wrapped to `width`; `x` is their left or middle. */
function setLines(blocks: Block[], x: number, top: number, width: number, anchor: Line['anchor']) {
  const lines: Line[] = [];
  let y = top;
  for (const b of blocks) {
    y += b.gap ?? 0;
    for (const text of wrap(b.text, b.size, width)) {
      const { size, cls, tid, stuck } = b;
      lines.push({ x, y: y + size * ASCENT, text, size, width: textWidth(text, size), anchor, cls, tid, stuck });
      y += size * LEADING;
    }
  }
  return { lines, bottom: y };
}

/** A process box at (x, y), `w` wide, as tall as its words. */
export function placeProcess(p: Scene['procs'][number], x: number, y: number, w: number, f: Fonts): Box {
  const blocks: Block[] = [
    { text: p.role, size: f.title, cls: 'proc-title' },
    // Too long for a line, `pid N · python3 bob.py` breaks after the pid: the program stays whole.
    ...(wrap(p.command, f.cmd, w - 2 * PAD.x).length > 1 ? p.command.split(/(?<= ·) /) : [p.command]).map(
      (text): Block => ({ text, size: f.cmd, cls: 'proc-cmd' }),
    ),
    ...p.rows.flatMap((r): Block[] => [
      { text: r.name, size: f.name, cls: 'row-name', gap: 6, tid: r.tid },
      { text: r.wait, size: f.wait, cls: 'row-wait', tid: r.tid, stuck: r.stuck },
    ]),
  ];
  const { lines, bottom } = setLines(blocks, x + PAD.x, y + PAD.y, w - 2 * PAD.x, 'start');
  return { ...p, x, y, w, h: bottom - y + PAD.y + 2, lines };
}

/** A channel pill at (x, y), `w` wide, its words centred; at least `minH` tall. */
export function placeChannel(c: Scene['chans'][number], x: number, y: number, w: number, minH: number, f: Fonts): Node {
  const blocks: Block[] = [
    { text: c.label, size: f.chan, cls: 'chan-label' },
    { text: c.detail, size: f.detail, cls: 'chan-detail', gap: 2 },
  ];
  const set = setLines(blocks, x + w / 2, 0, w - 2 * PAD.x - 4, 'middle');
  const h = Math.max(minH, set.bottom + 2 * PAD.y + 2);
  const top = y + (h - set.bottom) / 2;
  return { ...c, x, y, w, h, lines: set.lines.map((l) => ({ ...l, y: l.y + top })) };
}

/** The middle of a row's line of the given kind (where an arrow leaves or meets it). */
export function rowMid(box: Box, tid: number, cls: 'row-name' | 'row-wait'): number | null {
  const line = box.lines.find((l) => l.tid === tid && l.cls === cls);
  return line ? line.y - line.size * 0.35 : null;
}

/** A box or pill's middle of its first line. */
export const titleMid = (b: Box | Node) => b.lines[0]!.y - b.lines[0]!.size * 0.35;
