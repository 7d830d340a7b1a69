// Fitting a transcript's lines into the page's byte budget: plain text first, cut to a common
// length if it must be; then colour, line by line in page order, while it fits.
import { CUT_MARKER_BYTES, type Painter } from './paint.ts';
import type { ScreenLine } from './screen.ts';

/** Largest per-line size such that every line, cut to it, fits `room` bytes in all. */
function cutLength(sizes: number[], room: number): number {
  const total = (limit: number) =>
    sizes.reduce((sum, size) => sum + (size <= limit ? size : limit + CUT_MARKER_BYTES), 0);
  let low = 0;
  let high = Math.max(0, ...sizes);
  if (total(high) <= room) return high;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (total(mid) <= room) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Largest n in [0, max] with fits(n), for fits true at 0 and monotonic. */
function largest(max: number, fits: (n: number) => boolean): number {
  let low = 0;
  let high = max;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * Each line's inner HTML within `room` bytes in all, and the index of the line where colour
 * stopped (-1 when every colour fits). Colour is what gives way first: a line is only ever cut
 * when its plain text alone does not fit.
 */
export function fitLines(
  lines: ScreenLine[],
  painter: Painter,
  room: number,
): { html: string[]; colourEndsAt: number } {
  const prefixes = lines.map((line) => painter.plainPrefix(line));
  const limit = cutLength(
    prefixes.map((p) => p.at(-1)!),
    room,
  );
  const cuts = prefixes.map((p) => (p.at(-1)! <= limit ? p.length - 1 : largest(p.length - 1, (j) => p[j]! <= limit)));
  const plain = lines.map((line, i) => painter.paint(line, cuts[i]!, 0));
  let slack = room - plain.reduce((sum, html) => sum + Buffer.byteLength(html), 0);
  let colourEndsAt = -1;
  const html = lines.map((line, i) => {
    if (colourEndsAt >= 0 || !painter.hasColour(line, cuts[i]!)) return plain[i]!;
    const plainBytes = Buffer.byteLength(plain[i]!);
    const coloured = painter.paint(line, cuts[i]!, Infinity);
    const extra = Buffer.byteLength(coloured) - plainBytes;
    if (extra <= slack) {
      slack -= extra;
      return coloured;
    }
    // Colour runs out on this line: colour as many of its cells as still fit, none after it.
    colourEndsAt = i;
    const upTo = largest(cuts[i]!, (n) => Buffer.byteLength(painter.paint(line, cuts[i]!, n)) - plainBytes <= slack);
    return painter.paint(line, cuts[i]!, upTo);
  });
  return { html, colourEndsAt };
}
