// The engine's public face: everything the CLI, the site, the autopsy and verify call.
export { runSnippet, UsageError, languageOf, displayPath, type RunEffects } from './engine.ts';
export {
  checkExpectation,
  formatStatus,
  formatExpect,
  parseExpect,
  parseDuration,
  describeOutcome,
} from './expectation.ts';
export { runCached, cacheKey, writeAtomic, defaultCacheDir } from './cache.ts';
export { runMany, type Job, type ManyOptions } from './pool.ts';
export { liveRuns as inFlightRuns, killTree } from './terminate.ts';
export { resolvePython, hostInfo, repoRoot } from './env.ts';
export * from './result.ts';
