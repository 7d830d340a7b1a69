// The capacity of a pipe this process already holds, measured in place and
// without starting another process (so it leaves no trace in a run's timeline):
// open a second, non-blocking write end and read end through /proc/self/fd,
// write one byte at a time until the kernel answers EAGAIN, then read it all back.
// The pipe must be empty and nobody else may use it meanwhile.
import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';

export function measurePipe(readFd: number, writeFd: number): number {
  const writer = openSync(`/proc/self/fd/${writeFd}`, constants.O_WRONLY | constants.O_NONBLOCK);
  const reader = openSync(`/proc/self/fd/${readFd}`, constants.O_RDONLY | constants.O_NONBLOCK);
  const byte = Buffer.from('x');
  let held = 0;
  try {
    for (;;) {
      writeSync(writer, byte);
      held += 1;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
  }
  const sink = Buffer.alloc(64 * 1024);
  for (let left = held; left > 0; ) left -= readSync(reader, sink, 0, Math.min(sink.length, left), null);
  closeSync(writer);
  closeSync(reader);
  return held;
}
