// The pipe model's facts (pipe-model.ts), read from the values runs published: the page size
// and pipe size (slots.py), the join threshold and measured str payloads (header-page.py), the
// cost of each kind of message (frame-sizes.py: frame, length header and data at the article's
// maxima), the pipe sizes a reader may pick (wall-moves.py) and the largest pipe allowed
// (capacity.ts). A missing or malformed value is an error that names it; nothing is assumed.
import type { Kind, ModelFacts } from './pipe-model.ts';
import { asCount, asTable, column, isCount, isText } from './published-table.ts';

/** The names of the published values the model reads (the component's props). */
export interface FactNames {
  pipe: string;
  page: string;
  threshold: string;
  /** frame-sizes.py's frame_table: type, article's maximum, frame (bytes), length header, data. */
  frames: string;
  /** header-page.py's hp_table: str messages with chars and payload (bytes). */
  strings?: string;
  /** model-facts.py's model_edges: messages of every kind pickled at the edge of each pipe size. */
  edges?: string;
  /** wall-moves.py's wall_table: its "pipe size (bytes)" column. */
  sizes?: string;
  /** The largest pipe an unprivileged process may ask for (/proc/sys/fs/pipe-max-size). */
  max?: string;
}

/** The published frame_table's columns the model reads. */
export const FRAME_COLUMNS = {
  kind: 'type',
  items: "article's maximum",
  frame: 'frame (bytes)',
  header: 'length header',
  data: 'data',
};

export function readFacts(names: FactNames, value: (name: string) => unknown): ModelFacts {
  const page = asCount(value(names.page), names.page);
  const pipe = asCount(value(names.pipe), names.pipe);
  const threshold = asCount(value(names.threshold), names.threshold);
  if (page === 0 || pipe % page !== 0) throw new Error(`"${names.pipe}" (${pipe}) is not whole pages of ${page}`);
  const frames = asTable(value(names.frames), names.frames);
  const cells = (heading: string) => column(frames, names.frames, heading, isCount, 'a whole number');
  const ids = column(frames, names.frames, FRAME_COLUMNS.kind, isText, 'text');
  const items = cells(FRAME_COLUMNS.items);
  const frame = cells(FRAME_COLUMNS.frame);
  const headers = cells(FRAME_COLUMNS.header);
  const data = cells(FRAME_COLUMNS.data);
  const header = headers[0];
  if (header === undefined || headers.some((h) => h !== header)) {
    throw new Error(`"${names.frames}": the length header is not one size in every row`);
  }
  const kinds: Kind[] = ids.map((id, i) => {
    if (items[i] === 0 || data[i] % items[i] !== 0) {
      throw new Error(`"${names.frames}", row ${i + 1}: ${data[i]} data bytes are not whole items of ${items[i]}`);
    }
    return { id, perItem: data[i] / items[i], anchors: [{ items: items[i], payload: frame[i] - header }] };
  });
  if (names.strings) {
    const strings = asTable(value(names.strings), names.strings);
    const chars = column(strings, names.strings, 'chars', isCount, 'a whole number');
    const payloads = column(strings, names.strings, 'payload (bytes)', isCount, 'a whole number');
    const str = kinds.find((k) => k.id === 'str');
    if (!str) throw new Error(`"${names.frames}" has no str row for the str messages of "${names.strings}"`);
    chars.forEach((n, i) => str.anchors.push({ items: n, payload: payloads[i] }));
  }
  if (names.edges) {
    // Pickle's wrapping grows in steps (a FRAME opcode per 64 KiB, list appends in batches), so a
    // slope from one measured message drifts; where one byte decides, the model reads a real pickle.
    const edges = asTable(value(names.edges), names.edges);
    const types = column(edges, names.edges, 'type', isText, 'text');
    const items = column(edges, names.edges, 'items', isCount, 'a whole number');
    const payloads = column(edges, names.edges, 'payload (bytes)', isCount, 'a whole number');
    types.forEach((id, i) => {
      const kind = kinds.find((k) => k.id === id);
      if (!kind) throw new Error(`"${names.edges}", row ${i + 1}: no kind "${id}" in "${names.frames}"`);
      kind.anchors.push({ items: items[i]!, payload: payloads[i]! });
    });
  }
  const sizes = names.sizes
    ? column(asTable(value(names.sizes), names.sizes), names.sizes, 'pipe size (bytes)', isCount, 'a whole number')
    : [];
  const max = names.max ? [asCount(value(names.max), names.max)] : [];
  const pipeSizes = [...new Set([pipe, ...sizes, ...max])].sort((a, b) => a - b);
  return { page, pipe, pipeSizes, threshold, header, kinds, ...(max.length && { largest: max[0] }) };
}
