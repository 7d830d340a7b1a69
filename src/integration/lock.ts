// One astro build at a time per checkout. Astro keeps generated content modules in
// <root>/.astro/ whatever outDir/cacheDir say, so two builds running at once (a fixture
// site and the story, say) overwrite each other's content-modules.mjs and one renders
// the other's chapters or fails. The lock is the shared identity-checked one (shared/lock.ts):
// a holder that is gone or whose pid now names another process is taken over at once, an empty
// or torn lock file after a short grace; a wait says who holds it every few seconds and gives up
// after a bound with a message that says what to do.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { acquireLock, describeHolder, type LockOptions, type WaitReport } from '../shared/lock.ts';

export interface BuildLock {
  release(): void;
}

/** The longest a build waits for another one: a whole build of the story takes a few minutes. */
export const BUILD_LOCK_TIMEOUT_MS = 15 * 60_000;

export function buildLockFile(root: string): string {
  return path.join(root, '.astro', 'hangtime-build.lock');
}

/** "waiting 6 s for another astro build in this checkout: pid 4242 (astro build content/chapters) since …" */
export function describeWait(w: WaitReport): string {
  const who =
    w.state.kind === 'held'
      ? describeHolder(w.state.holder)
      : `nobody (the lock file is ${w.state.why}: an interrupted build left it; it is taken over in a moment)`;
  const waited = Math.round(w.waitedMs / 1000);
  return `waiting ${waited} s for another astro build in this checkout to finish: ${w.path} is held by ${who}`;
}

/** Waits for and takes the checkout's build lock; `onWait` hears who holds it, every few seconds. */
export async function acquireBuildLock(
  root: string,
  onWait: (text: string) => void = () => {},
  options: Pick<LockOptions, 'timeoutMs' | 'graceMs' | 'reportEveryMs'> = {},
): Promise<BuildLock> {
  const file = buildLockFile(root);
  mkdirSync(path.dirname(file), { recursive: true });
  return acquireLock(file, {
    timeoutMs: BUILD_LOCK_TIMEOUT_MS,
    ...options,
    command: `astro build (${process.env.HANGTIME_CONTENT_DIR || 'content/chapters'})`,
    onWait: (w) => onWait(describeWait(w)),
  });
}
