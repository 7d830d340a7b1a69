// Linking system words to the glossary: a text split into plain runs and runs that are a
// glossary word (futex_do_wait, wait4, epoll_pwait…), for the autopsy, the timeline or any
// figure that prints what /proc said. Pure; a component renders a segment with a term as a link.
import { GLOSSARY, type Entry, type TermId } from './glossary.ts';

export interface Segment {
  text: string;
  term?: TermId;
}

const byWord = new Map<string, TermId>();
for (const e of GLOSSARY as readonly Entry[]) for (const w of e.words ?? []) byWord.set(w, e.id as TermId);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest first, so futex_do_wait wins over futex; whole words only (an underscore is part of one).
const WORDS = new RegExp(
  `(?<![\\w-])(${[...byWord.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|')})(?![\\w-])`,
  'g',
);

/**
 * `text` in segments; a glossary word becomes a segment with its term. With `seen`, each term is
 * linked only the first time (across calls sharing the set), as a page links a word once.
 */
export function termSegments(text: string, seen?: Set<string>): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(WORDS)) {
    const term = byWord.get(match[1]!)!;
    if (seen?.has(term)) continue;
    seen?.add(term);
    if (match.index > at) segments.push({ text: text.slice(at, match.index) });
    segments.push({ text: match[1]!, term });
    at = match.index + match[1]!.length;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}

/** Where a term is defined, under the site's base ("/", "/hangtime/sub/"). */
export const termHref = (base: string, id: string) => `${base.replace(/\/?$/, '/')}glossary/#${id}`;

/** A definition's text in runs of plain text and `code`. */
export function codeSpans(text: string): { text: string; code: boolean }[] {
  return text
    .split('`')
    .map((part, i) => ({ text: part, code: i % 2 === 1 }))
    .filter((s) => s.text !== '');
}
