// Phase 2: start the process tree. Output goes over two real pipes (FIFOs), read as it comes. The
// program runs below the launcher (contain/), which holds every process it starts, whatever they
// do; where no launcher can be built or started, it runs as the leader of a new process group
// instead, and ctx.containment says so and why (never silently). The run is registered so that
// nothing of it survives this engine (terminate.ts).
import { spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { makePipes, readPipe, Transcript, type PipePair } from '../capture.ts';
import { ensureLauncher } from '../contain/launcher.ts';
import { spawnContained } from '../contain/spawn.ts';
import { closingFds } from '../launch/fds.ts';
import { loadNow } from '../launch/env.ts';
import { registerRun, type RunTree } from '../terminate.ts';
import { nowTicks } from '../watch/procfs.ts';
import { identify, type ProcessId } from '../../shared/process.ts';
import type { RunContext, RunEffects } from './context.ts';

/** How the program ended; `lost`: its launcher died first, so nobody could see it end. */
export type ProgramEnd = { code: number | null; signal: string | null; lost?: boolean };

export interface Started {
  tree: RunTree;
  transcript: Transcript;
  /** The two read ends; destroyed when the run is over. */
  readers: { destroy(): void }[];
  /** Both output pipes reached end-of-file. */
  eof: Promise<unknown>;
  /** The program's own end (code or signal). */
  exited: Promise<ProgramEnd>;
}

/** A process whose start time could not be read (it was already gone): matches no process. */
const gone = (pid: number): ProcessId => ({ pid, startTicks: -1 });

/**
 * Spawns the tree; sets ctx.startedAt, ctx.now (the run's clock starts here) and ctx.containment.
 * `onSpawned` is called as soon as the program's process is asked for, before it has started:
 * the engine loads the code it needs later while the program starts up.
 */
export async function start(ctx: RunContext, effects: RunEffects, onSpawned = () => {}): Promise<Started> {
  const launcher = await ensureLauncher();
  const [out, err] = await makePipes(2);
  const t0 = performance.now();
  ctx.now = () => performance.now() - t0;
  ctx.startedAt = new Date().toISOString();
  ctx.load = loadNow();
  const transcript = new Transcript(ctx.options.maxOutputBytes, ctx.now, effects.onChunk);
  const take = (stream: 'stdout' | 'stderr') => (b: Buffer) => {
    effects.onBytes?.(stream, b);
    transcript.add(stream, b);
  };
  const stdout = readPipe(out!.readFd, take('stdout'));
  const stderr = readPipe(err!.readFd, take('stderr'));
  const sinceTicks = nowTicks() - 1;
  const base = { runId: ctx.runId, sinceTicks };
  let held: { tree: RunTree; exited: Promise<ProgramEnd> } | null = null;
  let why = launcher.ok ? '' : launcher.reason;
  if (launcher.ok) {
    const c = spawnContained(launcher.path, ctx.argv, {
      cwd: ctx.cwd,
      env: ctx.env,
      stdio: ['ignore', out!.writeFd, err!.writeFd],
    });
    const s = await c.started;
    const launcherId = c.launcherId;
    const tree = (program: ProcessId): RunTree => ({
      ...base,
      program,
      contained: c,
      launcher: launcherId,
      rootPid: launcherId?.pid ?? -1,
    });
    if ('pid' in s) held = { tree: tree({ pid: s.pid, startTicks: s.startTicks }), exited: c.exited };
    else if (!s.launcher) {
      // The program could not be executed: the launcher reports exit 127, as a shell would.
      transcript.chunks.push({ stream: 'engine', t: ctx.now(), text: `[hangtime: ${s.error}]\n` });
      held = { tree: tree(gone(-1)), exited: c.exited };
    } else {
      c.close();
      why = s.error;
    }
  }
  if (!held) {
    ctx.containment = { mechanism: 'process-group', held: true, reason: why };
    held = spawnByGroup(ctx, base, out!, err!);
  }
  closeSync(out!.writeFd);
  closeSync(err!.writeFd);
  const { tree, exited } = held;
  if (tree.program.pid > 0) {
    registerRun(tree, [ctx.tmp]);
    effects.onStart?.({ runId: ctx.runId, rootPid: tree.program.pid });
  }
  return {
    tree,
    transcript,
    readers: [stdout.socket, stderr.socket],
    eof: Promise.all([stdout.ended, stderr.ended]),
    exited,
  };
}

/**
 * Without a launcher: the program leads a new process group and session; stray fds of this
 * process are closed in the child by a bash that then execs it (launch/fds.ts).
 */
function spawnByGroup(
  ctx: RunContext,
  base: Pick<RunTree, 'runId' | 'sinceTicks'>,
  out: PipePair,
  err: PipePair,
): { tree: RunTree; exited: Promise<ProgramEnd> } {
  const argv = closingFds(ctx.argv);
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: ctx.cwd,
    env: ctx.env,
    stdio: ['ignore', out.writeFd, err.writeFd],
    detached: true,
  });
  const exited = new Promise<ProgramEnd>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', () => resolve({ code: null, signal: null }));
  });
  const pid = child.pid ?? -1;
  const program = identify(pid) ?? gone(pid);
  return { tree: { ...base, program, contained: null, launcher: null, rootPid: pid }, exited };
}
