// The byte map of byte-map.py's frames, run here: every byte in exactly one group, in order,
// each group a kind the figure can draw; a table that skips, overlaps or stops short is refused.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { byteGroups } from '../../../src/explain/byte-map.ts';
import { published } from './published.ts';

let v: Record<string, unknown> = {};
before(async () => {
  v = await published('05-why-65514-and-not-65536/byte-map.py');
});

test('each published frame: every byte once, in order, labelled', () => {
  for (const key of ['hi', 'list']) {
    const groups = byteGroups(v[`bytemap_${key}`], key, v[`bytemap_${key}_hex`], `${key} hex`);
    const hex = (v[`bytemap_${key}_hex`] as string).split(' ');
    assert.deepEqual(
      groups.flatMap((g) => g.bytes),
      hex,
    );
    assert.equal(hex.length, v[`bytemap_${key}_bytes`]);
    let next = 0;
    for (const g of groups) {
      assert.equal(g.offset, next);
      next += g.bytes.length;
      assert.ok(g.label && g.meaning, `${key} at ${g.offset}`);
    }
    const data = groups.filter((g) => g.kind === 'data').reduce((n, g) => n + g.bytes.length, 0);
    assert.equal(data, v[`bytemap_${key}_data_bytes`]);
    assert.equal(groups[0]!.kind, 'length');
    assert.equal(groups.at(-1)!.part, 'STOP');
  }
});

test('a table that does not cover the frame exactly once is an error naming it', () => {
  const table = v.bytemap_hi as { columns: string[]; rows: unknown[][] };
  const hex = v.bytemap_hi_hex as string;
  const withRows = (rows: unknown[][]) => ({ columns: table.columns, rows });
  assert.throws(() => byteGroups(withRows(table.rows.slice(1)), 't', hex, 'h'), /row 1: starts at byte 4, but byte 0/);
  const overlap = table.rows.map((r, i) => (i === 1 ? [Number(r[0]) - 1, ...r.slice(1)] : r));
  assert.throws(() => byteGroups(withRows(overlap), 't', hex, 'h'), /row 2: starts at byte 3/);
  assert.throws(() => byteGroups(withRows(table.rows.slice(0, -1)), 't', hex, 'h'), /covers \d+ bytes, but "h" has/);
  assert.throws(() => byteGroups(table, 't', 'zz', 'h'), /"h" is not hex/);
  const unknown = table.rows.map((r, i) => (i === 0 ? [r[0], r[1], 'CRC', r[3], r[4]] : r));
  assert.throws(() => byteGroups(withRows(unknown), 't', hex, 'h'), /part "CRC"/);
});
