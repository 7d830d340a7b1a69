// Source lines as the page shows them: highlighted, each with its own line number, gaps marked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highlightSource } from '../../../src/components/highlight.ts';

test('source lines keep their own numbers and mark gaps', async () => {
  const html = await highlightSource(
    [
      { n: 3, text: 'x = 1' },
      { n: 5, text: 'print(x)' },
    ],
    'py',
  );
  assert.match(html, /<span class="line" data-n="3">/);
  assert.match(html, /<span class="line after-gap" data-n="5">/);
});
