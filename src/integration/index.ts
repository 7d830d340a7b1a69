// The Astro side of hangtime: before pages render, execute every run (through the
// engine's cache) and fail the build when a chapter is not true. In `astro dev`,
// editing a snippet or a chapter re-runs what changed and reloads the page.
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chaptersDir, snippetRoot } from '../collect/index.ts';
// The engine's second public entry, containment alone: sweeping what a killed engine left must not
// load the engine (a frozen build never does; src/runner/index.ts re-exports the same function).
import { sweepOnce } from '../runner/contain/index.ts';
import { executeChapters } from './execute.ts';
import { acquireBuildLock, type BuildLock } from './lock.ts';

async function execute(logger: AstroIntegrationLogger): Promise<void> {
  const summary = await executeChapters({ log: (line) => logger.info(line) });
  logger.info(
    `${summary.total} runs: ${summary.executed} executed, ${summary.hits} from the cache, ` +
      `${summary.frozen} frozen, in ${(summary.ms / 1000).toFixed(1)} s`,
  );
}

/** The integration astro.config.mjs adds after mdx(). */
export default function hangtime(): AstroIntegration {
  let lock: BuildLock | null = null;
  return {
    name: 'hangtime',
    hooks: {
      'astro:config:setup': async ({ command, config, logger }) => {
        // Every mode (build, dev, preview; frozen runs too): what a killed build left running goes.
        sweepOnce();
        if (command !== 'build') return;
        lock = await acquireBuildLock(fileURLToPath(config.root), (text) => logger.info(text));
      },
      'astro:build:start': async ({ logger }) => {
        await execute(logger);
      },
      'astro:build:done': () => {
        lock?.release();
      },
      'astro:server:setup': async ({ server, logger }) => {
        const watched = [snippetRoot(), path.resolve('runnable/lib'), chaptersDir()];
        try {
          await execute(logger);
        } catch (error) {
          logger.error((error as Error).message);
        }
        server.watcher.add(watched);
        let pending: Promise<void> = Promise.resolve();
        server.watcher.on('change', (file) => {
          if (!watched.some((dir) => file.startsWith(dir + path.sep))) return;
          logger.info(`${path.relative(process.cwd(), file)} changed: re-running`);
          // One re-run at a time; unchanged runs are cache hits, so this is cheap.
          pending = pending
            .then(() => execute(logger))
            .then(
              () => server.ws.send({ type: 'full-reload' }),
              (error) => logger.error((error as Error).message),
            );
        });
      },
    },
  };
}
