// Live runs on disk, per user, shared by every checkout and engine of that user, so that whatever
// an engine killed with SIGKILL left behind is cleaned up by the next start of any of them.
// Every process is recorded by identity (pid + start time): the sweep acts only for runs whose
// engine is gone, and signals only processes that still have their recorded start time. A pid
// reused by a stranger (pid_max is 32768 here; pids wrap within minutes) is never touched.
//
// What the sweep does for a run whose engine is gone:
// - its launcher still alive: SIGTERM to the launcher, which kills its whole tree with pidfds and
//   exits. (It normally did that already: the engine's death closed its lifeline.)
// - its program's process still alive (no launcher, or the launcher was killed too): SIGKILL to
//   the program's process group (the program leads it: the launcher or the engine setsid()s it).
// - without a launcher, also every process whose environment carries the run's HANGTIME_RUN_ID
//   and that started after the program: the old engine's reach, which misses a process that
//   scrubbed its environment. That gap is why the launcher exists.
// Temporary directories of runs carry their engine's identity in their name
// (hangtime-run-PID.START-XXXXXX) and are removed once that engine is gone.
// The registry of older engines ($TMPDIR/hangtime-live-UID, entries naming bare pids) is not read:
// a bare pid cannot be checked, and acting on one is how a stranger got killed. It is removed.
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatId, identify, isAlive, parseId, selfId, signalIfSame, type ProcessId } from '../../shared/process.ts';

export interface RunEntry {
  runId: string;
  /** The engine process that started the run (the sweep acts only once it is gone). */
  engine: ProcessId;
  /** The launcher holding the tree; null when the run had to go without (weaker containment). */
  launcher: ProcessId | null;
  /** The program's own process: leader of its session and process group. */
  root: ProcessId;
  /** Removed by the sweep (the run's temporary directories). */
  tmpDirs: string[];
  startedAt: string;
}

export interface SweepReport {
  /** Registry entries of dead engines that were handled. */
  runs: number;
  /** Processes (or groups, or launchers) that were sent a signal. */
  signalled: number;
  /** Temporary directories of dead engines removed. */
  tmpRemoved: number;
  ms: number;
}

const uid = process.getuid?.() ?? 0;

/** This user's registry, in a directory only this user can write to (or null: no registry). */
export function registryDir(base = tmpdir()): string | null {
  const top = join(base, `hangtime-${uid}`);
  const dir = join(top, 'live');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Someone else may have created the name first in a shared /tmp: then it is not ours to trust.
    for (const d of [top, dir]) {
      const st = lstatSync(d);
      if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o022) !== 0) return null;
    }
    return dir;
  } catch {
    return null;
  }
}

const entryName = (e: Pick<RunEntry, 'engine' | 'runId'>) => `${formatId(e.engine)}_${e.runId}.json`;

/** Records a live run; returns the function that removes the record (idempotent). */
export function registerRun(
  entry: Omit<RunEntry, 'engine' | 'startedAt'> & Partial<Pick<RunEntry, 'engine' | 'startedAt'>>,
  base?: string,
): () => void {
  const full: RunEntry = { engine: selfId(), startedAt: new Date().toISOString(), ...entry };
  const dir = registryDir(base);
  if (!dir) return () => {};
  const path = join(dir, entryName(full));
  try {
    writeFileSync(`${path}.tmp`, JSON.stringify(full));
    renameSync(`${path}.tmp`, path);
  } catch {
    /* best effort: the launcher's lifeline still works without the record */
  }
  return () => rmSync(path, { force: true });
}

/** A temporary directory for a run (kind 'run') or a FIFO pool ('fifos'), named for its owner. */
export function makeRunDir(kind: 'run' | 'fifos', base = tmpdir()): string {
  return mkdtempSync(join(base, `hangtime-${kind}-${formatId(selfId())}-`));
}

function hasRunId(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker);
  } catch {
    return false;
  }
}

/** Kills what is left of one dead engine's run; returns how many signals were sent. */
function sweepEntry(run: RunEntry): number {
  let signalled = 0;
  if (run.launcher && signalIfSame(run.launcher, 'SIGTERM')) {
    signalled++;
    signalIfSame(run.launcher, 'SIGCONT'); // a launcher its program stopped (kill -STOP $PPID) acts on it
  }
  // The group is signalled through its leader's verified identity: while any member lives, its
  // number cannot be handed to a new process, so a leader that is still ours means a group that is.
  if (identify(run.root.pid)?.startTicks === run.root.startTicks && run.root.startTicks !== null) {
    try {
      process.kill(-run.root.pid, 'SIGKILL');
      signalled++;
    } catch {
      /* gone */
    }
    if (signalIfSame(run.root, 'SIGKILL')) signalled++;
  }
  if (!run.launcher && run.root.startTicks !== null) {
    const marker = `HANGTIME_RUN_ID=${run.runId}`;
    for (const name of readdirSync('/proc')) {
      if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
      const id = identify(Number(name));
      if (
        id &&
        id.startTicks !== null &&
        id.startTicks >= run.root.startTicks &&
        hasRunId(id.pid, marker) &&
        signalIfSame(id, 'SIGKILL')
      )
        signalled++;
    }
  }
  return signalled;
}

const RUN_DIR = /^hangtime-(?:run|fifos)-(\d+\.(?:\d+|x))-/;
const LEGACY_RUN_DIR = /^hangtime-(?:run|fifos)-[A-Za-z0-9]{6}$/;

/**
 * Removes temporary directories whose engine is gone (only this user's). Directories named the
 * old way (no owner in the name) are removed once older than `legacyAgeMs`.
 */
export function sweepTmp(base = tmpdir(), legacyAgeMs = 24 * 3600_000): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith('hangtime-')) continue;
    if (name === `hangtime-live-${uid}`) {
      removeOwnDir(join(base, name));
      continue;
    }
    const owner = RUN_DIR.exec(name)?.[1];
    const legacy = !owner && LEGACY_RUN_DIR.test(name);
    if (!owner && !legacy) continue;
    const id = owner ? parseId(owner) : null;
    if (id && isAlive(id)) continue;
    const path = join(base, name);
    try {
      const st = lstatSync(path);
      if (!st.isDirectory() || st.uid !== uid) continue;
      if (legacy && Date.now() - st.mtimeMs < legacyAgeMs) continue;
      rmSync(path, { recursive: true, force: true });
      removed++;
    } catch {
      /* another sweep got there first */
    }
  }
  return removed;
}

function removeOwnDir(path: string): void {
  try {
    const st = lstatSync(path);
    if (st.isDirectory() && st.uid === uid) rmSync(path, { recursive: true, force: true });
  } catch {
    /* gone */
  }
}

/** Kills what dead engines left running and removes their temporary files. Cheap when there is nothing. */
export function sweep(options: { base?: string; legacyAgeMs?: number } = {}): SweepReport {
  const t0 = performance.now();
  const report: SweepReport = { runs: 0, signalled: 0, tmpRemoved: 0, ms: 0 };
  const dir = registryDir(options.base);
  let names: string[] = [];
  try {
    names = dir ? readdirSync(dir) : [];
  } catch {
    /* no registry yet */
  }
  for (const name of names) {
    const path = join(dir!, name);
    const engine = parseId(name.split('_')[0] ?? '');
    if (!engine || !name.endsWith('.json')) {
      // A record torn by a kill between write and rename (.tmp) whose engine is gone.
      const owner = parseId(name.split('_')[0] ?? '');
      if (name.endsWith('.tmp') && owner && !isAlive(owner)) rmSync(path, { force: true });
      continue;
    }
    if (isAlive(engine)) continue;
    let run: RunEntry | null = null;
    try {
      run = JSON.parse(readFileSync(path, 'utf8')) as RunEntry;
    } catch {
      /* unreadable: nothing to kill */
    }
    if (run) {
      report.signalled += sweepEntry(run);
      // Only a run's own kind of directory, whatever the record says.
      for (const d of run.tmpDirs ?? [])
        if (/^hangtime-/.test(d.split('/').pop() ?? '')) rmSync(d, { recursive: true, force: true });
    }
    rmSync(path, { force: true });
    report.runs++;
  }
  report.tmpRemoved = sweepTmp(options.base, options.legacyAgeMs);
  report.ms = performance.now() - t0;
  return report;
}

let swept: SweepReport | null = null;
/** sweep(), once per process: for every entry point (CLI commands, builds, dev, verify, lint). */
export function sweepOnce(): SweepReport {
  swept ??= sweep();
  return swept;
}
