// A run's transcript as a terminal shows it, as HTML of bounded size.
//
// The chunks are played on a screen (screen.ts, escapes.ts): `\r` and cursor moves overwrite as
// in a terminal, each line keeps its final state and says how often it was redrawn; controls
// become visible symbols; escape sequences act or vanish, never reach the page raw. Then the
// lines become HTML (paint.ts): stderr and engine lines marked, a long middle folded as before.
//
// The page is bounded: at most 2 × the run's output cap (maxOutputBytes). First the fold keeps
// 12 + 300 + 12 lines; if their plain HTML still does not fit, the longest lines are cut to a
// common length (each says how many characters it lost); then colour is added line by line, in
// page order, for as long as it fits, and a note says where it stops.
//
// Not a terminal emulator library: @xterm/headless emulates faithfully but wraps at a fixed
// width (the transcript's reader has none), keeps 12 bytes a cell for cols × rows (1 MiB of
// newlines at 80 columns is ~1 GB) and parses asynchronously; anser and ansi-to-html read colours
// only (no `\r`, no cursor). What progress bars need (`\r`, `\b`, erase in line, cursor up) is a
// small screen model.
import { StreamParser, type Unterminated } from './escapes.ts';
import { fitLines } from './budget.ts';
import { CUT_MARKER_BYTES, Painter, count, lineTags } from './paint.ts';
import { Screen, type ScreenLine, type Stream } from './screen.ts';
import { loadPalettes } from './sgr.ts';

/** What the engine records (the runner's `Chunk`). */
export interface TranscriptChunk {
  stream: Stream;
  /** Milliseconds since the run started. */
  t: number;
  text: string;
}

export interface TranscriptOptions {
  /** Lines shown before and after the fold. @default 12 */
  keep?: number;
  /** Transcripts longer than this fold their middle. @default 40 */
  foldAfter?: number;
  /** Most folded lines kept in the page; the rest are counted, not shipped. @default 300 */
  maxFolded?: number;
  /** The run's output cap (its run option `maxOutputBytes`): the HTML stays within twice this. @default 1 MiB */
  maxOutputBytes?: number;
}

// High-contrast themes: every ANSI colour a snippet is likely to print passes WCAG AA.
const themes = { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const;
let palettes: ReturnType<typeof loadPalettes> | null = null;

/** Room kept for everything but the lines: pre and details tags, the summary, the notes. */
const FRAME_BYTES = 4096;

/** Plays the transcript on a screen; the final empty line (after the last `\n`) is not a line. */
function play(chunks: TranscriptChunk[]): { screen: Screen; unterminated: Unterminated[] } {
  const screen = new Screen();
  const parsers = new Map<Stream, StreamParser>();
  for (const chunk of chunks) {
    let parser = parsers.get(chunk.stream);
    if (!parser) parsers.set(chunk.stream, (parser = new StreamParser(screen)));
    screen.stream = chunk.stream;
    screen.now = chunk.t;
    if (chunk.stream !== 'engine') parser.feed(chunk.text);
    else {
      const pen = screen.startEngineNote();
      parser.feed(chunk.text);
      screen.setPen(pen);
    }
  }
  const unterminated = [...parsers.values()].map((p) => p.finish()).filter((u): u is Unterminated => u !== null);
  const last = screen.lines.at(-1)!;
  if (!last.chars?.length) screen.lines.pop();
  return { screen, unterminated };
}

/** One line of the transcript as a terminal leaves it: its final text, and when it first appeared. */
export interface TimedLine {
  /** Milliseconds since the run started: the chunk that wrote the line's first character (null: an empty line). */
  t: number | null;
  stream: Stream;
  text: string;
}

/**
 * The transcript's lines in plain text with their times (for the timeline, which lights each line
 * as the run reaches it). Played on the same screen as the terminal HTML, so the lines are the same.
 */
export function timedLines(chunks: TranscriptChunk[]): TimedLine[] {
  return play(chunks).screen.lines.map((line) => ({
    t: line.t,
    stream: line.stream ?? 'stdout',
    text: (line.chars ?? []).join(''),
  }));
}

/** The transcript as terminal HTML; `lines` counts the lines a terminal would show. */
export async function renderTranscript(
  chunks: TranscriptChunk[],
  options: TranscriptOptions = {},
): Promise<{ html: string; lines: number }> {
  const { keep = 12, foldAfter = 40, maxFolded = 300, maxOutputBytes = 1024 * 1024 } = options;
  const { screen, unterminated } = play(chunks);
  const all = screen.lines;
  const notes = unterminated.map(
    (u) =>
      `An escape sequence (${u.kind}) never ended: the ${count(u.chars)} characters after it are hidden, ` +
      'as a terminal hides them.',
  );
  if (screen.isOverworked) {
    notes.push(
      'This output erased and shifted text inside its lines so often that the page stopped following those edits: ' +
        'some lines may differ from a terminal.',
    );
  }
  const paragraphs = () => notes.map((n) => `<p class="terminal-note">${n}</p>`).join('');
  if (all.length === 0)
    return { html: `<pre class="terminal empty"><code>(no output)</code></pre>${paragraphs()}`, lines: 0 };

  const isFolded = all.length > foldAfter;
  const head = isFolded ? all.slice(0, keep) : all;
  const middle = isFolded ? all.slice(keep, all.length - keep) : [];
  const tail = isFolded ? all.slice(all.length - keep) : [];
  let shown = middle.slice(0, maxFolded);

  // The budget: the lines' own tags first (a tiny cap ships fewer folded lines), then their content.
  const room = 2 * maxOutputBytes - FRAME_BYTES;
  const tags = new Map([...head, ...shown, ...tail].map((line) => [line, lineTags(line)]));
  const tagBytes = (lines: ScreenLine[], extra = 0) =>
    lines.reduce((sum, l) => sum + tags.get(l)!.join('').length + 1 + extra, 0);
  while (shown.length > 0 && tagBytes([...head, ...shown, ...tail], CUT_MARKER_BYTES) > room / 2)
    shown = shown.slice(0, Math.floor(shown.length / 2));
  const shipped = [...head, ...shown, ...tail];
  const { light, dark } = await (palettes ??= loadPalettes(themes));
  const painter = new Painter(screen.pens, { light, dark });
  const { html: inner, colourEndsAt } = fitLines(shipped, painter, room - tagBytes(shipped));
  if (colourEndsAt >= 0) {
    const n = all.indexOf(shipped[colourEndsAt]!) + 1;
    notes.push(
      `Colours are shown up to line ${count(n)}: ` +
        'this output changes colour too often for the page to carry every change.',
    );
  }

  const rendered = new Map(shipped.map((line, i) => [line, tags.get(line)![0] + inner[i] + tags.get(line)![1]]));
  const preStyle =
    `--shiki-light:${light.fg};--shiki-dark:${dark.fg};` + `--shiki-light-bg:${light.bg};--shiki-dark-bg:${dark.bg}`;
  const pre = (lines: ScreenLine[], extra?: string) =>
    `<pre class="shiki terminal${extra ? ` ${extra}` : ''}" style="${preStyle}" tabindex="0">` +
    `<code>${lines.map((l) => rendered.get(l)).join('\n')}</code></pre>`;
  if (!isFolded) return { html: pre(head) + paragraphs(), lines: all.length };
  const omitted = middle.length - shown.length;
  const summary = `${middle.length} more lines` + (omitted ? ` (${shown.length} kept on this page)` : '');
  const omittedNote = omitted
    ? `<p class="omitted">… ${omitted} lines not kept on the page: run it yourself to see them all.</p>`
    : '';
  const html =
    pre(head, 'head') +
    `<details class="fold"><summary>${summary}</summary>${pre(shown, 'middle')}${omittedNote}</details>` +
    pre(tail, 'tail') +
    paragraphs();
  return { html, lines: all.length };
}
