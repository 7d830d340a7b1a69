// The autopsy of a hung tree: what the engine adds to a launch, the snapshot it takes before
// the kill, and the ways to show it. No Astro in here.
export { autopsyLaunch, STACKS_SIGNAL } from './launch.ts';
export { takeAutopsy, type AutopsyContext } from './take.ts';
export { diagnose } from './diagnose.ts';
export { waitGraph, findCycle, type Wait } from './graph.ts';
export { normalizeAutopsy } from './normalize.ts';
export { renderAutopsyText } from './render.ts';
export { parseAutopsy } from './parse.ts';
export * from './schema.ts';
