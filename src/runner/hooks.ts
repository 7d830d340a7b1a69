// The bridge to the autopsy: what it adds to a launch, and the call that takes it before the kill.
// Loaded lazily so a run that never hangs pays nothing for it.
export interface AutopsyHooks {
  launch(language: 'ts' | 'py', stacksDir: string): { env: Record<string, string>; nodeArgs: string[] };
  take(pids: number[], ctx: { stacksDir: string; rootPid: number; startedAt: string }): Promise<unknown>;
}

let loaded: Promise<AutopsyHooks | null> | undefined;

export function autopsyHooks(): Promise<AutopsyHooks | null> {
  loaded ??= import('./autopsy/index.ts').then(
    (m: { autopsyLaunch: AutopsyHooks['launch']; takeAutopsy: AutopsyHooks['take'] }) => ({
      launch: m.autopsyLaunch,
      take: m.takeAutopsy,
    }),
    () => null,
  );
  return loaded;
}
