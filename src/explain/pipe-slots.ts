// The kernel's slot rule for a pipe (Linux's pipe_write), as runnable/04-its-the-pipe/slots.py
// states it and measures it: a pipe is a ring of slots of one page each. A write first tries to
// put its odd part (its size modulo a page) into the last used slot, and only when that part fits
// there whole; everything else goes into fresh slots, a page at a time. With no free slot left a
// writer stops: a non-blocking one returns what it copied (or EAGAIN), a blocking one sleeps.
// Pure: the page size and the slot count are the measured ones, passed in.

/** Who owns a run of bytes in a slot: a message's number and which part of its frame. */
export interface Piece {
  message: number;
  part: 'header' | 'payload' | 'frame';
  bytes: number;
}

/** One page slot of the pipe: the bytes it holds, in the order they were written. */
export interface Slot {
  used: number;
  pieces: Piece[];
}

export interface PipeGeometry {
  /** The page size, in bytes (one slot holds at most this). */
  page: number;
  /** How many slots the pipe has (its size divided by the page size). */
  count: number;
}

function add(slot: Slot, bytes: number, owner?: Omit<Piece, 'bytes'>): void {
  slot.used += bytes;
  if (!owner) return;
  const last = slot.pieces.at(-1);
  if (last && last.message === owner.message && last.part === owner.part) last.bytes += bytes;
  else slot.pieces.push({ ...owner, bytes });
}

/**
 * Copy an n-byte write into the pipe whose used slots are `slots` (changed in place); returns how
 * many bytes the kernel accepts before it would have to wait. `owner` labels the bytes for drawing.
 */
export function writeInto(slots: Slot[], n: number, pipe: PipeGeometry, owner?: Omit<Piece, 'bytes'>): number {
  const { page, count } = pipe;
  let done = 0;
  const odd = n % page;
  const last = slots.at(-1);
  if (odd && last && last.used + odd <= page) {
    add(last, odd, owner); // the odd part fits the last slot whole
    done = odd;
  }
  while (done < n && slots.length < count) {
    const part = Math.min(page, n - done); // the rest: fresh slots, a page at a time
    const slot: Slot = { used: 0, pieces: [] };
    add(slot, part, owner);
    slots.push(slot);
    done += part;
  }
  return done;
}

/**
 * Non-blocking writes of `size` bytes into a fresh pipe until one would get EAGAIN: how many
 * writes copied something, and the bytes held. The shape of a row of slots.py's table.
 */
export function fillWithWrites(size: number, pipe: PipeGeometry): { writes: number; held: number } {
  const slots: Slot[] = [];
  let writes = 0;
  let held = 0;
  for (;;) {
    const n = writeInto(slots, size, pipe);
    if (n === 0) return { writes, held };
    writes++;
    held += n;
  }
}

/**
 * The write() calls a queue's feeder makes for one message: the header and the payload in one
 * write up to the join threshold, above it the header alone and then the payload.
 */
export function feederWrites(header: number, payload: number, threshold: number): Piece[] {
  return payload > threshold
    ? [
        { message: 0, part: 'header', bytes: header },
        { message: 0, part: 'payload', bytes: payload },
      ]
    : [{ message: 0, part: 'frame', bytes: header + payload }];
}

/** The bytes the pipe holds. */
export const bytesHeld = (slots: Slot[]) => slots.reduce((sum, s) => sum + s.used, 0);
