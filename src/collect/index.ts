// Where chapters and snippets live, and collecting all chapters in order.
// HANGTIME_CONTENT_DIR / HANGTIME_RUNNABLE_DIR point a build (or a test) at a
// fixture site instead of the story.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { collectChapter, type CollectedChapter } from './chapter.ts';
import type { RunSpec } from './props.ts';

export { collectChapter, collectSource, CollectError, FORMATS } from './chapter.ts';
export type { CollectedChapter, CollectedRun, ValueRef } from './chapter.ts';
export { runFromProps, parseExpect, parseDuration, PropError } from './props.ts';
export type { RunSpec, Show, PropValue } from './props.ts';
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

/** Every NN-slug.mdx of a folder, collected, in file-name (= page) order. */
export function collectChapters(
  dir = chaptersDir(),
  options: { snippetRoot?: string; root?: string } = {},
): CollectedChapter[] {
  const root = options.root ?? process.cwd();
  // Same pattern as the content collection (src/content.config.ts): NN-slug.mdx.
  const files = readdirSync(dir)
    .filter((name) => /^\d\d-.*\.mdx$/.test(name))
    .sort();
  return files.map((name) => {
    const file = path.join(dir, name);
    return collectChapter(file, {
      snippetRoot: options.snippetRoot ?? snippetRoot(root),
      displayPath: path.relative(root, file),
    });
  });
}

/** One identity for a run, shared by the integration (writer) and the Run component (reader). */
export function runKey(spec: Pick<RunSpec, 'src' | 'options'>): string {
  return JSON.stringify([spec.src, sortKeys(spec.options)]);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
