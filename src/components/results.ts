// How a component finds the results of the chapter it is rendered in.
import { chapterOf, readStore, type StoredChapter } from '../integration/store.ts';

/** The current chapter's stored results (Astro.locals.chapter is set by the chapter page). */
export function currentChapter(locals: { chapter?: string }): StoredChapter {
  return chapterOf(readStore(), locals.chapter);
}

/** A published value of the current chapter, or an error naming chapter and value. */
export function publishedValue(locals: { chapter?: string }, name: string, component: string) {
  const chapter = currentChapter(locals);
  const value = chapter.values[name];
  if (!value) {
    throw new Error(
      `${chapter.file}: <${component} name="${name}">: no run of this chapter published "${name}" ` +
        `(published: ${Object.keys(chapter.values).join(', ') || 'nothing'})`,
    );
  }
  if (value.conflict) {
    throw new Error(
      `${chapter.file}: <${component} name="${name}">: "${name}" is ${value.conflict}; ` +
        "a page shows one run's numbers: publish each under its own name",
    );
  }
  return value;
}

/** The stored run that published a value of the current chapter (its host says how busy the machine was). */
export function publishingRun(locals: { chapter?: string }, value: { run: string }) {
  return currentChapter(locals).runs.find((r) => r.key === value.run) ?? null;
}
