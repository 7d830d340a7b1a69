// Phase 2: start the process tree. Output goes over two real pipes (FIFOs), read as it comes;
// the root is the leader of a new process group; the run is registered so that nothing of it
// survives this engine (terminate.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { makePipes, readPipe, Transcript } from '../capture.ts';
import { closingFds } from '../launch/fds.ts';
import { loadNow } from '../launch/env.ts';
import { registerRun, type LiveRun } from '../terminate.ts';
import { nowTicks } from '../watch/procfs.ts';
import type { RunContext, RunEffects } from './context.ts';

export interface Started {
  child: ChildProcess;
  live: LiveRun;
  transcript: Transcript;
  /** The two read ends; destroyed when the run is over. */
  readers: { destroy(): void }[];
  /** Both output pipes reached end-of-file. */
  eof: Promise<unknown>;
  /** The root's own exit (code or signal). */
  exited: Promise<{ code: number | null; signal: string | null }>;
}

/** Spawns the tree; sets ctx.startedAt and ctx.now (the run's clock starts here). */
export function start(ctx: RunContext, effects: RunEffects): Started {
  const [out, err] = makePipes(2);
  const t0 = performance.now();
  ctx.now = () => performance.now() - t0;
  ctx.startedAt = new Date().toISOString();
  ctx.load = loadNow();
  const transcript = new Transcript(ctx.options.maxOutputBytes, ctx.now, effects.onChunk);
  const sinceTicks = nowTicks() - 1;
  const argv = closingFds(ctx.argv);
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: ctx.cwd,
    env: ctx.env,
    stdio: ['ignore', out!.writeFd, err!.writeFd],
    detached: true,
  });
  closeSync(out!.writeFd);
  closeSync(err!.writeFd);
  const stdout = readPipe(out!.readFd, (b) => transcript.add('stdout', b));
  const stderr = readPipe(err!.readFd, (b) => transcript.add('stderr', b));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', () => resolve({ code: null, signal: null }));
  });
  const live: LiveRun = { runId: ctx.runId, rootPid: child.pid ?? -1, sinceTicks };
  if (child.pid) {
    registerRun(live);
    effects.onStart?.({ runId: ctx.runId, rootPid: child.pid });
  }
  return {
    child,
    live,
    transcript,
    readers: [stdout.socket, stderr.socket],
    eof: Promise.all([stdout.ended, stderr.ended]),
    exited,
  };
}
