// Output capture over real kernel pipes (not Node's default socketpair): a FIFO per stream,
// opened here and unlinked, its write end handed to the child. The read end is wrapped in a
// net.Socket, which polls the fd on the event loop (an fs stream would tie up libuv's pool).
import { execFile } from 'node:child_process';
import { constants, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { makeRunDir } from './contain/registry.ts';
import type { Chunk } from './result.ts';

export interface PipePair {
  readFd: number;
  writeFd: number;
}

const POOL_SIZE = 32;
/** Below this many FIFOs left, the next batch is started in the background. */
const LOW_WATER = 4;
let pool: string[] = [];
let poolDir: string | null = null;
let poolSerial = 0;
let refilling: Promise<void> | null = null;

/**
 * Starts making the next batch of FIFO paths, unless enough are made or a batch is on its way;
 * resolves when the pool has some. Node cannot call pipe(2) or mkfifo(3), and the mkfifo command
 * takes ~10 ms, so one mkfifo makes a batch, in the background: `hangtime run` starts it before
 * loading the rest of the engine, and a run that takes the pool low starts the next. Rejects when
 * mkfifo cannot run (no coreutils, no room for the folder).
 */
export function warmPipes(): Promise<void> {
  if (pool.length >= LOW_WATER) return Promise.resolve();
  if (refilling) return refilling;
  // Named for this engine: the next start removes it if this one is killed before its exit hook.
  poolDir ??= makeRunDir('fifos');
  const batch = Array.from({ length: POOL_SIZE }, () => join(poolDir!, `f${poolSerial++}`));
  refilling = new Promise<void>((resolve, reject) => {
    execFile('mkfifo', ['-m', '600', ...batch], (error) => {
      refilling = null;
      if (error) return reject(new Error(`mkfifo could not make the run's output pipes: ${error.message}`));
      pool.push(...batch);
      resolve();
    });
  });
  return refilling;
}

process.on('exit', () => {
  if (poolDir) rmSync(poolDir, { recursive: true, force: true });
});

/** `count` real pipes: each a FIFO opened at both ends, then unlinked, leaving two fds. */
export async function makePipes(count: number): Promise<PipePair[]> {
  while (pool.length < count) await warmPipes();
  const pipes = pool.splice(-count).map((p) => {
    const readFd = openSync(p, constants.O_RDONLY | constants.O_NONBLOCK);
    const writeFd = openSync(p, constants.O_WRONLY);
    rmSync(p);
    return { readFd, writeFd };
  });
  void warmPipes().catch(() => {
    /* the next makePipes tries again, and says why */
  });
  return pipes;
}

export class Transcript {
  readonly chunks: Chunk[] = [];
  totalBytes = 0;
  droppedBytes = 0;
  private kept = 0;
  private decoders = { stdout: new TextDecoder('utf-8'), stderr: new TextDecoder('utf-8') };

  private maxBytes: number;
  private now: () => number;
  private onChunk?: (c: Chunk) => void;

  constructor(maxBytes: number, now: () => number, onChunk?: (c: Chunk) => void) {
    this.maxBytes = maxBytes;
    this.now = now;
    this.onChunk = onChunk;
  }

  /** Invalid UTF-8 becomes U+FFFD (TextDecoder, non-fatal); ANSI escapes are kept as they are. */
  add(stream: 'stdout' | 'stderr', buf: Buffer): void {
    this.totalBytes += buf.length;
    const room = Math.max(0, this.maxBytes - this.kept);
    if (buf.length > room) {
      this.droppedBytes += buf.length - room;
      buf = buf.subarray(0, room);
    }
    this.kept += buf.length;
    const text = this.decoders[stream].decode(buf, { stream: true });
    if (!text) return;
    const c: Chunk = { stream, t: Math.round(this.now() * 10) / 10, text };
    const last = this.chunks.at(-1);
    // Merge a chunk into the previous one only when nothing could have come between them.
    if (last && last.stream === stream && c.t - last.t < 1) last.text += text;
    else this.chunks.push(c);
    this.onChunk?.(c);
  }

  finish(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.decoders[stream].decode();
      if (rest) this.chunks.push({ stream, t: this.now(), text: rest });
    }
    if (this.droppedBytes > 0) {
      this.chunks.push({
        stream: 'engine',
        t: this.now(),
        text: `[hangtime: output capped at ${this.maxBytes} bytes; ${this.droppedBytes} more bytes dropped]\n`,
      });
    }
  }
}

/** Reads a pipe's read end until EOF; resolves when it ends (or is destroyed). */
export function readPipe(fd: number, onData: (b: Buffer) => void): { socket: Socket; ended: Promise<void> } {
  const socket = new Socket({ fd, readable: true, writable: false });
  const ended = new Promise<void>((resolve) => {
    socket.on('data', onData);
    socket.on('end', resolve);
    socket.on('close', resolve);
    socket.on('error', () => resolve());
  });
  return { socket, ended };
}
