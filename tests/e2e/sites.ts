// The sites the browser tests visit: built once by setup.ts, each served by its own
// `astro preview` on a free port. Tests read their URLs (and the build's results) from here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SiteStore } from '../../src/integration/store.ts';

export const root = path.resolve(import.meta.dirname, '../..');
export const e2eDir = path.join(root, '.hangtime/e2e');
export const serversFile = path.join(e2eDir, 'servers.json');

export interface SiteSpec {
  name: 'fixture' | 'story';
  /** The base the site is built with. */
  base: string;
  /** Env for `astro build` / `astro preview`. */
  env: Record<string, string>;
}

export interface Site extends SiteSpec {
  /** Origin + base, ending in a slash. */
  url: string;
  stateFile: string;
}

const fixtureEnv = {
  HANGTIME_CONTENT_DIR: path.join(root, 'tests/fixtures/site/chapters'),
  HANGTIME_RUNNABLE_DIR: path.join(root, 'tests/fixtures/site/runnable'),
};

export function siteSpecs(): SiteSpec[] {
  const dirs = (name: string) => ({
    HANGTIME_OUT_DIR: path.join(e2eDir, name, 'dist'),
    HANGTIME_STATE_DIR: path.join(e2eDir, name, 'state'),
    HANGTIME_ASTRO_CACHE_DIR: path.join(e2eDir, name, 'astro-cache'),
  });
  return [
    // The fixture site is hosted under a sub-path (the crawl proves no link escapes it),
    // the story at the root: both kinds of base are exercised with two builds.
    {
      name: 'fixture',
      base: '/hangtime/sub/',
      env: { ...fixtureEnv, ...dirs('fixture'), HANGTIME_BASE: '/hangtime/sub/' },
    },
    { name: 'story', base: '/', env: { ...dirs('story'), HANGTIME_BASE: '/' } },
  ];
}

export function sites(): Record<SiteSpec['name'], Site> {
  return JSON.parse(readFileSync(serversFile, 'utf8'));
}

export function storeOf(site: Site): SiteStore {
  return JSON.parse(readFileSync(site.stateFile, 'utf8'));
}

/** The pages a site has, known before it is built: home, 404, the glossary and one per chapter file. */
export function pagePaths(name: SiteSpec['name']): string[] {
  const dir = name === 'story' ? path.join(root, 'content/chapters') : fixtureEnv.HANGTIME_CONTENT_DIR;
  const chapters = readdirSync(dir)
    .filter((f) => /^\d\d-.*\.mdx$/.test(f))
    .sort();
  return ['./', '404.html', 'glossary/', ...chapters.map((f) => `${f.replace(/\.mdx$/, '')}/`)];
}
