// Where the site shows the interpreter's own lines (<SourceLines>), for the autopsy's stack
// frames to link to: every chapter's <SourceLines> tags, as the collector reads them, with the
// steps their table published. Read once per change of the chapters or of the build's results.
import { statSync } from 'node:fs';
import { chapterFiles, chapterId, chaptersDir, collectChapter, snippetRoot } from '../collect/index.ts';
import { readSteps, stepAnchor, stepOfFrame, type StackFrame, type Step } from '../explain/source-steps.ts';
import { readStore } from '../integration/store.ts';

interface Place {
  chapter: string;
  table: string;
  steps: Step[];
}

let cache: { key: string; places: Place[] } | null = null;

function places(): Place[] {
  const files = chapterFiles(chaptersDir());
  const store = readStore();
  const key = [store.writtenAt, ...files.map((f) => `${f}:${statSync(f).mtimeMs}`)].join('|');
  if (cache?.key === key) return cache.places;
  const found = files.flatMap((file) => {
    const chapter = chapterId(file);
    const tags = collectChapter(file, { snippetRoot: snippetRoot() }).values;
    return tags
      .filter((ref) => ref.component === 'SourceLines' && ref.prop === undefined)
      .flatMap((ref) => {
        const published = store.chapters[chapter]?.values[ref.name];
        return published ? [{ chapter, table: ref.name, steps: readSteps(published.value, ref.name) }] : [];
      });
  });
  cache = { key, places: found };
  return found;
}

/** A function giving, for a Python stack frame, the link to its line on a <SourceLines>, if the site shows it. */
export function sourceLinks(locals: App.Locals, base: string): (frame: StackFrame) => string | undefined {
  const here = locals.chapter;
  const root = base.replace(/\/?$/, '/');
  return (frame) => {
    for (const place of places()) {
      const step = stepOfFrame(place.steps, frame);
      if (step) return `${place.chapter === here ? '' : `${root}${place.chapter}/`}#${stepAnchor(place.table, step)}`;
    }
    return undefined;
  };
}
