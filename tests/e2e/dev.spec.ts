// `astro dev`: editing a snippet re-runs it and the open page reloads with the new output.
// Works on a copy of the fixture site, so the edit never touches the repository.
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { e2eDir, root } from './sites.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('editing a snippet under astro dev re-runs it and reloads the page', async ({ page }) => {
  test.setTimeout(90_000);
  const scratch = mkdtempSync(path.join(tmpdir(), 'hangtime-dev-'));
  // The copy keeps the repository's layout: fixture snippets find runnable/lib six folders up.
  const site = path.join(scratch, 'tests/fixtures/site');
  cpSync(path.join(root, 'tests/fixtures/site'), site, { recursive: true });
  cpSync(path.join(root, 'runnable/lib'), path.join(scratch, 'runnable/lib'), { recursive: true });
  // One chapter is enough (the others draw on the story's snippets, which the copy leaves out).
  for (const file of readdirSync(path.join(site, 'chapters'))) {
    if (file !== '01-edge-cases.mdx') rmSync(path.join(site, 'chapters', file), { recursive: true });
  }
  const snippet = path.join(site, 'runnable/edge/script-tag.py');
  const port = await freePort();
  const dev = spawn(
    process.execPath,
    [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'dev', '--host', '127.0.0.1', '--port', String(port)],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HANGTIME_CONTENT_DIR: path.join(site, 'chapters'),
        HANGTIME_RUNNABLE_DIR: path.join(site, 'runnable'),
        HANGTIME_STATE_DIR: path.join(scratch, 'state'),
        // Kept between runs: Vite's optimized dependencies live there, and a fresh one costs a minute.
        HANGTIME_ASTRO_CACHE_DIR: path.join(e2eDir, 'dev', 'astro-cache'),
      },
    },
  );
  let log = '';
  dev.stdout!.on('data', (b) => (log += b));
  dev.stderr!.on('data', (b) => (log += b));
  try {
    const url = `http://127.0.0.1:${port}/01-edge-cases/`;
    await expect(async () => expect((await fetch(url)).status).toBe(200)).toPass({ timeout: 60_000 });
    // With a fresh Vite cache (always, on CI) the first visit makes Vite optimize dependencies and
    // reload the page by itself; a reload message sent while the page is between two loads reaches
    // nobody. So edit only once the page has settled: its Vite client connected, no reload for 2 s.
    let loads = 0;
    let connectedOnLoad = -1;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) loads++;
    });
    page.on('console', (m) => {
      if (m.text().includes('[vite] connected')) connectedOnLoad = loads;
    });
    await page.goto(url);
    for (let seen = -1, deadline = Date.now() + 30_000; seen !== loads || connectedOnLoad !== loads;) {
      expect(Date.now() < deadline, 'the dev page never settled').toBe(true);
      seen = loads;
      await page.waitForTimeout(2000);
    }
    const terminal = page.locator('#run-script-tag .terminal-box');
    await expect(terminal).toContainText('</pre><script>alert(1)</script>');
    const marker = `edited at ${Date.now()}`;
    appendFileSync(snippet, `print(${JSON.stringify(marker)})\n`);
    await expect(terminal).toContainText(marker, { timeout: 30_000 });
    expect(log).toMatch(/script-tag\.py changed: re-running/);
  } catch (error) {
    // What the dev server said is the first thing to read when this fails.
    (error as Error).message += `\n\nastro dev printed:\n${log.slice(-4000)}`;
    throw error;
  } finally {
    if (dev.pid) process.kill(-dev.pid, 'SIGTERM');
    rmSync(scratch, { recursive: true, force: true });
  }
});
