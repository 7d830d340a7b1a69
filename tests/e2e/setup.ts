// globalSetup: build the fixture site (at / and under a sub-path) and the story, then
// serve each with `astro preview` on a free port. Returns the teardown that stops them
// (each server is its own process group, killed whole).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { e2eDir, root, serversFile, siteSpecs, type Site, type SiteSpec } from './sites.ts';

const astro = path.join(root, 'node_modules/astro/bin/astro.mjs');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function build(spec: SiteSpec): void {
  const started = Date.now();
  const result = spawnSync(process.execPath, [astro, 'build'], {
    cwd: root,
    env: { ...process.env, ...spec.env },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(
      `astro build of the ${spec.name} site failed (exit ${result.status}):\n` +
        (result.stdout + result.stderr).slice(-4000),
    );
  }
  console.log(`built the ${spec.name} site in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function waitFor(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`astro preview exited (${child.exitCode}):\n${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`astro preview did not answer at ${url} within 20 s:\n${log()}`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(e2eDir, { recursive: true });
  const specs = siteSpecs();
  for (const spec of specs) build(spec);
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children) {
      if (child.exitCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
    }
  };
  try {
    const served: Partial<Record<SiteSpec['name'], Site>> = {};
    for (const spec of specs) {
      const port = await freePort();
      // --ignore-lock: Astro 7 allows one tracked preview per project; ours are private.
      const child = spawn(
        process.execPath,
        [astro, 'preview', '--ignore-lock', '--host', '127.0.0.1', '--port', String(port)],
        {
          cwd: root,
          env: { ...process.env, ...spec.env },
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      children.push(child);
      let output = '';
      child.stdout!.on('data', (b) => (output += b));
      child.stderr!.on('data', (b) => (output += b));
      const url = `http://127.0.0.1:${port}${spec.base}`;
      await waitFor(url, child, () => output);
      served[spec.name] = { ...spec, url, stateFile: path.join(spec.env.HANGTIME_STATE_DIR, 'results.json') };
    }
    writeFileSync(serversFile, JSON.stringify(served, null, 2));
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
