// The files the site serves whole: every snippet a chapter runs, and every file of the snippet
// folder it imports (runnable/lib/…), each with the chapters that run it and how to run it.
import path from 'node:path';
import { snippetRoot } from '../collect/index.ts';
import { readStore } from '../integration/store.ts';
import { localImports } from '../runner/index.ts';

export interface SnippetFile {
  /** Path relative to the snippet folder, e.g. 01-a-program-that-never-finishes/bob.py. */
  file: string;
  /** Chapter ids that run it (empty for a helper it imports). */
  chapters: string[];
  /** The command a run of it printed, when a chapter runs it. */
  command?: string;
  /** Other files of the snippet folder it imports. */
  imports: string[];
}

/** Every file to serve, in path order. */
export function snippetFiles(): SnippetFile[] {
  const root = snippetRoot();
  const inside = (abs: string) => {
    const rel = path.relative(root, abs);
    return rel.startsWith('..') || path.isAbsolute(rel) ? null : rel.split(path.sep).join('/');
  };
  const files = new Map<string, SnippetFile>();
  const add = (file: string) => {
    if (!files.has(file)) {
      const imports = localImports(path.join(root, file), [path.join(root, 'lib')])
        .map(inside)
        .filter((f): f is string => f !== null && f !== file);
      files.set(file, { file, chapters: [], imports });
    }
    return files.get(file)!;
  };
  for (const [id, chapter] of Object.entries(readStore().chapters)) {
    for (const run of chapter.runs) {
      const entry = add(run.src);
      if (!entry.chapters.includes(id)) entry.chapters.push(id);
      entry.command ??= run.result.command;
    }
  }
  for (const entry of [...files.values()]) entry.imports.forEach(add);
  return [...files.values()].sort((a, b) => a.file.localeCompare(b.file));
}
