// The autopsy of a hung tree, facts only: what the engine adds to a launch, and the snapshot it
// takes before the kill. Its words and pictures are made when shown, by src/explain.
export { autopsyLaunch } from './launch.ts';
export { takeAutopsy, type AutopsyContext } from './take.ts';
export { treeOrder } from './order.ts';
export * from './schema.ts';
