// The reading order of a tree's processes, shared by the autopsy and its normalized form.

/** Root first, then each process's children in pid order (depth first): a stable reading order. */
export function treeOrder<T extends { pid: number; ppid: number }>(procs: T[], rootPid: number): T[] {
  const pids = new Set(procs.map((p) => p.pid));
  const roots = procs
    .filter((p) => p.pid === rootPid || !pids.has(p.ppid))
    .sort((a, b) => (a.pid === rootPid ? -1 : b.pid === rootPid ? 1 : a.pid - b.pid));
  const out: T[] = [];
  const visit = (p: T) => {
    out.push(p);
    for (const c of procs.filter((x) => x.ppid === p.pid && x.pid !== rootPid).sort((a, b) => a.pid - b.pid)) visit(c);
  };
  for (const r of roots) visit(r);
  return out;
}
