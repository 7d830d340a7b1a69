// The results a build produced, as one JSON file the components read at render
// time (.hangtime/site/results.json, or HANGTIME_STATE_DIR). A file, not a module
// variable: the dev server, the build and the CLI may all be separate processes.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { StoredValue } from '../results/agree.ts';
import type { RunResult } from '../runner/schema.ts';

export interface StoredRun {
  /** runKey(spec): src + options, how a <Run> on the page finds its result. */
  key: string;
  line: number;
  src: string;
  id?: string;
  /** Executed by this build, taken from the cache (executed earlier), or a committed frozen result. */
  source: 'run' | 'cache' | 'frozen';
  /** Why a frozen result stood in for a run (e.g. "python3 is not on PATH"). */
  reason?: string;
  result: RunResult;
}

export interface StoredChapter {
  /** The chapter's file, relative to the repository. */
  file: string;
  runs: StoredRun[];
  /** Every value a run of this chapter published, by name: its one publisher, or the disagreement. */
  values: Record<string, StoredValue>;
}

export interface SiteStore {
  version: 1;
  writtenAt: string;
  chapters: Record<string, StoredChapter>;
}

/**
 * Where the store lives: HANGTIME_STATE_DIR, else .hangtime/site for the story, and a
 * folder of its own for a fixture site (HANGTIME_CONTENT_DIR), so a dev server and a
 * fixture build never read each other's results.
 */
export function storeFile(root = process.cwd()): string {
  if (process.env.HANGTIME_STATE_DIR)
    return path.join(path.resolve(root, process.env.HANGTIME_STATE_DIR), 'results.json');
  const content = process.env.HANGTIME_CONTENT_DIR;
  const folder = content
    ? `site-${createHash('sha256').update(path.resolve(root, content)).digest('hex').slice(0, 10)}`
    : 'site';
  return path.join(root, '.hangtime', folder, 'results.json');
}

/** Write the store whole or not at all (temp file, then rename). */
export function writeStore(store: SiteStore, file = storeFile()): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(store));
  renameSync(temp, file);
}

let cached: { file: string; mtimeMs: number; store: SiteStore } | null = null;

/** Read the store (re-read when the file changed, so `astro dev` shows fresh runs). */
export function readStore(file = storeFile()): SiteStore {
  if (!existsSync(file)) {
    throw new Error(
      `${file} does not exist: the hangtime integration did not run. Build with \`npm run build\` (astro.config.mjs adds it).`,
    );
  }
  const { mtimeMs } = statSync(file);
  if (cached && cached.file === file && cached.mtimeMs === mtimeMs) return cached.store;
  const store = JSON.parse(readFileSync(file, 'utf8')) as SiteStore;
  cached = { file, mtimeMs, store };
  return store;
}

/** The stored chapter, or an error naming what to fix. */
export function chapterOf(store: SiteStore, chapter: string | undefined): StoredChapter {
  if (!chapter)
    throw new Error('a hangtime component was rendered outside a chapter page (Astro.locals.chapter is not set)');
  const found = store.chapters[chapter];
  if (!found) throw new Error(`no results for chapter "${chapter}": rebuild so the integration collects it`);
  return found;
}
