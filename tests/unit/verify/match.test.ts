// Wildcards as trycmd reads them: `...` for lines, `[..]` for part of a line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineMatches, linesMatch, patchActual } from '../../../src/verify/match.ts';

test('[..] matches part of one line, anchored at both ends', () => {
  assert.equal(lineMatches('took [..] ms', 'took 12.5 ms'), true);
  assert.equal(lineMatches('took [..] ms', 'took 12.5 s'), false);
  assert.equal(lineMatches('[..]', ''), true);
  assert.equal(lineMatches('a[..]b[..]c', 'a-b-b-c'), true);
  assert.equal(lineMatches('ab[..]ba', 'aba'), false);
  assert.equal(lineMatches('plain', 'plain '), false);
});

test('... matches any number of lines, zero included', () => {
  assert.equal(linesMatch(['a', '...', 'z'], ['a', 'z']), true);
  assert.equal(linesMatch(['a', '...', 'z'], ['a', 'b', 'c', 'z']), true);
  assert.equal(linesMatch(['a', '...', 'z'], ['a', 'b', 'c']), false);
  assert.equal(linesMatch(['...'], []), true);
  assert.equal(linesMatch(['...', 'x', '...'], ['q', 'x', 'r', 'x']), true);
  assert.equal(linesMatch([], ['a']), false);
});

test('patchActual keeps matching wildcards so a diff shows only real changes', () => {
  const expected = ['start', '...', 'took [..]', 'end'];
  const actual = ['start', 'noise 1', 'noise 2', 'took 5 ms', 'END'];
  const patched = patchActual(expected, actual);
  assert.deepEqual(patched, ['start', '...', 'took [..]', 'END']);
  assert.equal(linesMatch(patched, actual), true);
  assert.deepEqual(patchActual(expected, ['start', 'took 1 s', 'end']), expected);
});
