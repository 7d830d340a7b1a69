// Shiki, once per build: a snippet's source with the file's own line numbers, and
// a transcript rendered with the `ansi` language (colours kept, every byte escaped
// by the HTML serializer), stderr lines marked, a long middle folded.
import type { Element, ElementContent, Root } from 'hast';
import { createHighlighter, type Highlighter } from 'shiki';
import { hastToHtml } from 'shiki/core';
import type { SourceLine } from '../collect/region.ts';
import type { Chunk } from '../runner/schema.ts';

// High-contrast themes: every token and ANSI colour a snippet is likely to print passes WCAG AA.
const themes = { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const;
let highlighter: Promise<Highlighter> | null = null;

function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({ themes: Object.values(themes), langs: ['python', 'typescript', 'ansi'] });
  return highlighter;
}

function codeElement(root: Root): Element {
  const pre = root.children[0] as Element;
  return pre.children[0] as Element;
}

function lineElements(code: Element): Element[] {
  return code.children.filter((c): c is Element => c.type === 'element');
}

/** A snippet's shown lines, each `<span class="line" data-n="N">`: numbers come from CSS, so copying copies code only. */
export async function highlightSource(lines: SourceLine[], language: 'py' | 'ts'): Promise<string> {
  const shiki = await getHighlighter();
  const root = shiki.codeToHast(lines.map((l) => l.text).join('\n'), {
    lang: language === 'py' ? 'python' : 'typescript',
    themes,
    defaultColor: false,
  }) as Root;
  const pre = root.children[0] as Element;
  pre.properties.tabindex = '0';
  lineElements(codeElement(root)).forEach((line, index) => {
    line.properties['data-n'] = String(lines[index]?.n ?? '');
    // Gaps (stripped region markers) get a visible mark so numbering never looks wrong.
    if (index > 0 && lines[index].n !== lines[index - 1].n + 1) line.properties.class = 'line after-gap';
  });
  return hastToHtml(root);
}

export interface TranscriptOptions {
  /** Lines shown before and after the fold. @default 12 */
  keep?: number;
  /** Transcripts longer than this fold their middle. @default 40 */
  foldAfter?: number;
  /** Most folded lines kept in the page; the rest are counted, not shipped. @default 300 */
  maxFolded?: number;
}

/** The transcript as terminal HTML; `lines` counts what the run printed. */
export async function renderTranscript(
  chunks: Chunk[],
  options: TranscriptOptions = {},
): Promise<{ html: string; lines: number }> {
  const { keep = 12, foldAfter = 40, maxFolded = 300 } = options;
  // Which stream each line started on: stderr and engine notes are styled apart.
  let text = '';
  const streams: Chunk['stream'][] = [];
  let atLineStart = true;
  for (const chunk of chunks) {
    for (const piece of chunk.text.split(/(?<=\n)/)) {
      if (!piece) continue;
      if (atLineStart) streams.push(chunk.stream);
      text += piece;
      atLineStart = piece.endsWith('\n');
    }
  }
  text = text.replace(/\n$/, '').replace(/\r\n/g, '\n');
  if (text === '') return { html: '<pre class="terminal empty"><code>(no output)</code></pre>', lines: 0 };
  const shiki = await getHighlighter();
  const root = shiki.codeToHast(text, { lang: 'ansi', themes, defaultColor: false }) as Root;
  const pre = root.children[0] as Element;
  pre.properties.class = 'shiki terminal';
  pre.properties.tabindex = '0';
  const code = codeElement(root);
  const lines = lineElements(code);
  lines.forEach((line, index) => {
    const stream = streams[index] ?? 'stdout';
    if (stream !== 'stdout') line.properties.class = `line ${stream}`;
  });
  const withBreaks = (part: Element[]): ElementContent[] =>
    part.flatMap((l, i) => (i ? [{ type: 'text', value: '\n' } as ElementContent, l] : [l]));
  if (lines.length <= foldAfter) {
    code.children = withBreaks(lines);
    return { html: hastToHtml(root), lines: lines.length };
  }
  const head = lines.slice(0, keep);
  const middle = lines.slice(keep, lines.length - keep);
  const tail = lines.slice(lines.length - keep);
  const shown = middle.slice(0, maxFolded);
  const block = (part: Element[], extra: string[] = []): Element => ({
    type: 'element',
    tagName: 'pre',
    properties: { ...pre.properties, class: ['shiki', 'terminal', ...extra].join(' ') },
    children: [{ type: 'element', tagName: 'code', properties: {}, children: withBreaks(part) }],
  });
  const omitted = middle.length - shown.length;
  const summary = `${middle.length} more lines` + (omitted ? ` (${shown.length} kept on this page)` : '');
  const folded: Element = {
    type: 'element',
    tagName: 'details',
    properties: { className: ['fold'] },
    children: [
      { type: 'element', tagName: 'summary', properties: {}, children: [{ type: 'text', value: summary }] },
      block(shown, ['middle']),
      ...(omitted
        ? [
            {
              type: 'element',
              tagName: 'p',
              properties: { className: ['omitted'] },
              children: [
                { type: 'text', value: `… ${omitted} lines not kept on the page: run it yourself to see them all.` },
              ],
            } as Element,
          ]
        : []),
    ],
  };
  const wrapper: Root = { type: 'root', children: [block(head, ['head']), folded, block(tail, ['tail'])] };
  return { html: hastToHtml(wrapper), lines: lines.length };
}
