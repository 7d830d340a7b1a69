// A chapter runs only what lives in runnable/: its src is confined after every symlink is resolved
// (realpath), so a link under runnable/ that points elsewhere is refused, as is a folder or any
// other file that is not a regular one. Checked while collecting, before anything runs.
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { PropError } from './props.ts';

/** The real path of `src` under `snippetRoot`, or a PropError (the caller adds file:line). */
export function confineSnippet(snippetRoot: string, src: string): string {
  const file = path.join(snippetRoot, src);
  let real: string;
  let root: string;
  try {
    root = realpathSync(snippetRoot);
    real = realpathSync(file);
  } catch {
    throw new PropError(
      `src="${src}" does not exist (looked for ${file})`,
      'Check the path; it is relative to runnable/.',
    );
  }
  const rel = path.relative(root, real);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new PropError(
      `src="${src}" leads outside runnable/ (a symlink to ${real})`,
      'A chapter runs only files under runnable/: put the snippet there instead of linking to it.',
    );
  }
  if (!statSync(real).isFile()) {
    throw new PropError(`src="${src}" is not a regular file`, 'Name a .py or .ts file under runnable/.');
  }
  return real;
}
