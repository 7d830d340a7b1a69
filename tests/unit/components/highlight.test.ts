// Source lines as the page shows them: highlighted, each with its own line number, gaps marked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highlightSource } from '../../../src/components/highlight.ts';

test('source lines keep their own numbers, mark gaps, and sit in a named region the keyboard reaches', async () => {
  const html = await highlightSource(
    [
      { n: 3, text: 'x = 1' },
      { n: 5, text: 'print(x)' },
    ],
    'py',
    'x.py, lines 3 to 5',
  );
  assert.match(html, /<span class="line" data-n="3">/);
  // A box that may scroll sideways: reached by the keyboard, named for a screen reader.
  assert.match(html, /<pre [^>]*tabindex="0"/);
  assert.match(html, /<pre [^>]*role="region"/);
  assert.match(html, /<pre [^>]*aria-label="x.py, lines 3 to 5"/);
  assert.match(html, /<span class="line after-gap" data-n="5">/);
});
