// The pure parts of the components: transcript HTML, value formats, timeline lanes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatValue } from '../../../src/components/format.ts';
import { highlightSource } from '../../../src/components/highlight.ts';
import { renderTranscript } from '../../../src/explain/terminal.ts';
import { buildLanes, stateOf } from '../../../src/explain/timeline.ts';
import type { RunResult, Syscall } from '../../../src/runner/schema.ts';

test('a transcript escapes every byte and marks stderr lines', async () => {
  const { html, lines } = await renderTranscript([
    { stream: 'stdout', t: 1, text: '</pre><script>alert(1)</script>\n' },
    { stream: 'stderr', t: 2, text: 'oops & <b>\n' },
  ]);
  assert.equal(lines, 2);
  assert.doesNotMatch(html, /<script>|<b>|<\/pre><script/);
  assert.match(
    html,
    /&lt;\/pre&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;|&lt;\/pre>&lt;script>alert\(1\)&lt;\/script>/,
  );
  assert.match(html, /<span class="line stderr">.*oops &amp; &lt;b/);
});

test('ANSI colours become styled spans, not escape codes', async () => {
  const { html } = await renderTranscript([{ stream: 'stdout', t: 1, text: '\u001b[31mred\u001b[0m plain\n' }]);
  assert.doesNotMatch(html, /\u001b|\[31m/);
  assert.match(html, /<span style="--shiki-light:#[0-9a-f]{6};--shiki-dark:#[0-9a-f]{6}">red<\/span>/i);
});

test('a long transcript keeps head and tail open and folds (and caps) the middle', async () => {
  const text = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
  const { html, lines } = await renderTranscript([{ stream: 'stdout', t: 1, text }], {
    keep: 5,
    foldAfter: 40,
    maxFolded: 100,
  });
  assert.equal(lines, 1000);
  assert.match(html, /<summary>990 more lines \(100 kept on this page\)<\/summary>/);
  assert.match(html, /… 890 lines not kept on the page/);
  assert.ok(html.indexOf('line 1<') < html.indexOf('<details'));
  assert.ok(html.indexOf('line 1000<') > html.indexOf('</details>'));
  assert.doesNotMatch(html, /line 106</);
});

test('an empty transcript says so', async () => {
  assert.match((await renderTranscript([])).html, /\(no output\)/);
});

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

test('value formats', () => {
  assert.equal(formatValue(65514), '65,514');
  assert.equal(formatValue(65536, 'bytes'), '65,536 bytes');
  assert.equal(formatValue(43.4, 'ms'), '43 ms');
  assert.equal(formatValue(0.214, 's'), '0.21 s');
  assert.equal(formatValue(2.456, 'x'), '2.46×');
  assert.equal(formatValue('fork', 'raw'), 'fork');
  assert.equal(formatValue([1, 2]), '[1,2]');
});

/** Syscall facts as the watcher records them. */
const sys = (name: string, extra: Partial<Syscall> = {}): Syscall => ({
  name,
  nr: 0,
  timed: false,
  fd: null,
  bytes: null,
  waitPid: null,
  timeoutMs: null,
  ...extra,
});

test('timeline states: running, untimed wait, timed wait, gone', () => {
  const base = { t: 0, pid: 1, tid: 1, proc: 'p', thread: 'p', wchan: '', syscall: sys('none'), housekeeping: false };
  assert.equal(stateOf({ ...base, state: 'R', syscall: sys('running') }), 'run');
  assert.equal(stateOf({ ...base, state: 'S', syscall: sys('wait4', { waitPid: 2 }) }), 'wait');
  assert.equal(stateOf({ ...base, state: 'S', syscall: sys('nanosleep', { timed: true }) }), 'timed');
  assert.equal(stateOf({ ...base, state: 'gone' }), 'gone');
});

test('a pool thread that wrote for the program and went back to its pool ends idle, not running', () => {
  const ev = (t: number, tid: number, state: string, syscall: Syscall, housekeeping: boolean) => ({
    t,
    pid: 1,
    tid,
    proc: 'node',
    thread: tid === 1 ? 'node' : 'libuv-worker',
    state,
    wchan: '',
    syscall,
    housekeeping,
  });
  const result = {
    hang: { quietAtMs: 50, confirmedAtMs: 100, confirmedAfterMs: 50 },
    timing: { wallMs: 100, cpuMs: 1 },
    autopsy: null,
    timeline: [
      ev(0, 1, 'R', sys('running'), false),
      ev(0, 2, 'S', sys('futex'), true), // idle from the start: no lane of its own yet
      ev(0, 3, 'S', sys('futex'), true), // idle all along: never a lane
      ev(10, 2, 'R', sys('running'), false),
      ev(20, 2, 'S', sys('futex'), true),
      ev(30, 1, 'S', sys('epoll_pwait', { timeoutMs: -1 }), false),
    ],
  } as unknown as RunResult;
  const { lanes } = buildLanes(result);
  assert.deepEqual(
    lanes.map((l) => [l.label, l.last]),
    [
      ['node 1 · main thread', 'epoll_pwait, no timeout'],
      ['node 1 · libuv-worker', 'idle, back in its pool'],
    ],
  );
  assert.deepEqual(
    lanes[1]!.segments.map((s) => [s.from, s.to, s.state]),
    [
      [10, 20, 'run'],
      [20, 100, 'idle'],
    ],
  );
});
