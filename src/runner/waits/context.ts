// What one analysis reads, each part once and only when a wait needs it: the machine's fds, a
// network namespace's socket tables, /proc/locks, the mappers of a shared object. Each part's
// cost is recorded so the bench can say where the time goes.
import type { RunProcess } from './facts.ts';
import { findMappers } from './futex.ts';
import { FdIndex } from './holders.ts';
import { readLocks, type LockRow } from './locks.ts';
import { readLink, readText } from './proc-files.ts';
import { NetTables } from './sockets.ts';
import { commandOf, type RawThread } from './threads.ts';
import type { UnixPeers } from './unix-diag.ts';

export class Context {
  readonly root: string;
  readonly run: Map<number, RunProcess>;
  readonly threads: RawThread[];
  readonly cost: Record<string, number> = {};
  /** Set between the two phases, once the UNIX socket peers are known. */
  unix: UnixPeers | null = null;
  private fdIndex: FdIndex | null = null;
  private nets = new Map<string, NetTables>();
  private lockRows: LockRow[] | null = null;
  private mappers = new Map<string, ReturnType<typeof findMappers>>();
  /** Processes whose fds or maps could not be read: a holder among them would go unseen. */
  readonly unreadable = new Set<number>();
  private commands = new Map<number, string>();
  private statuses = new Map<number, string | null>();

  private readonly kernelThreads: Set<number>;

  constructor(root: string, processes: RunProcess[], threads: RawThread[], kernelThreads: Set<number> = new Set()) {
    this.root = root;
    this.run = new Map(processes.map((p) => [p.pid, p]));
    this.threads = threads;
    this.kernelThreads = kernelThreads;
  }

  timed<T>(step: string, f: () => T): T {
    const t = performance.now();
    try {
      return f();
    } finally {
      this.cost[step] = (this.cost[step] ?? 0) + performance.now() - t;
    }
  }

  fds(): FdIndex {
    if (!this.fdIndex) {
      this.fdIndex = this.timed('fd scan', () => new FdIndex(this.root, this.kernelThreads));
      for (const pid of this.fdIndex.unreadable) this.unreadable.add(pid);
    }
    return this.fdIndex;
  }

  /** The socket tables of the waiting process's network namespace. */
  net(pid: number): NetTables {
    const ns = readLink(`${this.root}/${pid}/ns/net`) ?? `pid ${pid}`;
    let t = this.nets.get(ns);
    if (!t) {
      t = new NetTables(this.root, pid);
      this.nets.set(ns, t);
    }
    return t;
  }

  locks(): LockRow[] {
    return (this.lockRows ??= this.timed('locks', () => readLocks(this.root)));
  }

  mappersOf(dev: string, inode: number): ReturnType<typeof findMappers> {
    const key = `${dev} ${inode}`;
    let m = this.mappers.get(key);
    if (!m) {
      m = this.timed('maps scan', () => findMappers(this.root, dev, inode, this.unreadable));
      this.mappers.set(key, m);
    }
    return m;
  }

  command(pid: number): string {
    let c = this.commands.get(pid);
    if (c === undefined) {
      c = this.run.get(pid)?.command ?? commandOf(this.root, pid);
      this.commands.set(pid, c);
    }
    return c;
  }

  status(pid: number): string | null {
    if (!this.statuses.has(pid)) this.statuses.set(pid, readText(`${this.root}/${pid}/status`));
    return this.statuses.get(pid)!;
  }

  /** Children of a process: every thread's children file, then each child's state and group. */
  children(pid: number): { pid: number; state: string; pgrp: number }[] {
    const out: { pid: number; state: string; pgrp: number }[] = [];
    const tids = this.threads.filter((t) => t.pid === pid).map((t) => t.tid);
    for (const tid of tids.length ? tids : [pid]) {
      const text = readText(`${this.root}/${pid}/task/${tid}/children`);
      for (const c of text?.split(' ') ?? []) {
        if (!c.trim()) continue;
        const stat = readText(`${this.root}/${c}/stat`);
        if (!stat) continue;
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.push({ pid: Number(c), state: f[0]!, pgrp: Number(f[2]) });
      }
    }
    return out;
  }
}
