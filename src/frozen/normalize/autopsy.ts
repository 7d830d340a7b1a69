// The machine-independent form: pids → P1, P2…, thread ids → T1…, inodes → pipe A…, paths
// relative to the repository or the runtime's library, stable order.
import { treeOrder } from '../../runner/schema.ts';
import type { Autopsy, Frame, Process } from '../../runner/schema.ts';
import { readerPath as normalizePath } from './paths.ts';
import { inodesOf, Numbering, wait, type Numberings } from './waits.ts';

function normalizeCmdline(cmd: string[]): string[] {
  return cmd.map((arg, i) =>
    i === 0 ? arg.slice(arg.lastIndexOf('/') + 1) : arg.startsWith('/') ? normalizePath(arg) : arg,
  );
}

const frame = (f: Frame): Frame => ({ ...f, file: normalizePath(f.file) });

export function normalizeAutopsy(a: Autopsy): Autopsy {
  if (a.status === 'failed') return a;
  if (a.normalized) return { ...a, costMs: 0, phases: { procMs: 0, waitMs: 0 } };
  const pids = new Numbering();
  const tids = new Numbering();
  const inodes = new Numbering();
  const ordered = treeOrder(a.processes, a.rootPid);
  for (const p of ordered) pids.of(p.pid);
  for (const p of ordered)
    for (const t of [...p.threads].sort((x, y) => Number(!x.isMain) - Number(!y.isMain) || x.tid - y.tid))
      tids.of(t.tid);
  // Pipes a thread is blocked on come first: the one a story is about is pipe A on any machine.
  const first = (inode: number) => {
    inodes.of(inode);
    const peer = a.channels.find((c) => c.inode === inode)?.peer;
    if (peer != null) inodes.of(peer);
  };
  for (const p of ordered) {
    const waited = [
      ...p.threads.filter((t) => !t.housekeeping && t.syscall.fd !== null).map((t) => t.syscall.fd!),
      ...(p.handles ?? []).filter((h) => (h.writeQueue ?? 0) > 0 && h.fd !== null).map((h) => h.fd!),
    ];
    for (const fd of waited) {
      const f = p.fds.find((x) => x.fd === fd);
      if (f) first(f.inode);
    }
  }
  // Then what a thread waits on through select/poll/epoll and another process holds; then the rest,
  // in the order of the fds that hold them.
  for (const p of ordered)
    for (const t of p.threads)
      if (t.wait?.on.kind === 'poll')
        for (const w of t.wait.on.fds) if (w.wakers.inside.some((x) => x.pid !== p.pid)) inodesOf(w.on).forEach(first);
  for (const p of ordered) for (const f of p.fds) inodes.of(f.inode);
  for (const c of a.channels) {
    inodes.of(c.inode);
    if (c.peer !== null) inodes.of(c.peer);
  }
  // Children a Node process started that are no longer in the tree are numbered after it.
  for (const p of ordered) for (const c of p.spawned ?? []) pids.of(c.pid);
  const nums: Numberings = { pids, tids, inodes, files: new Numbering(), eventfds: new Numbering() };

  const processes: Process[] = ordered.map((p) => ({
    ...p,
    pid: pids.of(p.pid),
    ppid: pids.known(p.ppid),
    cmdline: normalizeCmdline(p.cmdline),
    fds: p.fds.map((f) => ({ ...f, inode: inodes.of(f.inode) })),
    threads: p.threads
      .map((t) => ({
        ...t,
        tid: tids.of(t.tid),
        joins: t.joins === null ? null : tids.known(t.joins),
        syscall: {
          ...t.syscall,
          waitPid:
            t.syscall.waitPid !== null && t.syscall.waitPid > 0 ? pids.known(t.syscall.waitPid) : t.syscall.waitPid,
        },
        stack: t.stack?.map(frame) ?? null,
        wait: t.wait ? wait(t.wait, nums) : null,
      }))
      .sort((x, y) => x.tid - y.tid),
    handles: p.handles?.map((h) => ({ ...h, pid: h.pid === null ? null : pids.known(h.pid) })) ?? null,
    spawned: p.spawned?.map((c) => ({ ...c, pid: pids.known(c.pid) })) ?? null,
  }));
  const n: Autopsy = {
    ...a,
    normalized: true,
    rootPid: pids.known(a.rootPid),
    costMs: 0,
    phases: { procMs: 0, waitMs: 0 },
    processes,
    channels: a.channels
      .map((c) => ({
        ...c,
        inode: inodes.of(c.inode),
        peer: c.peer === null ? null : inodes.of(c.peer),
        socket: c.socket && { ...c.socket, path: c.socket.path === null ? null : normalizePath(c.socket.path) },
      }))
      .sort((x, y) => x.inode - y.inode),
  };
  return n;
}
