// The engine's public face: everything the CLI, the site, verify and the tests call. Its shapes
// (RunResult, Autopsy…) are also reachable alone, without the engine, through ./schema.ts.
export { runCommand, runSnippet, runsInFlight, type RunEffects, type RunInFlight } from './engine.ts';
export { UsageError, languageOf, displayPath } from './launch/argv.ts';
export { runCached, cacheKey, defaultCacheDir } from './cache.ts';
export { runMany, type Job, type ManyOptions } from './pool.ts';
export { liveRuns, killTree, type RunTree } from './terminate.ts';
export { sweepOnce } from './contain/index.ts';
export { resolvePython } from './launch/python.ts';
export { hostInfo } from './launch/env.ts';
import type { AutopsyContext } from './autopsy/take.ts';
import type { Autopsy } from './autopsy/schema.ts';
/** The autopsy of a hung tree (autopsy/take.ts), its code loaded on first use. */
export async function takeAutopsy(pids: number[], ctx: AutopsyContext): Promise<Autopsy> {
  return (await import('./autopsy/take.ts')).takeAutopsy(pids, ctx);
}
export type { AutopsyContext };
export { localImports } from './launch/imports.ts';
export { hasProc } from './watch/procfs.ts';
export * from './schema.ts';
