// The results a build produced, as one JSON file the components read at render
// time (.hangtime/site/results.json, or HANGTIME_STATE_DIR). A file, not a module
// variable: the dev server, the build and the CLI may all be separate processes.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { PublishedValue, RunResult } from '../runner/schema.ts';

/** One executed (or cached, or frozen) run of a chapter, as its <Run> finds it at render time. */
export const StoredRun = z.object({
  /** runIdentity(src, options, id): how a <Run> on the page finds its result. */
  key: z.string(),
  /** The <Run>'s line in its chapter. */
  line: z.number().int().positive(),
  src: z.string(),
  id: z.string().optional(),
  /** Executed by this build, taken from the cache (executed earlier), or a committed frozen result. */
  source: z.enum(['run', 'cache', 'frozen']),
  /** Why a frozen result stood in for a run (e.g. "python3 is not on PATH"). */
  reason: z.string().optional(),
  result: RunResult,
});
export type StoredRun = z.infer<typeof StoredRun>;

export const StoredChapter = z.object({
  /** The chapter's file, relative to the repository. */
  file: z.string(),
  runs: z.array(StoredRun),
  /** Every value a run of this chapter published, by name: its one publisher, or the disagreement. */
  values: z.record(
    z.string(),
    PublishedValue.extend({
      src: z.string(),
      /** The key of the run that published it. */
      run: z.string(),
      /** Set when two publishers disagree: a page that shows this name fails, naming them. */
      conflict: z.string().optional(),
    }),
  ),
});
export type StoredChapter = z.infer<typeof StoredChapter>;

/** What a build hands its pages: every chapter's runs and values, by chapter id. */
export const SiteStore = z.object({
  version: z.literal(1),
  writtenAt: z.string(),
  chapters: z.record(z.string(), StoredChapter),
});
export type SiteStore = z.infer<typeof SiteStore>;

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
      `${file} does not exist: the hangtime integration did not run. ` +
        'Build with `npm run build` (astro.config.mjs adds it).',
    );
  }
  const { mtimeMs } = statSync(file);
  if (cached && cached.file === file && cached.mtimeMs === mtimeMs) return cached.store;
  const store = parseStore(readFileSync(file, 'utf8'), file);
  cached = { file, mtimeMs, store };
  return store;
}

/** A store's text, checked: a file that is not JSON or not this version's shape names itself and the fix. */
export function parseStore(text: string, file: string): SiteStore {
  const fix = 'Rebuild (`npm run build`) to write it again.';
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: the results store is not JSON (${(error as Error).message}). ${fix}`);
  }
  const parsed = SiteStore.safeParse(data);
  if (parsed.success) return parsed.data;
  // Written by the build, never by hand: zod's own report (each problem and its path) says enough.
  throw new Error(
    `${file}: the results store does not have the shape this hangtime reads. ${fix}\n${z.prettifyError(parsed.error)}`,
  );
}

/** The stored chapter, or an error naming what to fix. */
export function chapterOf(store: SiteStore, chapter: string | undefined): StoredChapter {
  if (!chapter)
    throw new Error('a hangtime component was rendered outside a chapter page (Astro.locals.chapter is not set)');
  const found = store.chapters[chapter];
  if (!found) throw new Error(`no results for chapter "${chapter}": rebuild so the integration collects it`);
  return found;
}
