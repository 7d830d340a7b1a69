// One astro build at a time per checkout. Astro keeps generated content modules in
// <root>/.astro/ whatever outDir/cacheDir say, so two builds running at once (a fixture
// site and the story, say) overwrite each other's content-modules.mjs and one renders
// the other's chapters or fails. The lock is a file holding the builder's pid; a lock
// whose pid is gone is stale and taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface BuildLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Wait for and take the checkout's build lock; `onWait` hears once who holds it. */
export async function acquireBuildLock(root: string, onWait: (holder: string) => void = () => {}): Promise<BuildLock> {
  const dir = path.join(root, '.astro');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'hangtime-build.lock');
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid} ${process.env.HANGTIME_CONTENT_DIR || 'content/chapters'}`);
      closeSync(fd);
      break;
    } catch {
      let holder = '';
      try {
        holder = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const pid = Number(holder.split(' ')[0]);
      if (pid && !isAlive(pid)) {
        rmSync(file, { force: true });
        continue;
      }
      if (!told) {
        onWait(holder);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    try {
      if (readFileSync(file, 'utf8').startsWith(`${process.pid} `)) rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  };
  process.once('exit', release);
  return { release };
}
