// The output a failure message shows: the tail, unless the tail is only the stack that followed an
// error line (Node's loader frames after a SyntaxError): then the error with its source context.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outputSummary } from '../../../src/explain/output-tail.ts';

const nodeSyntaxError = [
  'file:///tmp/x/syn.mjs:1',
  'const a = ;',
  '          ^',
  '',
  "SyntaxError: Unexpected token ';'",
  ...Array.from({ length: 10 }, (_, i) => `    at frame${i} (node:internal/modules/esm/loader:${i}:1)`),
  '',
  'Node.js v24.21.0',
].join('\n');

test("a Node error followed by more frames than fit: the error line and where it is, not the loader's frames", () => {
  const { title, lines } = outputSummary(nodeSyntaxError);
  assert.equal(title, 'the error in the output');
  assert.deepEqual(lines.slice(0, 4), [
    'file:///tmp/x/syn.mjs:1',
    'const a = ;',
    '          ^',
    "SyntaxError: Unexpected token ';'",
  ]);
  assert.equal(lines.length, 10);
  assert.equal(lines.at(-1), '… 6 more lines');
});

test('a Python traceback ends with its error: the tail shows it, as it is', () => {
  const text = [
    ...Array.from({ length: 12 }, (_, i) => `line ${i}`),
    'Traceback (most recent call last):',
    '  File "/tmp/a.py", line 3, in <module>',
    "    raise ValueError('bad')",
    'ValueError: bad',
  ].join('\n');
  const { title, lines } = outputSummary(text);
  assert.equal(title, 'last lines of output');
  assert.equal(lines.at(-1), 'ValueError: bad');
  assert.equal(lines.length, 10);
});

test('short output is shown whole; output with no error line keeps its tail', () => {
  assert.deepEqual(outputSummary('a\n\nb\n').lines, ['a', 'b']);
  const many = Array.from({ length: 30 }, (_, i) => `n${i}`).join('\n');
  assert.deepEqual(outputSummary(many), {
    title: 'last lines of output',
    lines: Array.from({ length: 10 }, (_, i) => `n${i + 20}`),
  });
});
