// The part of an autopsy verify compares: what every program thread waits on, the pipes
// between them, and the diagnosis. Left out, because they change between two runs on one
// machine or between machines without the program changing (measured with
// bench/verify-stability.ts): Python/Node stacks (whether they can be taken depends on
// where a thread happens to be blocked), runtime thread names that come with them,
// housekeeping threads and groups (V8 sizes its pool by core count), remaining timeouts,
// syscall numbers (they differ per architecture), port numbers (a listen(0) gets any), the order
// of an epoll set (kernel addresses), the loop's own plumbing among watched fds, and what the
// wait-for facts could not identify (a thread that moves while read). The recorded block keeps the
// whole autopsy.
import type { Autopsy, StoredOn as On, StoredWait as ThreadWait } from '../runner/schema.ts';

class Renumber {
  private map = new Map<number, number>();
  add(n: number): number {
    let v = this.map.get(n);
    if (v === undefined) this.map.set(n, (v = this.map.size + 1));
    return v;
  }
  get(n: number | null): number | null {
    return n === null ? null : n <= 0 ? n : (this.map.get(n) ?? 0);
  }
}

/** A thread's wait, reduced: what it waits on, which processes of the tree (how many parties outside) could end it. */
function waitCore(w: ThreadWait | null, pid: number, pids: Renumber): unknown {
  if (!w) return null;
  const inside = (x: ThreadWait['wakers']) =>
    [...new Set(x.inside.map((y) => `${pids.get(y.pid)} ${y.role.role}`))].sort();
  const on = (o: On): unknown =>
    o.kind === 'poll'
      ? {
          kind: 'poll',
          // Only what another process (or someone outside) could make ready; by fd, not kernel order.
          fds: o.fds
            .filter((x) => x.wakers.inside.some((y) => y.pid !== pid) || x.wakers.outside.length)
            .sort((x, y) => x.fd - y.fd)
            .map((x) => ({ fd: x.fd, on: on(x.on), inside: inside(x.wakers), outside: x.wakers.outside.length })),
        }
      : { kind: o.kind, ...('op' in o ? { op: o.op } : {}), ...('state' in o ? { state: o.state } : {}) };
  return { on: on(w.on), inside: inside(w.wakers), outside: w.wakers.outside.length, timer: w.wakers.timer !== null };
}

/** A normalized autopsy reduced to what a re-run must reproduce. */
export function autopsyCore(a: Autopsy): unknown {
  if (a.status === 'failed') return { status: 'failed', reason: a.reason };
  const kept = a.processes.filter((p) => !p.housekeeping);
  const pids = new Renumber();
  for (const p of kept) pids.add(p.pid);
  return {
    processes: kept.map((p) => {
      const tids = new Renumber();
      const threads = p.threads.filter((t) => !t.housekeeping);
      for (const t of threads) tids.add(t.tid);
      return {
        pid: pids.get(p.pid),
        ppid: pids.get(p.ppid),
        cmdline: p.cmdline,
        runtime: p.runtime,
        fds: p.fds,
        threads: threads.map((t) => ({
          tid: tids.get(t.tid),
          main: t.isMain,
          state: t.state,
          wchan: t.wchan,
          syscall: {
            name: t.syscall.name,
            timed: t.syscall.timed,
            fd: t.syscall.fd,
            bytes: t.syscall.bytes,
            waitPid: pids.get(t.syscall.waitPid),
          },
          joins: tids.get(t.joins),
          wait: waitCore(t.wait, p.pid, pids),
        })),
        ...(p.handles ? { handles: p.handles.map((h) => ({ ...h, pid: pids.get(h.pid) })) } : {}),
        state: p.state,
        exit: p.exit,
        ...(p.spawned ? { spawned: p.spawned.map((c) => ({ exit: c.exit, stdio: c.stdio })) } : {}),
      };
    }),
    channels: a.channels.map((c) => ({
      ...c,
      socket: c.socket && {
        ...c.socket,
        local: c.socket.local && c.socket.local.address,
        remote: c.socket.remote && c.socket.remote.address,
      },
    })),
  };
}

/**
 * A measurement the autopsy could not take (a leaf that is null on one side only: the
 * pipe-fill helper timed out under load, say) is "not measured", not a contradiction.
 * `compared` takes the frozen leaf wherever either side is null, so such leaves never show
 * in a diff; `merged` keeps every measurement either side has, for --update to write;
 * `unmeasured` counts leaves missing now, `gained` leaves measured now but not when frozen.
 */
export function fillUnmeasured(
  frozen: unknown,
  fresh: unknown,
): { compared: unknown; merged: unknown; unmeasured: number; gained: number } {
  const leaf = (v: unknown) => v === null || typeof v !== 'object';
  if (fresh === null && frozen !== null && leaf(frozen))
    return { compared: frozen, merged: frozen, unmeasured: 1, gained: 0 };
  if (frozen === null && fresh !== null && leaf(fresh))
    return { compared: null, merged: fresh, unmeasured: 0, gained: 1 };
  const out = { unmeasured: 0, gained: 0 };
  const add = (r: { unmeasured: number; gained: number }) => {
    out.unmeasured += r.unmeasured;
    out.gained += r.gained;
  };
  if (Array.isArray(frozen) && Array.isArray(fresh) && frozen.length === fresh.length) {
    const parts = fresh.map((f, i) => fillUnmeasured(frozen[i], f));
    parts.forEach(add);
    return { compared: parts.map((p) => p.compared), merged: parts.map((p) => p.merged), ...out };
  }
  if (
    frozen &&
    fresh &&
    typeof frozen === 'object' &&
    typeof fresh === 'object' &&
    !Array.isArray(frozen) &&
    !Array.isArray(fresh)
  ) {
    const compared: Record<string, unknown> = {};
    const merged: Record<string, unknown> = {};
    for (const [k, f] of Object.entries(fresh as Record<string, unknown>)) {
      const r = fillUnmeasured((frozen as Record<string, unknown>)[k] ?? null, f);
      add(r);
      compared[k] = r.compared;
      merged[k] = r.merged;
    }
    return { compared, merged, ...out };
  }
  return { compared: fresh, merged: fresh, unmeasured: 0, gained: 0 };
}
