// Where chapters and snippets live, and collecting all chapters in order.
// HANGTIME_CONTENT_DIR / HANGTIME_RUNNABLE_DIR point a build (or a test) at a
// fixture site instead of the story.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { collectChapter, type CollectedChapter } from './chapter.ts';

export { collectChapter, collectSource, CollectError } from './chapter.ts';
export type { CollectedChapter, CollectedPredict, CollectedRun, ValueRef } from './chapter.ts';
export { FACT_FORMS, parseFact, type Comparison, type Fact, type Operand } from './facts.ts';
export { COMPONENTS, FORMATS, isComponent, readProps } from './components.ts';
export type { ComponentName, Format, ParsedProps, PropsOf } from './components.ts';
export { SHOW_VALUES, type RunSpec, type Show } from './run-props.ts';
export { PropError } from './props.ts';
export type { PropValue } from './props.ts';
export { pinMatches, readPin, type Pin } from './pin.ts';
export { parseSnippet, selectLines } from './region.ts';
export type { SourceLine, Snippet } from './region.ts';

/** The chapters folder: HANGTIME_CONTENT_DIR, else content/chapters. */
export function chaptersDir(root = process.cwd()): string {
  return path.resolve(root, process.env.HANGTIME_CONTENT_DIR || 'content/chapters');
}

/** The folder Run src paths are relative to: HANGTIME_RUNNABLE_DIR, else runnable/. */
export function snippetRoot(root = process.cwd()): string {
  return path.resolve(root, process.env.HANGTIME_RUNNABLE_DIR || 'runnable');
}

/** A chapter's id (also its URL slug): the file name without .mdx, e.g. 01-a-program-that-never-finishes. */
export function chapterId(file: string): string {
  return path.basename(file).replace(/\.mdx$/, '');
}

/** A chapter's file name: NN-slug.mdx. The content collection (src/content.config.ts) globs the same. */
export const CHAPTER_FILE = /^\d\d-.*\.mdx$/;
export const CHAPTER_GLOB = '[0-9][0-9]-*.mdx';

/** The chapter files of a folder, in file-name (= page) order. */
export function chapterFiles(dir = chaptersDir()): string[] {
  return readdirSync(dir)
    .filter((name) => CHAPTER_FILE.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * Whether a selector names a chapter file: its path, its file name (with or without .mdx), its
 * number ("4" and "04" both mean 04-…), a prefix of its name ("03-the"), or its slug alone.
 */
export function chapterMatches(file: string, selector: string, root = process.cwd()): boolean {
  if (path.resolve(selector) === file || path.resolve(root, selector) === file) return true;
  const name = path.basename(file);
  if (/^\d+$/.test(selector)) return Number(name.slice(0, name.indexOf('-'))) === Number(selector);
  const bare = name.replace(/\.mdx$/, '');
  return name === selector || bare === selector || name.startsWith(selector) || bare.replace(/^\d+-/, '') === selector;
}

/** Every NN-slug.mdx of a folder, collected, in file-name (= page) order. */
export function collectChapters(
  dir = chaptersDir(),
  options: { snippetRoot?: string; root?: string } = {},
): CollectedChapter[] {
  const root = options.root ?? process.cwd();
  // Same pattern as the content collection (src/content.config.ts): NN-slug.mdx.
  return chapterFiles(dir).map((file) => {
    return collectChapter(file, {
      snippetRoot: options.snippetRoot ?? snippetRoot(root),
      displayPath: path.relative(root, file),
    });
  });
}
