// The TypeScript twin of slots.py: fill a fresh pipe with writes of one size
// until the kernel refuses (EAGAIN), for several sizes, and predict every row
// from the page-slot rule. A pipe is a ring of slots of one page each; a write's
// odd part (its size modulo a page) joins the last slot only if it fits there
// whole, and the rest takes fresh slots, a page at a time.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeInto } from '../lib/pipeslots.ts'; // the slot rule, shared with the site's calculator
import { publish } from '../lib/publish.ts';

const PAGE = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }));
const SIZES = [1, 100, 1_000, 2_048, 3_000, 4_096, 4_097, 5_000, 65_536];

// Node cannot call pipe(2), but a FIFO is the same kernel object with a name:
// make one FIFO per size (one mkfifo call), open each with both ends at once
// (O_RDWR) and non-blocking, then remove the names.
function openEmptyPipes(count: number): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'slots-'));
  try {
    const names = Array.from({ length: count }, (_, i) => join(dir, `pipe${i}`));
    execFileSync('mkfifo', names);
    return names.map((name) => openSync(name, constants.O_RDWR | constants.O_NONBLOCK));
  } finally {
    rmSync(dir, { recursive: true }); // the names go; the open pipes stay
  }
}

// region measure
function measure(fd: number, size: number): { writes: number; held: number } {
  const chunk = Buffer.alloc(size, 'x');
  let writes = 0;
  let held = 0;
  for (;;) {
    try {
      held += writeSync(fd, chunk); // may copy only part of the chunk
      writes += 1;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') break; // not one more byte fits
      throw err;
    }
  }
  closeSync(fd);
  return { writes, held };
}
// endregion

// region rule
function predict(size: number, count: number): { writes: number; held: number } {
  const slots: number[] = [];
  let writes = 0;
  let held = 0;
  for (;;) {
    const n = writeInto(slots, size, PAGE, count);
    if (n === 0) return { writes, held }; // this write would get EAGAIN
    writes += 1;
    held += n;
  }
}
// endregion

const fds = openEmptyPipes(SIZES.length);
const measured = SIZES.map((size, i) => measure(fds[i], size));
// 1-byte writes always join the last slot, so the first row is the pipe's size in bytes.
const capacity = measured[0].held;
const count = capacity / PAGE;
const fmt = (n: number) => n.toLocaleString('en');
console.log(`page: ${fmt(PAGE)} bytes; a fresh pipe: ${fmt(capacity)} bytes = ${count} slots`);
console.log(`${'write'.padStart(7)} | ${'writes'.padStart(7)} ${'bytes held'.padStart(12)} | predicted`);
const rows = SIZES.map((size, i) => {
  const { writes, held } = measured[i];
  const p = predict(size, count);
  const ok = writes === p.writes && held === p.held;
  console.log(`${fmt(size).padStart(7)} | ${fmt(writes).padStart(7)} ${fmt(held).padStart(12)} | ` +
    `${fmt(p.writes).padStart(7)} ${fmt(p.held).padStart(12)}  ${ok ? 'as predicted' : 'MISSED'}`);
  return [size, writes, held, p.writes, p.held, ok];
});
const allOk = rows.every((row) => row[5] === true);
console.log(`the slot rule predicts every row: ${allOk ? 'yes' : 'no'}`);

publish('slots_ts_page_size', PAGE, { unit: 'bytes' });
publish('slots_ts_count', count);
publish('slots_ts_table', {
  columns: ['write size (bytes)', 'writes that fit', 'bytes held', 'predicted writes', 'predicted bytes', 'as predicted'],
  rows,
});
publish('slots_ts_all_predicted', allOk);
