// The wakers of one wait as they are collected: each process once, inside the run or outside it
// by its pid; each outside door, unknown and timer once.
import type { Context } from './context.ts';
import type { OutsideWaker, Role, Wakers } from './facts.ts';

export const emptyWakers = (): Wakers => ({ inside: [], outside: [], timer: null, unknown: [] });

/** Collects wakers without duplicates, each process inside or outside the run by its pid. */
export class Builder {
  readonly w = emptyWakers();
  private readonly ctx: Context;
  constructor(ctx: Context) {
    this.ctx = ctx;
  }

  process(pid: number, role: Role): void {
    if (pid <= 0) return;
    const command = this.ctx.command(pid);
    if (this.ctx.run.has(pid)) {
      if (!this.w.inside.some((x) => x.pid === pid)) this.w.inside.push({ pid, command, role });
    } else if (!this.w.outside.some((x) => x.kind === 'process' && x.pid === pid)) {
      this.w.outside.push({ kind: 'process', pid, command, role });
    }
  }

  outside(o: OutsideWaker): void {
    const key = JSON.stringify(o);
    if (!this.w.outside.some((x) => JSON.stringify(x) === key)) this.w.outside.push(o);
  }

  unknown(what: string): void {
    if (!this.w.unknown.includes(what)) this.w.unknown.push(what);
  }
  timer(what: string): void {
    this.w.timer ??= what;
  }

  merge(o: Wakers): void {
    for (const x of o.inside) this.process(x.pid, x.role);
    for (const x of o.outside) {
      if (x.kind === 'process') this.process(x.pid, x.role);
      else this.outside(x);
    }
    for (const u of o.unknown) this.unknown(u);
    if (o.timer) this.timer(o.timer);
  }

  /** Every holder of an fd on `target` with one of the wanted ends (null: any end). */
  holders(
    target: string,
    ends: ('read' | 'write' | 'both')[] | null,
    file?: { dev: string; inode: number; waiter: number },
  ): number {
    const fds = this.ctx.fds();
    const list = file ? fds.holdersOfFile(target, file.dev, file.inode, file.waiter) : fds.holders(target);
    let n = 0;
    for (const h of list) {
      const end = ends ? fds.endOf(h.pid, h.fd) : null;
      if (ends && (!end || !ends.includes(end))) continue;
      this.process(h.pid, { role: 'holds', fd: h.fd, object: target, end });
      n++;
    }
    return n;
  }
}

export function mergeWakers(ctx: Context, a: Wakers, c: Wakers): Wakers {
  const b = new Builder(ctx);
  b.merge(a);
  b.merge(c);
  return b.w;
}
