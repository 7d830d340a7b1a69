// A TypeScript twin of Python's multiprocessing.Queue, over a real kernel pipe.
//
// Python's queue is an os.pipe() that parent and child both inherit, plus a
// background "feeder" thread: put() only hands the object over and returns, the
// feeder writes a 4-byte big-endian length and the serialized bytes into the pipe,
// and a process cannot exit while its feeder still has bytes to write.
//
// This port keeps every part of that, with Node's own pieces:
//   - the pipe is a FIFO made with `mkfifo` (Node cannot call pipe(2)), opened
//     once for reading and once for writing, then unlinked: two fds on a pipe
//     nobody else can open, exactly like os.pipe();
//   - the child inherits both ends as fd 3 (read) and fd 4 (write);
//   - put() serializes (JSON by default, v8.serialize on request), frames it
//     and hands the write to libuv's thread pool (async fs.write): it returns at
//     once, and the process cannot exit while that write is pending;
//   - get() reads exactly one frame (blocking a pool thread, as Python's get
//     blocks), so it never drains more than the message it returns.
//
// Differences, on purpose: Python serializes inside the feeder thread and writes
// a large message as two write() calls (header, then body); here put() serializes
// at once and the frame is one write. Neither changes how many bytes fit.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, read, rmSync, write } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/** How an object becomes bytes on the pipe. */
export type Serializer = 'json' | 'v8';

export interface QueueOptions {
  /** @default 'json' */
  serializer?: Serializer;
}

/** Bytes of the length header in front of every message (Python's struct "!i"). */
export const HEADER_BYTES = 4;

/** The bytes an object occupies on the pipe: a big-endian length, then its serialization. */
export function frame(obj: unknown, serializer: Serializer = 'json'): Buffer {
  const body = serializer === 'v8' ? serialize(obj) : Buffer.from(JSON.stringify(obj), 'utf8');
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeInt32BE(body.length);
  return Buffer.concat([header, body]);
}

function decode(body: Buffer, serializer: Serializer): unknown {
  return serializer === 'v8' ? deserialize(body) : JSON.parse(body.toString('utf8'));
}

// One write(2) in libuv's pool; loops if the kernel took only part of it.
function writeAll(fd: number, buf: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    write(fd, buf, 0, buf.length, null, (err, n) => {
      if (err) reject(err);
      else if (n < buf.length) writeAll(fd, buf.subarray(n)).then(resolve, reject);
      else resolve();
    });
  });
}

// Read exactly n bytes (a pipe read returns whatever is there, so loop).
function readExactly(fd: number, n: number): Promise<Buffer> {
  const buf = Buffer.alloc(n);
  let got = 0;
  return new Promise((resolve, reject) => {
    const step = (): void => {
      if (got === n) return resolve(buf);
      read(fd, buf, got, n - got, null, (err, k) => {
        if (err) return reject(err);
        if (k === 0) return reject(new Error('queue: every write end is closed (EOF)'));
        got += k;
        step();
      });
    };
    step();
  });
}

/** A pipe with a length-prefixed message protocol, shared by a parent and its children. */
export class Queue {
  /** The read end and the write end; a child sees them as fd 3 and fd 4. */
  readonly readFd: number;
  readonly writeFd: number;
  readonly serializer: Serializer;
  #writes: Promise<void> = Promise.resolve();
  #reads: Promise<unknown> = Promise.resolve();

  private constructor(readFd: number, writeFd: number, serializer: Serializer) {
    this.readFd = readFd;
    this.writeFd = writeFd;
    this.serializer = serializer;
  }

  /** In the parent: make a fresh pipe (a FIFO, opened at both ends, then unlinked). */
  static create(options: QueueOptions = {}): Queue {
    const dir = mkdtempSync(joinPath(tmpdir(), 'hangtime-queue-'));
    const path = joinPath(dir, 'pipe');
    try {
      execFileSync('mkfifo', ['-m', '600', path]);
      // Opening a FIFO blocks until the other end is open: open the read end
      // non-blocking first, then the write end, then a blocking read end.
      const probe = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
      const writeFd = openSync(path, constants.O_WRONLY);
      const readFd = openSync(path, constants.O_RDONLY);
      closeSync(probe);
      return new Queue(readFd, writeFd, options.serializer ?? 'json');
    } finally {
      rmSync(dir, { recursive: true, force: true }); // unlinked: only our fds reach it now
    }
  }

  /** In a child started by startProcess(): the queue it inherited as fd 3 and fd 4. */
  static inherit(options: QueueOptions = {}): Queue {
    return new Queue(3, 4, options.serializer ?? 'json');
  }

  /** Serialize, frame, and hand the write to a background thread. Returns at once. */
  put(obj: unknown): void {
    const buf = frame(obj, this.serializer);
    this.#writes = this.#writes.then(() => writeAll(this.writeFd, buf));
    this.#writes.catch((err) => console.error(`queue: write failed: ${err.message}`));
  }

  /** Resolves when every put() so far has reached the pipe (that may be never). */
  flushed(): Promise<void> {
    return this.#writes;
  }

  /** Read one message; waits (forever, if nobody puts) like Python's get(). */
  get(): Promise<unknown> {
    const next = this.#reads.then(async () => {
      const header = await readExactly(this.readFd, HEADER_BYTES);
      const body = await readExactly(this.readFd, header.readInt32BE(0));
      return decode(body, this.serializer);
    });
    this.#reads = next.catch(() => undefined);
    return next;
  }

  /** Close both ends in this process. */
  close(): void {
    closeSync(this.readFd);
    closeSync(this.writeFd);
  }
}

/**
 * Start `file` (a snippet, usually the caller's own `import.meta.filename`) as a child
 * process that inherits the queue as fd 3 and fd 4, and this process's stdout/stderr.
 * Like multiprocessing's spawn: same interpreter, same flags (e.g. `--import tsx`).
 */
export function startProcess(file: string, args: string[], queue: Queue): ChildProcess {
  return spawn(process.execPath, [...process.execArgv, file, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', queue.readFd, queue.writeFd],
  });
}

/** Wait for a child to end, like Process.join(); resolves to its exit code (null if killed). */
export function join(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
