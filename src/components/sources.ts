// The sources the story cites, in one place: the pages name them, never retype them.
export interface Source {
  /** Shown in quotes, as a link when `url` is known. */
  title: string;
  /** Who wrote it and when, after the title; empty when the title says enough. */
  byline: string;
  /** The address, when the story has one for it. */
  url?: string;
}

export const SOURCES = {
  // The article the story retells. The copy the story was written from came without its web
  // address, so the site names it (title, author, date) and does not invent a link.
  article: {
    title: 'Why does my multiprocessing python program hang?',
    byline: 'by yanbc, published March 2, 2023',
  },
  // Python's own documentation of this very deadlock, among multiprocessing's programming guidelines.
  'python-guideline': {
    title: 'Joining processes that use queues',
    byline: 'in the multiprocessing documentation',
    url: 'https://docs.python.org/3/library/multiprocessing.html#programming-guidelines',
  },
  // Which start methods exist, and which one is the default where (macOS, Linux from 3.14).
  'python-start-methods': {
    title: 'Contexts and start methods',
    byline: 'in the multiprocessing documentation',
    url: 'https://docs.python.org/3/library/multiprocessing.html#contexts-and-start-methods',
  },
  // The warning under Popen.wait(): stdout=PIPE and a child with enough output deadlock.
  'python-popen-wait': {
    title: 'Popen.wait()',
    byline: 'in the subprocess documentation',
    url: 'https://docs.python.org/3/library/subprocess.html#subprocess.Popen.wait',
  },
} as const satisfies Record<string, Source>;

export type SourceName = keyof typeof SOURCES;

export function sourceNamed(name: string): Source {
  const source = (SOURCES as Record<string, Source>)[name];
  if (!source) throw new Error(`<Cite source="${name}">: no such source (known: ${Object.keys(SOURCES).join(', ')})`);
  return source;
}
