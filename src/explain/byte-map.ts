// A frame as bytes: byte-map.py's table of byte runs (offset, length, part, opcode, meaning) and
// the frame's hex, joined into groups a figure can draw, each byte once. The parts are named in
// words and sorted into five kinds, which the figure tells apart by label and pattern, not colour.
import { asTable, column, isCount, isText } from './published-table.ts';

export type ByteKind = 'length' | 'wrapping' | 'opcode' | 'size' | 'data';

export interface ByteGroup {
  offset: number;
  bytes: string[];
  part: string;
  kind: ByteKind;
  /** The label above the group: "length", "PROTO", "opcode SHORT_BINUNICODE", "data". */
  label: string;
  meaning: string;
}

const WRAPPING = new Set(['PROTO', 'FRAME', 'MEMOIZE', 'STOP']);

/** What kind of bytes a part is; an unknown part is an error (the snippet grew a part the figure cannot name). */
export function kindOf(part: string): ByteKind {
  if (WRAPPING.has(part)) return 'wrapping';
  if (part === 'length' || part === 'opcode' || part === 'size' || part === 'data') return part;
  throw new Error(`a byte run of part "${part}", which the byte map does not know`);
}

export const KIND_WORDS: Record<ByteKind, string> = {
  length: "the queue's length header",
  wrapping: "pickle's wrapping (protocol, frame, memo, stop)",
  opcode: 'an opcode: what to build',
  size: 'the size of the data that follows',
  data: 'the data itself',
};

/** The groups of a published byte map, checked: every byte of the hex in exactly one group, in order. */
export function byteGroups(tableValue: unknown, tableName: string, hexValue: unknown, hexName: string): ByteGroup[] {
  if (typeof hexValue !== 'string' || !/^[0-9a-f]{2}( [0-9a-f]{2})*$/i.test(hexValue)) {
    throw new Error(`"${hexName}" is not hex bytes separated by spaces`);
  }
  const hex = hexValue.split(' ');
  const table = asTable(tableValue, tableName);
  const offsets = column(table, tableName, 'offset', isCount, 'a whole number');
  const lengths = column(table, tableName, 'length', isCount, 'a whole number');
  const parts = column(table, tableName, 'part', isText, 'text');
  const opcodes = column(table, tableName, 'opcode', isText, 'text');
  const meanings = column(table, tableName, 'meaning', isText, 'text');
  let next = 0;
  const groups = offsets.map((offset, i) => {
    if (offset !== next) {
      throw new Error(`"${tableName}", row ${i + 1}: starts at byte ${offset}, but byte ${next} is next`);
    }
    if (lengths[i] === 0) throw new Error(`"${tableName}", row ${i + 1}: a run of no bytes`);
    next = offset + lengths[i];
    const kind = kindOf(parts[i]);
    const label = kind === 'opcode' ? `opcode ${opcodes[i]}` : parts[i];
    return { offset, bytes: hex.slice(offset, next), part: parts[i], kind, label, meaning: meanings[i] };
  });
  if (next !== hex.length) {
    throw new Error(`"${tableName}" covers ${next} bytes, but "${hexName}" has ${hex.length}`);
  }
  return groups;
}
