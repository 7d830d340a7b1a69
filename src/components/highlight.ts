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
  highlighter ??= createHighlighter({ themes: Object.values(themes), langs: ['python', 'typescript'] });
  return highlighter;
}

function codeElement(root: Root): Element {
  const pre = root.children[0] as Element;
  return pre.children[0] as Element;
}

function lineElements(code: Element): Element[] {
  return code.children.filter((c): c is Element => c.type === 'element');
}

/**
 * A snippet's shown lines, each `<span class="line" data-n="N">`: numbers come from CSS, so copying
 * copies code only. The box scrolls sideways when a line is longer than it: it is a labelled region
 * the keyboard can reach, named by `label` (e.g. "bob.py, lines 15–26"), so every box a screen
 * reader lands on says what it holds.
 */
export async function highlightSource(lines: SourceLine[], language: string, label: string): Promise<string> {
  const shiki = await getHighlighter();
  const root = shiki.codeToHast(lines.map((l) => l.text).join('\n'), {
    lang: language === 'py' ? 'python' : language === 'js' ? 'javascript' : 'typescript',
    themes,
    defaultColor: false,
  }) as Root;
  const pre = root.children[0] as Element;
  pre.properties.tabindex = '0';
  pre.properties.role = 'region';
  pre.properties['aria-label'] = label;
  lineElements(codeElement(root)).forEach((line, index) => {
    line.properties['data-n'] = String(lines[index]?.n ?? '');
    // Gaps (stripped region markers) get a visible mark so numbering never looks wrong.
    if (index > 0 && lines[index].n !== lines[index - 1].n + 1) line.properties.class = 'line after-gap';
  });
  return hastToHtml(root);
}
