// Site benchmark: a cold build (empty run cache: every run executes) and a warm build
// (nothing changed: every run a cache hit), each timed with its runs executed; then what
// each chapter page ships, as Chromium downloads it: JavaScript bytes and total bytes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';

const root = path.resolve(import.meta.dirname, '..');
const astro = path.join(root, 'node_modules/astro/bin/astro.mjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'hangtime-bench-site-'));
const env = {
  ...process.env,
  HANGTIME_CACHE_DIR: path.join(scratch, 'cache'),
  HANGTIME_STATE_DIR: path.join(scratch, 'state'),
  HANGTIME_OUT_DIR: path.join(scratch, 'dist'),
  HANGTIME_ASTRO_CACHE_DIR: path.join(scratch, 'astro-cache'),
  HANGTIME_RUNS: 'auto',
  NO_COLOR: '1',
};

function build(label: string): void {
  const started = performance.now();
  const result = spawnSync(process.execPath, [astro, 'build'], { cwd: root, env, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${label} build failed:\n${(result.stdout + result.stderr).slice(-3000)}`);
  const summary = /(\d+) runs: (\d+) executed, (\d+) from the cache, (\d+) frozen/.exec(result.stdout);
  const runs = summary
    ? `${summary[1]} runs, ${summary[2]} executed, ${summary[3]} cache hits, ${summary[4]} frozen`
    : 'no run summary found';
  console.log(`${label.padEnd(5)} build: ${seconds.toFixed(1)} s (${runs})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function measurePages(): Promise<void> {
  const port = await freePort();
  const preview = spawn(
    process.execPath,
    [astro, 'preview', '--ignore-lock', '--host', '127.0.0.1', '--port', String(port)],
    { cwd: root, env, detached: true, stdio: 'ignore' },
  );
  const base = `http://127.0.0.1:${port}/`;
  try {
    for (let i = 0; i < 200; i++) {
      try {
        if ((await fetch(base)).ok) break;
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const browser = await chromium.launch({
      executablePath: process.env.HANGTIME_CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    const chapters = readdirSync(path.join(root, 'content/chapters'))
      .filter((f) => f.endsWith('.mdx'))
      .sort();
    console.log('page                                   JS bytes (inline+files)   total bytes   requests');
    for (const file of ['', ...chapters.map((f) => `${f.replace(/\.mdx$/, '')}/`)]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      let total = 0;
      let js = 0;
      let requests = 0;
      page.on('response', async (response) => {
        requests++;
        const body = await response.body().catch(() => Buffer.alloc(0));
        total += body.length;
        if (response.request().resourceType() === 'script') js += body.length;
      });
      await page.goto(base + file, { waitUntil: 'networkidle' });
      await page.evaluate(() => document.fonts.ready);
      const inline = await page.evaluate(() =>
        [...document.querySelectorAll('script:not([src])')].reduce(
          (n, s) => n + new Blob([s.textContent ?? '']).size,
          0,
        ),
      );
      console.log(
        `${(file || '(home)').padEnd(38)} ${`${js + inline} (${inline}+${js})`.padStart(24)}   ` +
          `${String(total).padStart(11)}   ${String(requests).padStart(8)}`,
      );
      await context.close();
    }
    await browser.close();
  } finally {
    if (preview.pid) process.kill(-preview.pid, 'SIGTERM');
  }
}

try {
  build('cold');
  build('warm');
  await measurePages();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
