// Where each step of a bisection sits on the BisectChart: its distance to the boundary (between
// the largest size that finished and the smallest that hung), on a log scale, so the first wide
// swings and the last steps one apart all show. Finished steps left of the boundary, hung right.

export interface BisectStep {
  size: number;
  hung: boolean;
}

export interface BisectRow extends BisectStep {
  step: number;
  /** Position across the track, 0–100 (%); 50 is the boundary. */
  x: number;
}

export interface BisectScale {
  largestOk: number | null;
  smallestHung: number | null;
  /** The size the boundary lies at (between the two), or null when one side is missing. */
  boundary: number | null;
  rows: BisectRow[];
  /** Gridlines either side of the boundary: distances 1, 10, 100… and their positions. */
  grid: { distance: number; left: number; right: number }[];
}

/** Distance d (≥ 0.5) → offset from the centre, 0–50 %. */
const offset = (d: number, top: number) => (50 * Math.log10(1 + 2 * d)) / Math.log10(1 + 2 * top);

export function bisectScale(steps: BisectStep[]): BisectScale {
  const finished = steps.filter((s) => !s.hung).map((s) => s.size);
  const hung = steps.filter((s) => s.hung).map((s) => s.size);
  const largestOk = finished.length ? Math.max(...finished) : null;
  const smallestHung = hung.length ? Math.min(...hung) : null;
  // A clean search has every finished size below every hung one; otherwise there is no single
  // boundary, and the steps are placed around the middle of the sizes tried.
  const clean = largestOk !== null && smallestHung !== null && largestOk < smallestHung;
  const sizes = steps.map((s) => s.size);
  const centre = clean
    ? (largestOk + smallestHung) / 2
    : sizes.length
      ? (Math.min(...sizes) + Math.max(...sizes)) / 2
      : 0;
  const top = Math.max(1, ...sizes.map((s) => Math.abs(s - centre)));
  const rows = steps.map((s, i) => {
    const d = s.size - centre;
    const off = offset(Math.max(0.5, Math.abs(d)), top);
    return { ...s, step: i + 1, x: 50 + (d < 0 ? -off : d > 0 ? off : 0) };
  });
  const grid: BisectScale['grid'] = [];
  for (let distance = 1; distance <= top; distance *= 10) {
    const off = offset(distance, top);
    grid.push({ distance, left: 50 - off, right: 50 + off });
  }
  return { largestOk, smallestHung, boundary: clean ? centre : null, rows, grid };
}
