// /proc files kept open and re-read in place: one pread from offset 0 regenerates a seq_file's
// text (a thread's stat, schedstat, syscall), where open, read and close cost five to eight
// times as much here. An fd stays bound to the task it was opened on: once the task is gone its
// reads fail (ESRCH) and the file is dropped, never read for a new task that took the same id.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/** Most /proc files one sampler keeps open; past it, files are opened for each read. */
const MAX_OPEN = 1536;
const buffer = Buffer.allocUnsafe(16 * 1024);

export function readOnce(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

/** Open /proc files, re-read from offset 0 (a seq_file regenerates its text on each such read). */
export class OpenFiles {
  private fds = new Map<string, number>();

  read(path: string): string | null {
    let fd = this.fds.get(path);
    if (fd === undefined) {
      if (this.fds.size >= MAX_OPEN) return readOnce(path);
      try {
        fd = openSync(path, 'r');
      } catch {
        return null;
      }
      this.fds.set(path, fd);
    }
    try {
      let n = readSync(fd, buffer, 0, buffer.length, 0);
      if (n < buffer.length) return buffer.toString('latin1', 0, n);
      // Longer than the buffer (a long children list): read it whole.
      const parts = [Buffer.from(buffer)];
      for (let at = n; n > 0; at += n) {
        n = readSync(fd, buffer, 0, buffer.length, at);
        parts.push(Buffer.from(buffer.subarray(0, n)));
      }
      return Buffer.concat(parts).toString('latin1');
    } catch {
      // The task is gone (ESRCH): an fd stays bound to the task it was opened on, never a new one.
      this.drop(path);
      return null;
    }
  }

  drop(path: string): void {
    const fd = this.fds.get(path);
    if (fd === undefined) return;
    this.fds.delete(path);
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
  }

  /** Closes every file under a folder (a thread or process that is gone). */
  dropUnder(dir: string): void {
    for (const path of [...this.fds.keys()]) if (path.startsWith(dir)) this.drop(path);
  }

  close(): void {
    for (const path of [...this.fds.keys()]) this.drop(path);
  }
}
