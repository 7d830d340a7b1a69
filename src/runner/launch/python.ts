// The one python3 of an engine process: the first on PATH, resolved once, with its version and
// start method. Only runs that need Python resolve it (a .py snippet, an autopsy's pipe-fill
// helper): `python3` on PATH may be a shim (pyenv's is a shell script) that costs ~100 ms.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface Python {
  /** The real interpreter (sys.executable), never a shim. */
  path: string;
  version: string;
  /** multiprocessing's default start method on this interpreter: fork, spawn or forkserver. */
  startMethod: string;
}

const PROBE =
  'import sys,multiprocessing as m;print(sys.executable);print(sys.version.split()[0]);print(m.get_start_method())';
const PROBE_TIMEOUT_MS = 10_000;

let resolved: Python | null | undefined;
let pending: Promise<Python | null> | undefined;

function candidates(): string[] {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'python3'))
    .filter((file) => existsSync(file));
}

function parse(out: string): Python {
  const [path, version, startMethod] = out.trim().split('\n');
  return { path: path!, version: version!, startMethod: startMethod! };
}

const probeEnv = () => ({ PATH: process.env.PATH ?? '' });

/** The python3 of this process, resolved synchronously on first call; null when there is none. */
export function resolvePython(): Python | null {
  if (resolved !== undefined) return resolved;
  resolved = null;
  for (const candidate of candidates()) {
    try {
      const out = execFileSync(candidate, ['-c', PROBE], {
        encoding: 'utf8',
        timeout: PROBE_TIMEOUT_MS,
        env: probeEnv(),
      });
      resolved = parse(out);
      break;
    } catch {
      continue;
    }
  }
  return resolved;
}

let executable: Promise<string | null> | undefined;
/**
 * Just the real interpreter's path, for a helper that needs no version: a lighter probe
 * (`-I -S`, no imports) than resolvePython's, sharing its answer when that one already ran.
 */
export function pythonExecutable(): Promise<string | null> {
  if (resolved !== undefined) return Promise.resolve(resolved?.path ?? null);
  executable ??= (async () => {
    for (const candidate of candidates()) {
      const out = await new Promise<string | null>((done) =>
        execFile(
          candidate,
          ['-I', '-S', '-c', 'import sys; print(sys.executable)'],
          { timeout: PROBE_TIMEOUT_MS, env: probeEnv() },
          (err, stdout) => done(err ? null : stdout.trim() || null),
        ),
      );
      if (out) return out;
    }
    return null;
  })();
  return executable;
}
