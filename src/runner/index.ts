// The engine's public face: everything the CLI, the site, verify and the tests call. Its shapes
// (RunResult, Autopsy…) are also reachable alone, without the engine, through ./schema.ts.
export { runCommand, runSnippet, runsInFlight, type RunEffects, type RunInFlight } from './engine.ts';
export { UsageError, languageOf, displayPath } from './launch/argv.ts';
export { runCached, cacheKey, defaultCacheDir } from './cache.ts';
export { runMany, type Job, type ManyOptions } from './pool.ts';
export { liveRuns, killTree } from './terminate.ts';
export { resolvePython } from './launch/python.ts';
export { hostInfo } from './launch/env.ts';
export { takeAutopsy } from './autopsy/take.ts';
export { localImports } from './launch/imports.ts';
export { hasProc } from './watch/procfs.ts';
export * from './schema.ts';
