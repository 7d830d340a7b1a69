// The engine's shapes, without the engine: the RunResult, the autopsy, the syscall facts and the
// housekeeping rule. Pure modules (zod and a few functions): a frozen build, a page or a test can
// read and validate results through this door without loading anything that runs processes.
export * from './result.ts';
export * from './autopsy/schema.ts';
export { Proof, VerdictSchema } from './waits/schema.ts';
export type * from './waits/facts.ts';
export { helperProcessKind, helperThreadKind, namedHelperKind, type HelperKind } from './watch/housekeeping.ts';
export { EXPECTATIONS, meetsExpectation, meetsOutcome, parseDuration, parseExpect } from './expectation.ts';
export { treeOrder } from './autopsy/order.ts';
export { EXTENSIONS, EXTENSION_LIST } from './launch/languages.ts';
