// The engine's public face: everything the CLI, the site, verify and the tests call. Its shapes
// (RunResult, Autopsy…) and their zod schemas are reachable alone, without the engine, through ./schema.ts. What a
// single run does not need (the cache, the pool, the autopsy) is loaded on first use, so the CLI's
// `hangtime run` loads none of it.
import type { Job, ManyOptions } from './pool.ts';
export { runCommand, runSnippet, runsInFlight, type RunEffects, type RunInFlight } from './engine.ts';
export { UsageError, languageOf, displayPath } from './launch/argv.ts';
export { checkSnippet, type CheckedSnippet } from './launch/snippet.ts';
export type { Job, ManyOptions };
/** A run through the content-addressed cache (cache.ts), its code loaded on first use. */
export async function runCached(
  ...args: Parameters<typeof import('./cache.ts').runCached>
): ReturnType<typeof import('./cache.ts').runCached> {
  return (await import('./cache.ts')).runCached(...args);
}
/** Many runs at once, through the cache (pool.ts), its code loaded on first use. */
export async function runMany(...args: Parameters<typeof import('./pool.ts').runMany>) {
  return (await import('./pool.ts')).runMany(...args);
}
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
// The shapes as types only: their zod schemas are reached through ./schema.ts, so that a run (and
// `hangtime run`) loads no zod. The zod-free values that go with them are here too.
export type * from './schema.ts';
export { MAX_TIMER_MS, DEFAULT_OPTIONS, checkRunOptions } from './options.ts';
export { SCHEMA_VERSION, AUTOPSY_VERSION } from './versions.ts';
export { EXPECTATIONS, meetsExpectation, meetsOutcome, parseDuration, parseExpect } from './expectation.ts';
export { helperProcessKind, helperThreadKind, namedHelperKind, type HelperKind } from './watch/housekeeping.ts';
export { treeOrder } from './autopsy/order.ts';
export { EXTENSIONS, EXTENSION_LIST } from './launch/languages.ts';
