// A component's props at render time, parsed with the schema the collector checked the chapter
// with (src/collect/components.ts), so the page shows exactly what was checked and executed. A
// mistake stops the build as Astro's own user error: the message, then a hint saying what to write.
import { AstroError } from 'astro/errors';
import { PropError, readProps, type ComponentName, type ParsedProps } from '../collect/index.ts';
import { currentChapter } from './results.ts';

/** The chapter file a component is rendered in, for messages; the chapter id when the store says nothing. */
function chapterFile(locals: { chapter?: string }): string {
  try {
    return currentChapter(locals).file;
  } catch {
    return locals.chapter ?? 'a page outside the chapters';
  }
}

/** Parse `Astro.props` with the component's schema; throws AstroError(message, hint). */
export function parseWithFriendlyErrors<C extends ComponentName>(
  component: C,
  props: unknown,
  locals: { chapter?: string },
): ParsedProps<C> {
  // A parent with scoped styles hands its children its scope (data-astro-cid-…): not a prop.
  const own = Object.fromEntries(Object.entries(props as object).filter(([key]) => !key.startsWith('data-astro-cid-')));
  try {
    return readProps(component, own);
  } catch (error) {
    if (!(error instanceof PropError)) throw error;
    throw new AstroError(`${chapterFile(locals)}: ${error.message}`, error.hint);
  }
}
