// The drawing of a hung tree: one box a program process, the pipe the feeder is blocked on, an
// arrow into it, dashed lines to both holders of its read end, and the waits between them; in two
// layouts, wide and narrow. Then the geometry both layouts keep for every autopsy the chapters show
// (their frozen records), for real trees of three processes and three pipes, and for words too long
// for a line: every line of text inside its box and the drawing, the words drawn exactly the
// scene's words (wrapped, never cut), no box over another, every arrow inside, and text no smaller
// than 12 px where the page shows each layout (autopsy.css's container query).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { hungAutopsy } from '../_support/autopsy.ts';
import { wrap } from '../../../src/explain/drawing-blocks.ts';
import { layoutNarrow, NARROW } from '../../../src/explain/drawing-narrow.ts';
import { layoutWide, WIDE } from '../../../src/explain/drawing-wide.ts';
import {
  buildDrawings,
  sceneOf,
  type Drawing,
  type Line,
  type Rect,
  type Scene,
} from '../../../src/explain/drawing.ts';
import { listFrozen, readFrozen } from '../../../src/frozen/store.ts';
import { StaleRecordError, thaw } from '../../../src/frozen/thaw.ts';
import type { RunOptionsInput, TakenAutopsy } from '../../../src/runner/schema.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const css = readFileSync(path.join(root, 'src/styles/autopsy.css'), 'utf8');
/** Where the page switches to the wide drawing: the container query's width. */
const wideFrom = Number(/@container \(min-width: (\d+)px\)/.exec(css)?.[1]);
/** The narrowest column a chapter shows an autopsy in on a 360 px phone (inside a Predict aside). */
const NARROWEST = 260;

/** The box a line of text takes, as a browser boxes JetBrains Mono (1.02 em above the baseline, 0.3 below). */
function extent(l: Line): Rect {
  const x = l.anchor === 'start' ? l.x : l.x - l.width / 2;
  return { x, y: l.y - 1.02 * l.size, w: l.width, h: 1.32 * l.size };
}
const inside = (a: Rect, b: Rect) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Every point a path passes through or bends towards (M, L, H, V, C, Q with absolute coordinates). */
function points(d: string): [number, number][] {
  const out: [number, number][] = [];
  let at: [number, number] = [0, 0];
  for (const [, cmd, args] of d.matchAll(/([MLHVCQ])([^MLHVCQ]*)/g)) {
    const n = args!
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    if (cmd === 'H') at = [n[0]!, at[1]];
    else if (cmd === 'V') at = [at[0], n[0]!];
    else for (let i = 0; i < n.length; i += 2) out.push((at = [n[i]!, n[i + 1]!]));
    if (cmd === 'H' || cmd === 'V') out.push(at);
  }
  return out;
}

/** The words of some lines, as one text: what wrapping split, put back. */
const words = (lines: Line[]) => lines.map((l) => l.text).join(' ');
const same = (lines: Line[], text: string) =>
  words(lines).replaceAll(' ', '') === text.replaceAll(' ', '') && lines.every((l) => text.includes(l.text));

function checkDrawing(d: Drawing, scene: Scene, what: string): void {
  const frame = { x: 0, y: 0, w: d.width, h: d.height };
  const at = `${what} (${d.layout})`;
  assert.equal(d.width, d.layout === 'wide' ? WIDE : NARROW, at);
  assert.equal(d.boxes.length, scene.procs.length, `${at}: a box a process`);
  assert.equal(d.nodes.length, scene.chans.length, `${at}: a pill a channel`);
  for (const p of scene.procs) {
    const box = d.boxes.find((b) => b.pid === p.pid)!;
    const of = (cls: Line['cls'], tid?: number) => box.lines.filter((l) => l.cls === cls && l.tid === tid);
    assert.ok(same(of('proc-title'), p.role), `${at}: role ${words(of('proc-title'))} ≠ ${p.role}`);
    assert.ok(same(of('proc-cmd'), p.command), `${at}: command ${words(of('proc-cmd'))} ≠ ${p.command}`);
    for (const r of p.rows) {
      assert.ok(same(of('row-name', r.tid), r.name), `${at}: thread ${words(of('row-name', r.tid))} ≠ ${r.name}`);
      assert.ok(same(of('row-wait', r.tid), r.wait), `${at}: wait ${words(of('row-wait', r.tid))} ≠ ${r.wait}`);
      assert.ok(of('row-wait', r.tid).every((l) => l.stuck === r.stuck));
    }
  }
  for (const c of scene.chans) {
    const node = d.nodes.find((n) => n.inode === c.inode)!;
    assert.ok(
      same(
        node.lines.filter((l) => l.cls === 'chan-label'),
        c.label,
      ),
      `${at}: ${c.label}`,
    );
    assert.ok(
      same(
        node.lines.filter((l) => l.cls === 'chan-detail'),
        c.detail,
      ),
      `${at}: ${c.detail}`,
    );
  }
  const blocks = [...d.boxes, ...d.nodes];
  for (const b of blocks) {
    assert.ok(inside(b, frame), `${at}: a block outside the drawing`);
    for (const l of b.lines) {
      assert.ok(inside(extent(l), b), `${at}: "${l.text}" (${l.cls}) leaves its box`);
      assert.ok(l.size * (d.layout === 'wide' ? wideFrom / WIDE : NARROWEST / NARROW) >= 12, `${at}: ${l.text}`);
    }
  }
  blocks.forEach((a, i) =>
    blocks.slice(i + 1).forEach((b) => assert.ok(!overlap(a, b), `${at}: two blocks drawn over each other`)),
  );
  for (const e of d.edges)
    for (const [x, y] of points(e.d)) assert.ok(x >= 0 && x <= d.width && y >= 0 && y <= d.height, `${at}: ${e.d}`);
  assert.deepEqual(
    d.edges.map((e) => `${e.kind}: ${e.title}`).sort(),
    scene.edges.map((e) => `${e.kind}: ${e.title}`).sort(),
    `${at}: every link of the scene drawn`,
  );
}

test('wrapping: lines no longer than asked, broken at spaces, a word too long broken where it must', () => {
  assert.deepEqual(wrap('futex wait, no timeout', 10, 60), ['futex', 'wait, no', 'timeout']);
  assert.deepEqual(wrap('QueueFeederThread', 10, 60), ['QueueFeede', 'rThread']);
  assert.deepEqual(wrap('pipe 1990964', 13, 200), ['pipe 1990964']);
  assert.deepEqual(wrap('', 13, 200), ['']);
});

test('drawing of the queue hang: two processes, one pipe, every wait an edge, in both layouts', async () => {
  const { norm } = await hungAutopsy('queue-hang.py', ['fork']);
  const scene = sceneOf(norm);
  const { wide, narrow } = buildDrawings(norm);
  for (const d of [wide, narrow]) {
    assert.deepEqual(
      d.boxes.map((b) => [b.role, b.command.split(' · ')[0], b.rows.map((r) => r.name)]),
      [
        ['the parent', 'pid P1', ['main thread']],
        ['the child', 'pid P2', ['main thread', 'QueueFeederThread']],
      ],
    );
    assert.deepEqual(
      d.boxes[1]!.rows.map((r) => r.wait),
      ['futex wait, no timeout', 'write fd 4, 100,009 B'],
    );
    assert.deepEqual(
      d.nodes.map((n) => n.label),
      ['pipe A'],
    );
    assert.match(d.nodes[0]!.detail, /^(\d[\d,]*\/65,536|fill unknown)$/);
    assert.deepEqual(d.edges.map((e) => `${e.kind}: ${e.title}`).sort(), [
      'end: read end open in the child (fd 3)',
      'end: read end open in the parent (fd 3)',
      'wait: main thread waits for that process to exit',
      'wait: main thread waits for that thread to finish',
      'write: writes into pipe A',
    ]);
    checkDrawing(d, scene, 'queue-hang.py');
  }
});

test('a ring of three processes and three pipes: both layouts keep every word and arrow inside', async () => {
  const { raw, norm } = await hungAutopsy('ring.py', ['3']);
  for (const a of [raw, norm]) {
    const { wide, narrow } = buildDrawings(a);
    for (const d of [wide, narrow]) checkDrawing(d, sceneOf(a), 'ring.py 3');
    assert.equal(narrow.edges.filter((e) => e.kind !== 'wait').length, 6); // 3 writes, 3 read ends
  }
});

test('every autopsy a chapter shows: both layouts keep every word, no smaller than 12 px where shown', () => {
  assert.ok(wideFrom >= WIDE, `the wide drawing (${WIDE} units) is shown from ${wideFrom} px: scaled below 1`);
  let seen = 0;
  for (const file of listFrozen(path.join(root, 'runnable'))) {
    const doc = readFrozen(file)!;
    if (doc.recorded.autopsy?.status !== 'taken') continue;
    let a: TakenAutopsy;
    try {
      const options = { ...doc.options } as RunOptionsInput;
      a = thaw(doc, file.replace(/\.[^.]+\.frozen\.md$/, ''), options).autopsy as TakenAutopsy;
    } catch (error) {
      if (error instanceof StaleRecordError) continue; // a snippet edited since: re-frozen before it ships
      throw error;
    }
    const { wide, narrow } = buildDrawings(a);
    checkDrawing(wide, sceneOf(a), path.basename(file));
    checkDrawing(narrow, sceneOf(a), path.basename(file));
    seen++;
  }
  assert.ok(seen >= 6, `only ${seen} frozen autopsies drawn`);
});

test('names too long for a line wrap inside their box, in both layouts, and the program is never split', () => {
  const scene: Scene = {
    procs: [
      {
        pid: 40001,
        role: 'grandchild P40001',
        command: 'pid 40001 · python3 a-program-with-a-rather-long-name.py',
        rows: [
          { tid: 1, name: 'ThreadPoolExecutor-0_0-with-a-long-suffix', wait: 'futex wait, no timeout', stuck: true },
          { tid: 2, name: 'main thread', wait: 'write fd 12, 1,048,576 B', stuck: true },
        ],
      },
      { pid: 2, role: 'the parent', command: 'pid 2 · node x.ts', rows: [] },
    ],
    chans: [{ inode: 7, label: 'socket 4294967295', detail: 'TCP connection' }],
    edges: [
      { kind: 'write', tid: 2, inode: 7, title: 'writes into socket 4294967295' },
      { kind: 'end', inode: 7, pid: 2, title: 'other end open in the parent (fd 3)' },
      { kind: 'wait', tid: 1, toPid: 2, toTid: null, title: 'thread x waits for that process to exit' },
    ],
  };
  for (const d of [layoutWide(scene), layoutNarrow(scene)]) {
    checkDrawing(d, scene, 'long names');
    const cmd = d.boxes[0]!.lines.filter((l) => l.cls === 'proc-cmd').map((l) => l.text);
    assert.equal(cmd[0], 'pid 40001 ·', `${d.layout}: ${cmd.join(' / ')}`);
    assert.ok(!d.boxes.some((b) => b.lines.some((l) => l.text.includes('…'))), 'nothing cut');
  }
});
