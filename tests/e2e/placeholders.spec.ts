// No placeholder reaches a page, in any mode. The sites globalSetup built normally (runs from the
// engine's cache, executed where missing) and the story built here from its frozen records alone
// (HANGTIME_RUNS=frozen): every page's text is searched for the tokens normalization writes
// ([PID1], pipe:[INODE1], [DUR], [TMP], [ROOT]…) and the wildcards a frozen file may hold ([..], a
// line `...`). A failure names the page, the token and its line.
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { astroBuild } from '../astro-build.ts';
import { e2eDir, sites } from './sites.ts';

/** A token of src/frozen/normalize (any bracketed capital name, numbered or not) or a wildcard. */
const TOKEN = /\[[A-Z][A-Z_]*\d*\]|\[\.\.\]/g;

/** A page as its text: scripts and styles left out, entities decoded, folded lines included. */
function pageText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|pre|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every placeholder of every page of a built site: "page: token in «line»". */
function placeholders(dist: string): { pages: number; found: string[] } {
  const pages = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
  const found: string[] = [];
  for (const page of pages) {
    for (const line of pageText(readFileSync(path.join(dist, page), 'utf8')).split('\n')) {
      for (const m of line.matchAll(TOKEN)) found.push(`${page}: ${m[0]} in «${line.trim().slice(0, 120)}»`);
      if (line.trim() === '...') found.push(`${page}: a wildcard line "..."`);
    }
  }
  return { pages: pages.length, found };
}

test('the search finds what a frozen page showed before records kept the transcript as printed', () => {
  const text = pageText(
    '<pre><code><span class="line">1 thread [..]</span>\n<span class="line">put() returned after [DUR]</span>\n' +
      '<span class="line">socket:&#91;INODE1]</span>\n<span class="line">...</span></code></pre>',
  );
  expect([...text.matchAll(TOKEN)].map((m) => m[0])).toEqual(['[..]', '[DUR]', '[INODE1]']);
  expect(text.split('\n').some((l) => l.trim() === '...')).toBe(true);
});

for (const name of ['fixture', 'story'] as const) {
  test(`${name}, normal build: no page shows a placeholder or a wildcard`, () => {
    const { pages, found } = placeholders(sites()[name].env.HANGTIME_OUT_DIR!);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(found).toEqual([]);
  });
}

test('story, frozen build: no page shows a placeholder or a wildcard', () => {
  test.setTimeout(5 * 60_000);
  const dir = path.join(e2eDir, 'frozen');
  rmSync(dir, { recursive: true, force: true });
  const result = astroBuild({
    HANGTIME_RUNS: 'frozen',
    HANGTIME_BASE: '/',
    HANGTIME_OUT_DIR: path.join(dir, 'dist'),
    HANGTIME_STATE_DIR: path.join(dir, 'state'),
    HANGTIME_ASTRO_CACHE_DIR: path.join(dir, 'astro-cache'),
  });
  expect(result.status, result.output.slice(-4000)).toBe(0);
  expect(result.output).toMatch(/0 executed, 0 from the cache, \d+ frozen/);
  console.log(`frozen build of the story in ${(result.ms / 1000).toFixed(1)} s`);
  const { pages, found } = placeholders(path.join(dir, 'dist'));
  expect(pages).toBeGreaterThanOrEqual(8);
  expect(found).toEqual([]);
});
