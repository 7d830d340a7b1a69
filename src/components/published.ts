// A figure's published values, read by prop: each one through publishedValue (so a missing value
// names the chapter and the value), and any error of the pure module that reads them prefixed
// with the chapter file and the component, as the page's build error.
import { currentChapter, publishedValue } from './results.ts';

/** A reader of this chapter's published values for one component. */
export function valuesFor(locals: App.Locals, component: string) {
  return (name: string) => publishedValue(locals, name, component).value;
}

/** Run `read`; an Error it throws becomes "chapter.mdx: <Component>: message". */
export function withPlace<T>(locals: App.Locals, component: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const file = (() => {
      try {
        return currentChapter(locals).file;
      } catch {
        return locals.chapter ?? 'a page outside the chapters';
      }
    })();
    const message = (error as Error).message;
    throw new Error(message.startsWith(file) ? message : `${file}: <${component}>: ${message}`);
  }
}
