// How a published value is written on the page, one format a unit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatValue } from '../../../src/components/format.ts';

test('value formats', () => {
  assert.equal(formatValue(65514), '65,514');
  assert.equal(formatValue(65536, 'bytes'), '65,536 bytes');
  assert.equal(formatValue(43.4, 'ms'), '43 ms');
  assert.equal(formatValue(0.214, 's'), '0.21 s');
  assert.equal(formatValue(2.456, 'x'), '2.46×');
  // A run's cores-busy figure of exactly 1 is published as 1: still "1.00 cores", never "1 cores".
  assert.equal(formatValue(1, 'cores'), '1.00 cores');
  assert.equal(formatValue(1.6, 'cores'), '1.60 cores');
  assert.equal(formatValue('fork', 'raw'), 'fork');
  assert.equal(formatValue([1, 2]), '[1,2]');
});
