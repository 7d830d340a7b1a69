// No placeholder reaches a page, in any mode: the story built from its frozen records, then built
// normally (runs from the engine's cache, executed where missing), every page's text searched for
// the tokens normalization writes ([PID1], pipe:[INODE1], [DUR], [TMP], [ROOT]…) and the wildcards
// a frozen file may hold ([..], a line `...`). A failure names the page, the token and its line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'hangtime-placeholders-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A token of src/frozen/normalize (any bracketed capital name, numbered or not) or a wildcard. */
const TOKEN = /\[[A-Z][A-Z_]*\d*\]|\[\.\.\]/g;

function build(mode: 'frozen' | 'auto'): { dist: string; ms: number } {
  const dist = path.join(scratch, mode, 'dist');
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      HANGTIME_RUNS: mode,
      HANGTIME_OUT_DIR: dist,
      HANGTIME_STATE_DIR: path.join(scratch, mode, 'state'),
      HANGTIME_ASTRO_CACHE_DIR: path.join(scratch, mode, 'astro'),
    },
  });
  assert.equal(result.status, 0, `the ${mode} build failed:\n${(result.stdout + result.stderr).slice(-4000)}`);
  return { dist, ms: Date.now() - started };
}

/** A page as a reader reads it: its text, scripts and styles left out, entities decoded. */
function pageText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|pre|h\d|span class="line[^"]*")>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every placeholder of every page of a build: "page: token in «line»". */
function placeholders(dist: string): { pages: number; found: string[] } {
  const pages = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
  const found: string[] = [];
  for (const page of pages) {
    const text = pageText(readFileSync(path.join(dist, page), 'utf8'));
    for (const line of text.split('\n')) {
      for (const m of line.matchAll(TOKEN)) found.push(`${page}: ${m[0]} in «${line.trim().slice(0, 120)}»`);
      if (line.trim() === '...') found.push(`${page}: a wildcard line "..."`);
    }
  }
  return { pages: pages.length, found };
}

for (const mode of ['frozen', 'auto'] as const) {
  test(`${mode} build: no page shows a placeholder or a wildcard`, { timeout: 15 * 60_000 }, () => {
    const { dist, ms } = build(mode);
    const { pages, found } = placeholders(dist);
    console.log(`${mode} build: ${pages} pages in ${(ms / 1000).toFixed(1)} s`);
    assert.ok(pages >= 8, `expected the home page, 404 and every chapter, found ${pages} pages`);
    assert.deepEqual(found, []);
  });
}

test('the search itself finds what format 2 showed', () => {
  const html =
    '<pre><span class="line">1 thread [..]</span><span class="line">put() returned after [DUR]</span><span class="line">socket:&#91;INODE1]</span><span class="line">...</span></pre>';
  const text = pageText(html);
  assert.deepEqual(
    [...text.matchAll(TOKEN)].map((m) => m[0]),
    ['[..]', '[DUR]', '[INODE1]'],
  );
  assert.ok(text.split('\n').some((l) => l.trim() === '...'));
});
