// The launcher binary: compiled from launcher.c on first use with the machine's C compiler, into
// a per-user cache keyed by the source's sha256, so every checkout of the same source shares one
// binary and a changed source gets a new one. Two engines compiling at once take turns on an
// identity-checked lock; the binary appears by an atomic rename. No compiler, or a failed compile,
// is not an error: the caller gets the reason and must say that containment is weaker.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { withLock, type LockOptions } from '../../shared/lock.ts';

export const launcherSource = new URL('./launcher.c', import.meta.url).pathname;

export type LauncherBuild =
  { ok: true; path: string; sha256: string; compiled: boolean; ms: number } | { ok: false; reason: string };

export interface LauncherOptions {
  /** Where binaries are kept. @default $XDG_CACHE_HOME/hangtime/launcher, else ~/.cache/…, else $TMPDIR/hangtime-UID/launcher */
  cacheDir?: string;
  /** The C compiler. @default $CC, else the first of cc, gcc, clang on PATH */
  cc?: string;
  /** Hears who holds the compile lock while another engine compiles. */
  onWait?: LockOptions['onWait'];
}

const uid = process.getuid?.() ?? 0;

/** A directory only this user can write to: anything else could hand us a planted binary. */
function isPrivateDir(dir: string): boolean {
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && st.uid === uid && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function ensurePrivateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return false;
  }
  return isPrivateDir(dir);
}

export function defaultCacheDir(): string | null {
  const xdg = process.env.XDG_CACHE_HOME;
  const candidates = [
    xdg && xdg.startsWith('/') ? join(xdg, 'hangtime', 'launcher') : null,
    homedir() ? join(homedir(), '.cache', 'hangtime', 'launcher') : null,
    join(tmpdir(), `hangtime-${uid}`, 'launcher'),
  ];
  for (const dir of candidates) if (dir && ensurePrivateDir(dir)) return dir;
  return null;
}

/** The first C compiler on PATH ('cc' when there is none, so the error names what to install). */
function findCompiler(): string {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['cc', 'gcc', 'clang']) if (dirs.some((d) => existsSync(join(d, name)))) return name;
  return 'cc';
}

function compile(cc: string, source: string, out: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(cc, ['-O2', '-Wall', '-Wextra', '-o', out, source], { timeout: 60_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve(null);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return resolve(`no C compiler: '${cc}' is not on PATH (install gcc or clang, or set CC)`);
      const tail = String(stderr).trim().split('\n').slice(-3).join(' | ');
      resolve(`'${cc}' could not compile ${launcherSource}: ${tail || error.message}`);
    });
  });
}

const builds = new Map<string, Promise<LauncherBuild>>();

/** The launcher binary, compiled if needed (once per process and cache dir). */
export function ensureLauncher(options: LauncherOptions = {}): Promise<LauncherBuild> {
  if (process.platform !== 'linux')
    return Promise.resolve({
      ok: false,
      reason: `no launcher on ${process.platform} (it needs Linux's PR_SET_CHILD_SUBREAPER)`,
    });
  const key = `${options.cacheDir ?? ''}\0${options.cc ?? ''}`;
  let build = builds.get(key);
  if (!build) {
    build = buildLauncher(options);
    builds.set(key, build);
  }
  return build;
}

async function buildLauncher(options: LauncherOptions): Promise<LauncherBuild> {
  const t0 = performance.now();
  let source: Buffer;
  try {
    source = readFileSync(launcherSource);
  } catch (error) {
    return { ok: false, reason: `cannot read ${launcherSource}: ${(error as Error).message}` };
  }
  const sha256 = createHash('sha256').update(source).digest('hex');
  const dir = options.cacheDir ?? defaultCacheDir();
  if (!dir || !ensurePrivateDir(dir))
    return { ok: false, reason: `no private cache directory for the launcher (${dir ?? 'none found'})` };
  const path = join(dir, `hangtime-launcher-${sha256.slice(0, 16)}`);
  const ready = (): boolean => {
    try {
      const st = statSync(path);
      return st.isFile() && st.uid === uid && (st.mode & 0o100) !== 0;
    } catch {
      return false;
    }
  };
  if (ready()) return { ok: true, path, sha256, compiled: false, ms: performance.now() - t0 };
  const cc = options.cc ?? process.env.CC ?? findCompiler();
  try {
    return await withLock(
      `${path}.lock`,
      async () => {
        if (ready()) return { ok: true, path, sha256, compiled: false, ms: performance.now() - t0 };
        // Compile the bytes that were hashed, not the file (which an editor may change meanwhile).
        const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
        const src = join(dir, `launcher-${tag}.c`);
        const tmp = `${path}.${tag}.tmp`;
        writeFileSync(src, source);
        try {
          const failed = await compile(cc, src, tmp);
          if (failed) return { ok: false, reason: failed };
          chmodSync(tmp, 0o755);
          renameSync(tmp, path);
        } finally {
          rmSync(src, { force: true });
          rmSync(tmp, { force: true });
        }
        return { ok: true, path, sha256, compiled: true, ms: performance.now() - t0 };
      },
      { timeoutMs: 120_000, onWait: options.onWait, command: 'hangtime: compiling the launcher' },
    );
  } catch (error) {
    return { ok: false, reason: `launcher build failed: ${(error as Error).message}` };
  }
}
