// Chapter 5's calculator: frames from published pieces, filled into page slots as the queue
// writes them. The models here are the shapes predict.py and frames.ts publish, cut short.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answer, type FitModel } from '../../../src/components/fit.ts';

const str = {
  label: 'pickle · str',
  largest: 65_514,
  perItem: 1,
  top: 131_059,
  pieces: [
    [0, 255, 19],
    [256, 65_535, 22],
    [65_536, 131_059, 13],
  ] as [number, number, number][],
};
const python: FitModel = { queue: 'Python', page: 4096, slots: 16, threshold: 16_384, kinds: [str] };
const json: FitModel = { ...python, queue: 'TypeScript', threshold: null };

test("Bob's string: the pipe takes 64,709 bytes and 40,960 wait (header, then the payload)", () => {
  const a = answer(python, str, '105656', '1');
  assert.ok(a.kind === 'stuck');
  assert.equal(a.frame, 105_669);
  assert.equal(a.held, 64_709);
  assert.equal(a.waiting, 40_960);
});

test("the article's largest string fits exactly, one more character does not", () => {
  assert.equal(answer(python, str, '65514', '1').kind, 'fits');
  const over = answer(python, str, '65515', '1');
  assert.ok(over.kind === 'stuck');
  assert.equal(over.held, 61_444);
});

test('small messages: one per slot when two do not share a page, fewer than bytes alone suggest', () => {
  const a = answer(python, str, '2500', '40'); // 2,522-byte frames, as header-page.py measures
  assert.ok(a.kind === 'stuck');
  assert.equal(a.held, 16 * 2522);
  assert.match(a.text, /16 whole messages/);
  assert.match(a.text, /would have said 25 messages fit/);
});

test('one write when the queue never splits: a frame up to the pipe fits', () => {
  assert.equal(answer(json, str, '65514', '1').kind, 'fits'); // 65,514 + 22 = 65,536
  assert.equal(answer(json, str, '65515', '1').kind, 'stuck');
});

test('bad input gets a visible message, never a silent correction', () => {
  for (const items of ['-5', '', 'abc', '1.5', '200000']) {
    const a = answer(python, str, items, '1');
    assert.equal(a.kind, 'invalid', items);
    assert.match(a.text, /whole number of items from 0 to 131,059/);
  }
  assert.equal(answer(python, str, '10', '0').kind, 'invalid');
});

test('singular and plural: 1 item, 1 byte', () => {
  const one: FitModel = { ...python, kinds: [{ ...str, pieces: [[0, 131_059, 0]] }] };
  const a = answer(one, one.kinds[0]!, '1', '1');
  assert.match(a.text, /of 1 character can exit/);
  assert.match(a.text, /Its frame is 1 byte,/);
});
