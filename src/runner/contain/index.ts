// Containment: a run's whole process tree held below a launcher (a child subreaper), killed whole
// on request or when the engine dies; the per-user registry and sweep for what a dead engine left.
export {
  ensureLauncher,
  defaultCacheDir,
  launcherSources,
  launcherUnits,
  type LauncherBuild,
  type LauncherOptions,
} from './launcher.ts';
export {
  spawnContained,
  launcherArgv,
  type ContainedChild,
  type ContainedOptions,
  type ProgramExit,
  type ProgramStart,
  type StartError,
  type TreeEnd,
} from './spawn.ts';
export {
  makeRunDir,
  registerRun,
  registryDir,
  sweep,
  sweepOnce,
  sweepTmp,
  type RunEntry,
  type SweepReport,
} from './registry.ts';
