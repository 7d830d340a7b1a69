// Who holds what, across the whole machine: every process's fds by what they point to
// ('pipe:[123]', 'socket:[456]', '/tmp/x (deleted)', 'anon_inode:[eventfd]'). A holder outside
// the run is an outside waker, so the run's own fds are not enough.
import { fileId, numericEntries, readLink, readText } from './proc-files.ts';

export interface Holder {
  pid: number;
  fd: number;
  target: string;
}

export class FdIndex {
  readonly byTarget = new Map<string, Holder[]>();
  /** Processes whose fd table could not be read (another user's, without privilege). */
  readonly unreadable: number[] = [];
  private readonly root: string;
  private fdinfoCache = new Map<string, string | null>();

  /** `kernelThreads`: pids known to be kernel threads (they hold no fds): not read. */
  constructor(root: string, kernelThreads: Set<number> = new Set()) {
    this.root = root;
    for (const pid of numericEntries(root) ?? []) {
      if (kernelThreads.has(pid)) continue;
      const fds = numericEntries(`${root}/${pid}/fd`);
      if (!fds) {
        if (!isKernelThread(root, pid) && readText(`${root}/${pid}/stat`) !== null) this.unreadable.push(pid);
        continue;
      }
      for (const fd of fds) {
        const target = readLink(`${root}/${pid}/fd/${fd}`);
        if (target === null) continue;
        const list = this.byTarget.get(target);
        const h = { pid, fd, target };
        if (list) list.push(h);
        else this.byTarget.set(target, [h]);
      }
    }
  }

  holders(target: string): Holder[] {
    return this.byTarget.get(target) ?? [];
  }

  /**
   * Holders of the same file as `target` (a path as the waiter sees it), checked by device and
   * inode: a name can be reused. A process in another mount namespace sees the file under another
   * path, so every path it holds is checked too. Not found: the same file opened under another
   * name in the same namespace (a hard link, a bind mount).
   */
  holdersOfFile(target: string, dev: string, inode: number, waiter: number): Holder[] {
    const same = (h: Holder) => {
      const id = fileId(`${this.root}/${h.pid}/fd/${h.fd}`);
      return id !== null && id.dev === dev && id.inode === inode;
    };
    const ns = this.mountNs(waiter);
    const out = this.holders(target).filter(same);
    for (const [t, list] of this.byTarget) {
      if (t === target || !t.startsWith('/')) continue;
      for (const h of list) if (this.mountNs(h.pid) !== ns && same(h)) out.push(h);
    }
    return out;
  }

  private nsCache = new Map<number, string | null>();
  private mountNs(pid: number): string | null {
    if (!this.nsCache.has(pid)) this.nsCache.set(pid, readLink(`${this.root}/${pid}/ns/mnt`));
    return this.nsCache.get(pid)!;
  }

  fdinfo(pid: number, fd: number): string | null {
    const key = `${pid}/${fd}`;
    if (!this.fdinfoCache.has(key)) this.fdinfoCache.set(key, readText(`${this.root}/${pid}/fdinfo/${fd}`));
    return this.fdinfoCache.get(key)!;
  }

  /** The end of a pipe or FIFO an fd holds, from the octal access mode in its fdinfo. */
  endOf(pid: number, fd: number): 'read' | 'write' | 'both' | null {
    return accessMode(this.fdinfo(pid, fd));
  }
}

export function accessMode(fdinfo: string | null): 'read' | 'write' | 'both' | null {
  const m = /^flags:\s*([0-7]+)/m.exec(fdinfo ?? '');
  if (!m) return null;
  const mode = parseInt(m[1]!, 8) & 3;
  return mode === 0 ? 'read' : mode === 1 ? 'write' : 'both';
}

/** Kernel threads (PF_KTHREAD in /proc/PID/stat's flags) hold no fds; their fd table is often unreadable. */
function isKernelThread(root: string, pid: number): boolean {
  const stat = readText(`${root}/${pid}/stat`);
  if (!stat) return true;
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[6]) & 0x200000) !== 0;
}
