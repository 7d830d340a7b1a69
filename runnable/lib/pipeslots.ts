// The page-slot rule of a Linux pipe, for TypeScript (the same rule as lib/pipeslots.py):
// a pipe is a ring of slots of one page each; a write's odd part (its size modulo a page)
// joins the last used slot only if it fits there whole, and the rest takes fresh slots,
// a page at a time. Pure arithmetic, no I/O: the snippets and the site's calculator share it.

/** Copy an n-byte write into used slots holding `slots` bytes each; return the bytes accepted. */
export function writeInto(slots: number[], n: number, page: number, count: number): number {
  let done = 0;
  const odd = n % page;
  if (odd && slots.length && slots[slots.length - 1]! + odd <= page) {
    slots[slots.length - 1]! += odd; // the odd part fits the last slot whole
    done = odd;
  }
  while (done < n && slots.length < count) {
    const part = Math.min(page, n - done); // the rest: fresh slots, a page at a time
    slots.push(part);
    done += part;
  }
  return done;
}
