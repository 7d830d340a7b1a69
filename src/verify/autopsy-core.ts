// The part of an autopsy verify compares: what every program thread waits on, the pipes
// between them, and the diagnosis. Left out, because they change between two runs on one
// machine or between machines without the program changing (measured with
// bench/verify-stability.ts): Python/Node stacks (whether they can be taken depends on
// where a thread happens to be blocked), runtime thread names that come with them,
// housekeeping threads and groups (V8 sizes its pool by core count), remaining timeouts,
// syscall numbers (they differ per architecture). The recorded block keeps the whole autopsy.
import type { Autopsy } from '../runner/autopsy/index.ts';

class Renumber {
  private map = new Map<number, number>();
  add(n: number): number { let v = this.map.get(n); if (v === undefined) this.map.set(n, (v = this.map.size + 1)); return v; }
  get(n: number | null): number | null { return n === null ? null : n <= 0 ? n : (this.map.get(n) ?? 0); }
}

/** A normalized autopsy reduced to what a re-run must reproduce. */
export function autopsyCore(a: Autopsy): unknown {
  if (!a.available) return { available: false, note: a.note };
  const kept = a.processes.filter((p) => !p.housekeeping);
  const pids = new Renumber();
  for (const p of kept) pids.add(p.pid);
  return {
    diagnosis: a.diagnosis,
    processes: kept.map((p) => {
      const tids = new Renumber();
      const threads = p.threads.filter((t) => !t.housekeeping);
      for (const t of threads) tids.add(t.tid);
      return {
        pid: pids.get(p.pid), ppid: pids.get(p.ppid), cmdline: p.cmdline, runtime: p.runtime,
        fds: p.fds,
        threads: threads.map((t) => ({
          tid: tids.get(t.tid), main: t.isMain, state: t.state, wchan: t.wchan,
          syscall: { name: t.syscall.name, timed: t.syscall.timed, fd: t.syscall.fd, bytes: t.syscall.bytes, waitPid: pids.get(t.syscall.waitPid) },
          joins: tids.get(t.joins),
        })),
        ...(p.handles ? { handles: p.handles.map((h) => ({ ...h, pid: pids.get(h.pid) })) } : {}),
      };
    }),
    channels: a.channels,
  };
}

/**
 * A measurement the autopsy could not take this time (a leaf that is null now but was not
 * when frozen: the pipe-fill helper timed out under load, say) is "not measured", not a
 * contradiction: it takes the frozen value and is counted, so verify can say so.
 */
export function fillUnmeasured(frozen: unknown, fresh: unknown): { value: unknown; unmeasured: number } {
  if (fresh === null && frozen !== null && (typeof frozen !== 'object')) return { value: frozen, unmeasured: 1 };
  if (Array.isArray(frozen) && Array.isArray(fresh) && frozen.length === fresh.length) {
    let unmeasured = 0;
    const value = fresh.map((f, i) => { const r = fillUnmeasured(frozen[i], f); unmeasured += r.unmeasured; return r.value; });
    return { value, unmeasured };
  }
  if (frozen && fresh && typeof frozen === 'object' && typeof fresh === 'object' && !Array.isArray(frozen) && !Array.isArray(fresh)) {
    let unmeasured = 0;
    const value: Record<string, unknown> = {};
    for (const [k, f] of Object.entries(fresh as Record<string, unknown>)) {
      const r = fillUnmeasured((frozen as Record<string, unknown>)[k] ?? null, f);
      unmeasured += r.unmeasured;
      value[k] = r.value;
    }
    return { value, unmeasured };
  }
  return { value: fresh, unmeasured: 0 };
}
