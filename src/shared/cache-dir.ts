// The user's private cache folders: where the launcher binary and compiled code are kept. Private
// means only this user can write there: anything else could hand a run a planted binary, or
// planted compiled code for its programs.
import { lstatSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const uid = process.getuid?.() ?? 0;

/** A directory this user owns and nobody else can write to. */
export function isPrivateDir(dir: string): boolean {
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && st.uid === uid && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** `dir`, made (mode 0700) when missing; false when it cannot be made or is not private. */
export function ensurePrivateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return false;
  }
  return isPrivateDir(dir);
}

/**
 * hangtime's cache folder `name`: $XDG_CACHE_HOME/hangtime/NAME, else ~/.cache/hangtime/NAME, else
 * $TMPDIR/hangtime-UID/NAME: the first that is (or can be made) private; null when none can.
 */
export function privateCacheDir(name: string): string | null {
  const xdg = process.env.XDG_CACHE_HOME;
  const candidates = [
    xdg && xdg.startsWith('/') ? join(xdg, 'hangtime', name) : null,
    homedir() ? join(homedir(), '.cache', 'hangtime', name) : null,
    join(tmpdir(), `hangtime-${uid}`, name),
  ];
  for (const dir of candidates) if (dir && ensurePrivateDir(dir)) return dir;
  return null;
}
