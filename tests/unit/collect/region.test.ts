import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSnippet, selectLines } from '../../../src/collect/region.ts';

const python = [
  'import os',
  '# region main',
  'x = 1',
  '  # region inner',
  '  y = 2',
  '  # endregion',
  '# endregion',
  'print(x)',
  '',
].join('\n');

test('marker lines are stripped and shown lines keep their own numbers', () => {
  const snippet = parseSnippet(python, 'a.py');
  assert.deepEqual(
    snippet.lines.map((l) => l.n),
    [1, 3, 5, 8],
  );
  assert.deepEqual(
    selectLines(snippet, 'main', 'a.py').map((l) => [l.n, l.text]),
    [
      [3, 'x = 1'],
      [5, '  y = 2'],
    ],
  );
  assert.deepEqual(
    selectLines(snippet, 'inner', 'a.py').map((l) => l.n),
    [5],
  );
});

test('TypeScript markers work the same way', () => {
  const snippet = parseSnippet('// region a\nconst a = 1;\n// endregion\n', 'a.ts');
  assert.deepEqual(selectLines(snippet, 'a', 'a.ts'), [{ n: 2, text: 'const a = 1;' }]);
});

test('broken markers name the file and line', () => {
  assert.throws(() => parseSnippet('# region a\nx\n', 'a.py'), /a\.py:1: region "a" is never closed/);
  assert.throws(() => parseSnippet('x\n# endregion\n', 'a.py'), /a\.py:2: endregion without a region/);
  assert.throws(
    () => parseSnippet('# region a\n# endregion\n# region a\n# endregion\n', 'a.py'),
    /a\.py:3: region "a" is defined twice/,
  );
});
