// Small, honest questions about a pipe, asked of the kernel rather than guessed.
//
//   pipeSize(fd)            the capacity the kernel gives this pipe (F_GETPIPE_SZ)
//   measureCapacity()       the same, measured: fill a fresh pipe until it refuses
//   isBlockedWritingPipe(p) is some thread of process p asleep in a pipe write?
//   waitUntilSettled(c)     has child c exited, or blocked writing for good?
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { measurePipe } from './pipefill.ts';
import { Queue } from './queue.ts';

/** fcntl command number of F_GETPIPE_SZ on Linux (Python's fcntl names it too, from 3.10). */
export const F_GETPIPE_SZ = 1032;

/**
 * The capacity of the pipe behind `fd`, in bytes, as the kernel reports it.
 * Node has no fcntl(), so a one-line python3 helper asks, with the fd passed to it as fd 3.
 */
export function pipeSize(fd: number): number {
  const out = execFileSync('python3', ['-c', `import fcntl; print(fcntl.fcntl(3, ${F_GETPIPE_SZ}))`], {
    stdio: ['ignore', 'pipe', 'inherit', fd],
    encoding: 'utf8',
  });
  return Number(out.trim());
}

/**
 * Measure a fresh pipe's capacity with Node alone: fill a new pipe through a second,
 * non-blocking write end until the kernel answers EAGAIN (see pipefill.ts).
 */
export function measureCapacity(): number {
  const queue = Queue.create();
  try {
    return measurePipe(queue.readFd, queue.writeFd);
  } finally {
    queue.close();
  }
}

/** Whether some thread of process `pid` is asleep inside the kernel's pipe write. */
export function isBlockedWritingPipe(pid: number): boolean {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return false; // already gone
  }
  return tids.some((tid) => {
    try {
      // "pipe_write" on older kernels, "anon_pipe_write" on newer ones.
      return readFileSync(`/proc/${pid}/task/${tid}/wchan`, 'utf8').includes('pipe_write');
    } catch {
      return false;
    }
  });
}

/**
 * Wait until a child has either exited or put a thread to sleep in a pipe write.
 * Both are final: a write into a pipe nobody reads never wakes up. No guessed delay:
 * this looks at /proc every few milliseconds until one of the two is true.
 */
export async function waitUntilSettled(child: ChildProcess, everyMs = 5): Promise<'exited' | 'blocked'> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited';
    if (child.pid !== undefined && isBlockedWritingPipe(child.pid)) return 'blocked';
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
