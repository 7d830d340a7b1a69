// The terminal renderer: what a terminal would show, as safe HTML of bounded size.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderTranscript, type TranscriptChunk } from '../../../src/explain/terminal.ts';

const MiB = 1024 * 1024;
const out = (text: string): TranscriptChunk => ({ stream: 'stdout', t: 1, text });
const err = (text: string): TranscriptChunk => ({ stream: 'stderr', t: 2, text });

/** The text a reader sees, line by line (tags dropped, entities read back). */
function shown(html: string): string[] {
  const code = [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) => m[1]).join('\n');
  return code
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .split('\n');
}

/** The `<span class="line…">` opening tags, in order. */
const lineTags = (html: string) => [...html.matchAll(/<span class="line[^"]*"[^>]*>/g)].map((m) => m[0]);

test('a \\r progress bar is one line in its final state, marked as redrawn', async () => {
  const frames = Array.from({ length: 11 }, (_, i) => `\r[${'#'.repeat(i).padEnd(10)}] ${i * 10}%`).join('');
  const { html, lines } = await renderTranscript([out(frames + '\ndone\n')]);
  assert.equal(lines, 2);
  assert.deepEqual(shown(html), ['[##########] 100%', 'done']);
  assert.deepEqual(lineTags(html), [
    '<span class="line redrawn" title="redrawn 10 times; the final state is shown">',
    '<span class="line">',
  ]);
});

test('\\r then shorter text overwrites only the first characters; \\r\\n is a plain line end', async () => {
  const { html, lines } = await renderTranscript([out('abcdef\rXY\r\nnext\r\n\r\nlast\r\n')]);
  assert.equal(lines, 4);
  assert.deepEqual(shown(html), ['XYcdef', 'next', '', 'last']);
  assert.deepEqual(
    lineTags(html).map((t) => t.includes('redrawn')),
    [true, false, false, false],
  );
  assert.match(html, /title="redrawn once; the final state is shown"/);
});

test('backspace moves left and the next character overwrites', async () => {
  const { html } = await renderTranscript([out('abc\b\bX\n\b\bstart\n|\b/\b-\b\\\n')]);
  assert.deepEqual(shown(html), ['aXc', 'start', '\\']);
  assert.match(html, /redrawn 3 times/);
});

test('control characters are shown as symbols, never raw; a tab stays a tab', async () => {
  const { html } = await renderTranscript([out('[\0] [\x07] [\x01\x1f] [\x7f] [\x9b] [\x1b\x1b[0m] a\tb\n')]);
  assert.deepEqual(shown(html), ['[␀] [␇] [␁␟] [␡] [␛[] [␛] a\tb']);
  assert.match(html, /<span class="ctl">␀<\/span>/);
  // Nothing from C0 (but tab and newline), DEL or C1 reaches the page.
  assert.doesNotMatch(html, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
});

test('OSC sequences are stripped: a window title goes, a hyperlink keeps its text', async () => {
  const { html } = await renderTranscript([
    out('\x1b]0;my title\x07before \x1b]2;other title\x1b\\after\n'),
    out('see \x1b]8;;https://example.com/?a=1\x1b\\the docs\x1b]8;;\x1b\\ now\n'),
  ]);
  assert.deepEqual(shown(html), ['before after', 'see the docs now']);
  assert.doesNotMatch(html, /title"|my title|example\.com|\]8;|\]0;/);
});

test('an OSC that never ends hides the rest, as in a terminal, and a note says so', async () => {
  const { html } = await renderTranscript([out('shown\x1b]0;no end\nhidden\n')]);
  assert.deepEqual(shown(html), ['shown']);
  assert.match(
    html,
    /<p class="terminal-note">An escape sequence \(OSC\) never ended: the 16 characters after it are hidden/,
  );
});

test('erase in line and cursor up redraw lines like a progress bar library does', async () => {
  const { html, lines } = await renderTranscript([
    out('task 1: 10%\ntask 2: 10%\n'),
    out('\x1b[2A\x1b[2Ktask 1: done\n\x1b[2Ktask 2: done\n'),
    out('long text here\rshort\x1b[K\n'),
    out('\x1b[2KDownloading model\n'), // not read as SGR up to the "m" (Shiki's ansi parser did)
  ]);
  assert.equal(lines, 4);
  assert.deepEqual(shown(html), ['task 1: done', 'task 2: done', 'short', 'Downloading model']);
  assert.deepEqual(
    lineTags(html).map((t) => t.includes('redrawn')),
    [true, true, true, false],
  );
});

test('escape sequences that are not interpreted are dropped, never shown', async () => {
  const { html } = await renderTranscript([out('\x1b[?25l\x1b[2J\x1b[5;5Ha\x1b(Bb\x1b=c\x1b[>4;2md\x1b[?25h\n')]);
  assert.deepEqual(shown(html), ['abcd']);
  assert.doesNotMatch(html, /\[\?25|\[2J|5;5H|␛/);
});

test('SGR colours become spans with both themes; same colours merge; background and bold kept', async () => {
  const { html } = await renderTranscript([
    out('\x1b[31mre\x1b[31md\x1b[0m plain \x1b[1;38;5;196mbold\x1b[0m \x1b[38;2;1;2;3mrgb\x1b[m \x1b[42mbg\x1b[0m\n'),
  ]);
  assert.match(html, /<span style="--shiki-light:#a0111f;--shiki-dark:#ff9492">red<\/span> plain /);
  assert.match(html, /<span style="--shiki-light:#ff0000;--shiki-dark:#ff0000;font-weight:bold">bold<\/span>/);
  assert.match(html, /<span style="--shiki-light:#010203;--shiki-dark:#010203">rgb<\/span>/);
  assert.match(html, /<span class="bg" style="--shiki-light-bg:#024c1a;--shiki-dark-bg:#26cd4d">bg<\/span>/);
  assert.doesNotMatch(html, /\x1b|\[31m/);
});

test('colour state is shared, but a sequence split by the other stream still completes', async () => {
  const { html } = await renderTranscript([out('\x1b[3'), err('warn\n'), out('1mred\x1b[0m\n')]);
  assert.deepEqual(shown(html), ['warn', 'red']);
  assert.match(html, /<span style="--shiki-light:#a0111f;[^"]*">red<\/span>/);
});

test('stderr and engine lines are marked; an engine note starts a line of its own', async () => {
  const { html } = await renderTranscript([
    out('out\n'),
    err('oops\n'),
    out('\x1b[31mno newline'),
    { stream: 'engine', t: 3, text: '[hangtime: output capped]\n' },
  ]);
  assert.deepEqual(shown(html), ['out', 'oops', 'no newline', '[hangtime: output capped]']);
  assert.deepEqual(lineTags(html), [
    '<span class="line">',
    '<span class="line stderr">',
    '<span class="line">',
    '<span class="line engine">',
  ]);
  assert.match(html, /<span class="line engine">\[hangtime: output capped\]<\/span>/); // in the default pen
});

test('markup is escaped: <script> and & reach the page as text', async () => {
  const { html, lines } = await renderTranscript([out('</pre><script>alert(1)</script>\n'), err('oops & <b> &amp;\n')]);
  assert.equal(lines, 2);
  assert.doesNotMatch(html, /<script>|<b>|<\/pre><script/);
  assert.match(html, /&lt;\/pre>&lt;script>alert\(1\)&lt;\/script>/);
  assert.match(html, /<span class="line stderr">oops &amp; &lt;b> &amp;amp;<\/span>/);
});

test('invalid UTF-8, replaced by U+FFFD when captured, shows as U+FFFD', async () => {
  const text = new TextDecoder('utf-8').decode(Buffer.from([0x61, 0xff, 0x62, 0xc3, 0x0a]));
  const { html } = await renderTranscript([out(text)]);
  assert.deepEqual(shown(html), ['a\ufffdb\ufffd']);
});

test('bidirectional overrides are removed: the browser must not reorder what the terminal shows', async () => {
  const { html } = await renderTranscript([out('abc\u202edef\u2066g\n')]);
  assert.deepEqual(shown(html), ['abcdefg']);
});

test('colour on every character of a 1 MiB transcript stays within 2 MiB of HTML, with a note', async () => {
  for (const perLine of [Infinity, 6000]) {
    const parts: string[] = [];
    let bytes = 0;
    for (let i = 0; bytes < MiB - 16; i++) {
      const part =
        `\x1b[3${1 + (i % 6)}m${String.fromCharCode(97 + (i % 26))}` + (i % perLine === perLine - 1 ? '\n' : '');
      parts.push(part);
      bytes += part.length;
    }
    const { html, lines } = await renderTranscript([out(parts.join(''))]);
    const size = Buffer.byteLength(html);
    assert.ok(size <= 2 * MiB, `${lines} line(s): ${size} bytes`);
    assert.match(html, /<span style="--shiki-light:#a0111f;--shiki-dark:#ff9492">a<\/span>/); // coloured at first
    assert.match(
      html,
      /<p class="terminal-note">Colours are shown up to line \d+: this output changes colour too often/,
    );
    assert.equal(shown(html).join('').length, parts.length); // every character still shown, in plain past the note
  }
});

test('any 1 MiB transcript stays within 2 MiB; a line too long for the page says what it left out', async () => {
  for (const unit of ['<&', 'a\0', '\u2603', 'plain text ']) {
    const text = unit.repeat(Math.floor(MiB / Buffer.byteLength(unit)));
    const { html } = await renderTranscript([out(text)]);
    assert.ok(Buffer.byteLength(html) <= 2 * MiB, `${JSON.stringify(unit)}: ${Buffer.byteLength(html)} bytes`);
    if (unit !== 'plain text ' && unit !== '\u2603')
      assert.match(html, /<span class="cut">… [\d,]+ more characters not kept on the page<\/span>/);
    else assert.doesNotMatch(html, /class="cut"/);
  }
  // The bound follows the run's own cap.
  const { html } = await renderTranscript([out('<'.repeat(64 * 1024))], { maxOutputBytes: 64 * 1024 });
  assert.ok(Buffer.byteLength(html) <= 128 * 1024);
});

test('cursor moves and in-line edits cannot blow up the page or the build', async () => {
  const far = await renderTranscript([out('\x1b[99999999Cx\n' + 'a\x1b[5000Cb\x1b[2K'.repeat(20_000) + 'c\n')]);
  // Clamped at a right margin of 1,024 columns, as a terminal clamps at its own; past a budget of
  // blanks, text lands at the line's end instead of after a million spaces.
  const [first, second] = shown(far.html);
  assert.equal(first, ' '.repeat(1024) + 'x');
  assert.ok(second!.length <= 1025);
  const started = performance.now();
  const edits = await renderTranscript([out('x'.repeat(200_000) + '\x1b[1K'.repeat(400) + '\n')]);
  assert.ok(performance.now() - started < 5000);
  assert.match(edits.html, /<p class="terminal-note">This output erased and shifted text inside its lines so often/);
});

test('a long transcript keeps head and tail open and folds (and caps) the middle', async () => {
  const text = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
  const { html, lines } = await renderTranscript([out(text)], { keep: 5, foldAfter: 40, maxFolded: 100 });
  assert.equal(lines, 1000);
  assert.match(html, /<summary>990 more lines \(100 kept on this page\)<\/summary>/);
  assert.match(html, /… 890 lines not kept on the page/);
  assert.match(html, /^<pre class="shiki terminal head"[^>]*tabindex="0"><code>/);
  assert.match(html, /<details class="fold"><summary>.*<\/summary><pre class="shiki terminal middle"/);
  assert.match(html, /<\/details><pre class="shiki terminal tail"/);
  assert.ok(html.indexOf('line 1<') < html.indexOf('<details'));
  assert.ok(html.indexOf('line 1000<') > html.indexOf('</details>'));
  assert.doesNotMatch(html, /line 106</);
});

test('the fold counts lines a terminal shows: redrawn frames are not lines', async () => {
  const frames = Array.from({ length: 500 }, (_, i) => `\r${i}`).join('');
  const { html, lines } = await renderTranscript([out(`${frames}\nend\n`)]);
  assert.equal(lines, 2);
  assert.doesNotMatch(html, /<details/);
});

test('an empty transcript, or one that prints only escape sequences, says so', async () => {
  assert.match((await renderTranscript([])).html, /\(no output\)/);
  const { html, lines } = await renderTranscript([out('\x1b[?25l\x1b]0;title\x07\x1b[?25h')]);
  assert.equal(lines, 0);
  assert.match(html, /\(no output\)/);
});
