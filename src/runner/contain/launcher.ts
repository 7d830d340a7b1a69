// The launcher binary: compiled from its C sources (launcher.c, launcher-tree.c,
// launcher-signals.c and their launcher.h) on first use with the machine's C compiler, into a
// per-user cache keyed by the sha256 of every source, so every checkout of the same sources shares
// one binary and a change to any of them gets a new one. Two engines compiling at once take turns
// on an identity-checked lock; the binary appears by an atomic rename. No compiler, or a failed
// compile, is not an error: the caller gets the reason and must say that containment is weaker.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensurePrivateDir, privateCacheDir } from '../../shared/cache-dir.ts';
import { withLock, type LockOptions } from '../../shared/lock.ts';

const source = (name: string) => new URL(`./${name}`, import.meta.url).pathname;
/** The translation units, compiled together into one binary. */
export const launcherUnits = ['launcher.c', 'launcher-tree.c', 'launcher-signals.c'].map(source);
/** Every file the binary is built from (the units and the header they share): what its cache key covers. */
export const launcherSources = [...launcherUnits, source('launcher.h')];

export type LauncherBuild =
  { ok: true; path: string; sha256: string; compiled: boolean; ms: number } | { ok: false; reason: string };

export interface LauncherOptions {
  /**
   * Where binaries are kept.
   * @default $XDG_CACHE_HOME/hangtime/launcher, else ~/.cache/…, else $TMPDIR/hangtime-UID/launcher
   */
  cacheDir?: string;
  /** The C compiler. @default $CC, else the first of cc, gcc, clang on PATH */
  cc?: string;
  /** Hears who holds the compile lock while another engine compiles. */
  onWait?: LockOptions['onWait'];
}

/** Where the binary is kept when no cacheDir is given (a private folder, or null when none can be made). */
export const defaultCacheDir = (): string | null => privateCacheDir('launcher');

const uid = process.getuid?.() ?? 0;

/** The first C compiler on PATH ('cc' when there is none, so the error names what to install). */
function findCompiler(): string {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['cc', 'gcc', 'clang']) if (dirs.some((d) => existsSync(join(d, name)))) return name;
  return 'cc';
}

/** Compiles the units found in `dir` (copies of the sources, under their own names) into `out`. */
function compile(cc: string, dir: string, out: string): Promise<string | null> {
  const units = launcherUnits.map((unit) => join(dir, basename(unit)));
  return new Promise((resolve) => {
    execFile(cc, ['-O2', '-Wall', '-Wextra', '-o', out, ...units], { timeout: 60_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve(null);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return resolve(`no C compiler: '${cc}' is not on PATH (install gcc or clang, or set CC)`);
      const tail = String(stderr).trim().split('\n').slice(-3).join(' | ');
      resolve(`'${cc}' could not compile ${launcherUnits.join(' ')}: ${tail || error.message}`);
    });
  });
}

/** The bytes of every source, read once (what is hashed is what is compiled), or why one cannot be read. */
function readSources(): Map<string, Buffer> | string {
  const sources = new Map<string, Buffer>();
  for (const path of launcherSources) {
    try {
      sources.set(path, readFileSync(path));
    } catch (error) {
      return `cannot read ${path}: ${(error as Error).message}`;
    }
  }
  return sources;
}

/** The cache key: every source's name and bytes (a length before each, so no two sets hash alike). */
function hashSources(sources: Map<string, Buffer>): string {
  const hash = createHash('sha256');
  for (const [path, bytes] of sources) hash.update(`${basename(path)}\0${bytes.length}\0`).update(bytes);
  return hash.digest('hex');
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
  const sources = readSources();
  if (typeof sources === 'string') return { ok: false, reason: sources };
  const sha256 = hashSources(sources);
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
        // Compile the bytes that were hashed, not the files (which an editor may change meanwhile).
        const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
        const src = join(dir, `launcher-${tag}`);
        const tmp = `${path}.${tag}.tmp`;
        try {
          mkdirSync(src, { mode: 0o700 });
          for (const [file, bytes] of sources) writeFileSync(join(src, basename(file)), bytes);
          const failed = await compile(cc, src, tmp);
          if (failed) return { ok: false, reason: failed };
          chmodSync(tmp, 0o755);
          renameSync(tmp, path);
        } finally {
          rmSync(src, { recursive: true, force: true });
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
