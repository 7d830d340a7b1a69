// The frozen document: written, read back unchanged (the shown transcript byte for byte, control
// characters included); long strings stay strings; parse errors name file:line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  FROZEN_FORMAT,
  emptyRecorded,
  parseFrozen,
  renderFrozen,
  type FrozenDoc,
} from '../../../src/frozen/document.ts';

const doc: FrozenDoc = {
  format: FROZEN_FORMAT,
  snippet: '01-x/bob.py',
  files: { '01-x/bob.py': 'ab12' },
  id: 'bob-hang',
  options: { expect: { kind: 'hang' } },
  outcome: { kind: 'hang', code: null, signal: null, killedBy: 'hang', leftBehind: 0, limits: [] },
  values: [
    {
      name: 'maxima',
      value: {
        columns: ['kind', 'max'],
        rows: [
          ['str', 65514],
          ['bool', 65386],
        ],
      },
      compare: 'exact',
    },
  ],
  autopsy: { diagnosis: 'x'.repeat(300), processes: [{ pid: 1, note: 'y '.repeat(120) }] },
  redact: [{ pattern: 'took [0-9.]+ s', label: 'took [S]' }],
  stdout: ['parent: child started', '```', 'child: put returned', ''],
  stderr: [],
  shown: [
    { stream: 'stdout', t: 12.5, text: 'parent: child started\n```\nchild: put returned\n\n' },
    {
      stream: 'stderr',
      t: 13,
      text: 'progress 10%\rprogress 100%\r\n\u0000 nul \u001b[31mred\u001b[0m \u007f\u0085 é 😀 "q" \\',
    },
    { stream: 'stdout', t: 20, text: 'no newline at the end' },
    { stream: 'engine', t: 21, text: '[hangtime: output capped]\n' },
  ],
  recorded: { ...emptyRecorded(), schemaVersion: 3, command: 'python3 runnable/01-x/bob.py' },
};

test('a document survives writing and reading, fences and long strings included', () => {
  const text = renderFrozen(doc);
  assert.deepEqual(parseFrozen(text, 'f.md'), doc);
  assert.match(text, /^````text$/m, 'a fence longer than any backtick run inside');
  assert.match(text, /^ {2}diagnosis: x{300}$/m);
});

test('the shown transcript keeps chunks, streams, times and every character; one piece a line', () => {
  const text = renderFrozen(doc);
  const back = parseFrozen(text, 'f.md');
  assert.deepEqual(back.shown, doc.shown);
  assert.match(text, /^## shown as the run printed it \(never compared\)$/m);
  assert.match(text, /^- \[stdout, 12\.5, "parent: child started\\n",$/m);
  assert.match(text, /^ {2}"child: put returned\\n",$/m);
  assert.match(text, /\\r\\n", *\n? *"\\u0000 nul \\u001b\[31mred/);
  assert.match(text, /\\u007f\\u0085/);
  assert.doesNotMatch(text, /[\u0000\u007f\u0085]/, 'no raw control character in the file');
});

test('a record with no output shows an empty transcript', () => {
  const back = parseFrozen(renderFrozen({ ...doc, shown: [] }), 'f.md');
  assert.deepEqual(back.shown, []);
});

test('parse errors name the file and line and say how to fix', () => {
  assert.throws(
    () => parseFrozen('---\nsnippet: [\n---\n', 'x.frozen.md'),
    /^Error: x\.frozen\.md:\d+: the front block is not valid YAML/,
  );
  assert.throws(
    () => parseFrozen('---\nsnippet: a\noutcome: {}\n---\n\n## stdout\n\n```text\n', 'x.frozen.md'),
    /x\.frozen\.md:6: the block of "## stdout" is not closed by ```/,
  );
  assert.throws(
    () => parseFrozen('hello', 'x.frozen.md'),
    /x\.frozen\.md:1: expected the front block to start with a line "---"/,
  );
});

test('absent bounds and units are left out, never written as null; null values stay', () => {
  const text = renderFrozen({
    ...doc,
    values: [{ name: 'a', value: null, compare: 'range', min: 0, max: undefined, unit: undefined }],
  });
  assert.match(text, /- \{name: a, value: null, compare: range, min: 0\}/);
  const old = renderFrozen(doc).replace(
    /values:\n(.*\n)*?autopsy:/,
    'values:\n  - {name: s, value: 1.5, compare: range, min: 1, max: 2, unit: null}\nautopsy:',
  );
  assert.deepEqual(parseFrozen(old, 'f.md').values, [{ name: 's', value: 1.5, compare: 'range', min: 1, max: 2 }]);
});

/** The document with one text edit, and the 1-based line where `marker` now stands. */
function edited(from: string, to: string, marker = to.trim()): { text: string; line: number } {
  const text = renderFrozen(doc).replace(from, to);
  assert.notEqual(text, renderFrozen(doc), `the edit ${from} → ${to} applies`);
  return { text, line: text.slice(0, text.indexOf(marker)).split('\n').length };
}

test('a front block of the wrong shape fails at the line of the key, saying what is wrong and what it got', () => {
  const cases: [string, string, RegExp][] = [
    ['kind: hang\n', 'kind: hangs\n', /the front block's "outcome\.kind" is not valid \(.*"timeout".*; got "hangs"\)/],
    ['leftBehind: 0', 'leftBehind: none', /the front block's "outcome\.leftBehind" is not valid \(.*; got "none"\)/],
    ['\nredact:', '\nredcat:', /the front block has an unknown key "redcat"/],
    [
      'took [0-9.]+ s',
      'took ([0-9.]+ s',
      /the front block's "redact\.0\.pattern" is not valid \(redaction pattern .* is not a regular/,
    ],
    [
      'expect: {kind: hang}',
      'expct: {kind: hang}',
      /the front block's "options\.expct" is not valid \(no such option \(the engine's options are: args, /,
    ],
    ['compare: exact', 'compare: roughly', /the front block's "values\.0\.compare" is not valid/],
  ];
  for (const [from, to, what] of cases) {
    const { text, line } = edited(from, to);
    assert.throws(
      () => parseFrozen(text, 'x.frozen.md'),
      (error: Error) => {
        assert.match(error.message, new RegExp(`^x\\.frozen\\.md:${line}: `), `${to}: the line of the key`);
        assert.match(error.message, what);
        assert.match(error.message, /\. Fix it by hand, or delete the file and run `npx hangtime verify --update`\.$/);
        return true;
      },
      to,
    );
  }
  const { text } = edited('\noutcome:', '\nresult:');
  assert.throws(() => parseFrozen(text, 'x.frozen.md'), /x\.frozen\.md:\d+: the front block has no "outcome:"/);
});

test('a recorded block of the wrong shape fails at its line too', () => {
  const { text, line } = edited('totalBytes: 0', 'totalBytes: lots');
  assert.throws(
    () => parseFrozen(text, 'x.frozen.md'),
    new RegExp(`^Error: x\\.frozen\\.md:${line}: the recorded block's "totalBytes" is not valid \\(.*; got "lots"\\)`),
  );
});
