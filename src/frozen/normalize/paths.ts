// Paths that differ from machine to machine, in one place. Two forms, for two readers:
// - a transcript is compared as text, so each fixed path of the machine becomes a token
//   ([ROOT], [RUNNABLE], [PYLIB], [TMP]…) that `verify` matches on any machine;
// - an autopsy is drawn for people, so a path becomes what a reader of the repository would
//   write: runnable/…, <python>/multiprocessing/queues.py, <tmp>.
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { repoRoot } from '../../shared/paths.ts';
import type { Host } from '../../runner/schema.ts';

/** Fixed paths of this machine and their tokens, longest first so a path inside another is replaced whole. */
export function knownPaths(host: Host | null | undefined, runnableRoot?: string): [string, string][] {
  const paths: [string, string][] = [[repoRoot, '[ROOT]']];
  if (runnableRoot) paths.push([runnableRoot.replace(/\/$/, ''), '[RUNNABLE]']);
  const py = host?.python;
  if (py) {
    const prefix = dirname(dirname(py.path));
    const [major, minor] = py.version.split('.');
    paths.push([`${prefix}/lib/python${major}.${minor}`, '[PYLIB]'], [py.path, '[PYTHON]'], [prefix, '[PYPREFIX]']);
  }
  paths.push([dirname(process.execPath), '[NODEBIN]']);
  const home = homedir();
  if (home && home !== '/') paths.push([home, '[HOME]']);
  return paths.filter(([p]) => p.length > 1).sort((a, b) => b[0].length - a[0].length);
}

/** A path as a reader of the repository would write it, the same on every machine. */
export function readerPath(p: string): string {
  if (p.startsWith(`${repoRoot}/`)) return p.slice(repoRoot.length + 1);
  const lib = /\/lib\/python\d+(?:\.\d+)?\/(.*)$/.exec(p);
  if (lib) return `<python>/${lib[1]}`;
  if (/^\/(tmp|var\/tmp)\//.test(p) || /\/hangtime-run-/.test(p)) return '<tmp>';
  return p;
}

/** Every occurrence of `root` + '/' in the strings of a JSON tree, rewritten as `as` + '/'. */
export function moveRoot<T>(value: T, root: string, as: string): T {
  const from = `${root.replace(/\/$/, '')}/`;
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
    typeof v === 'string' ? v.split(from).join(`${as}/`) : v,
  ) as T;
}
