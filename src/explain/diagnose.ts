// From the wait graph to a few sentences a reader can follow: start at a thread blocked on a
// pipe or socket, say who holds the other end and what each holder is doing, follow the chain
// until it closes, then say that nobody can move. General: no program's names in here.
import { findCycle, otherEnd, waitGraph, type Holder, type Wait } from './graph.ts';
import { channelLabel, group3, possessive, programProcesses, roleOf, syscallText, threadName } from './labels.ts';
import type { Autopsy, Process, TakenAutopsy, Thread } from '../runner/schema.ts';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function listWith(items: string[], prefix: string): string {
  const parts = items.map((s) => `${prefix}${s}`);
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')}, and ${parts.at(-1)}`;
}

class Narrator {
  a: TakenAutopsy;
  waits: Wait[];
  told = new Set<number>(); // tids already narrated
  involved = new Set<number>(); // pids in the story
  constructor(a: TakenAutopsy) {
    this.a = a;
    this.waits = waitGraph(a);
  }

  proc(pid: number): Process | undefined {
    return this.a.processes.find((p) => p.pid === pid);
  }
  thread(pid: number, tid: number): Thread | undefined {
    return this.proc(pid)?.threads.find((t) => t.tid === tid);
  }
  program(p: Process): Thread[] {
    return p.threads.filter((t) => !t.housekeeping);
  }
  waitOf(tid: number): Wait | undefined {
    return this.waits.find((w) => w.tid === tid);
  }

  /** "the child's thread QueueFeederThread", or just "the parent" when it has one thread. */
  subject(w: Wait): string {
    const p = this.proc(w.pid)!;
    const role = roleOf(this.a, p.pid);
    return this.program(p).length === 1 ? role : `${possessive(role)} ${threadName(this.thread(w.pid, w.tid)!)}`;
  }

  fill(w: Extract<Wait, { kind: 'write' | 'read' }>): string {
    if (w.kind === 'read') return '';
    const c = this.a.channels.find((x) => x.inode === w.inode);
    // A socket's room is memory accounting, not a byte count, and varies run to run: the
    // amounts stay in the channel data; the sentence says only what is certain.
    if (c?.kind === 'socket') return ', which takes no more';
    // The kernel blocks a writer only when the pipe has no room for it: blocked means full,
    // even a few bytes short of the capacity (each of a pipe's pages holds one write's tail).
    return ', which is full';
  }

  /** The verb phrase of a wait: "is blocked writing 105,665 bytes into pipe 9790, which is full". */
  phrase(w: Wait): string {
    const a = this.a;
    switch (w.kind) {
      case 'write':
      case 'read': {
        const bytes = w.bytes !== null ? `${group3(w.bytes)} bytes ` : '';
        if (w.kind === 'write' && w.queued)
          return `is idle in its event loop, with output still queued for ${channelLabel(a, w.inode)}${this.fill(w)}`;
        return w.kind === 'write'
          ? `is blocked writing ${bytes}into ${channelLabel(a, w.inode)}${this.fill(w)}`
          : `is blocked reading from ${channelLabel(a, w.inode)}`;
      }
      case 'child':
        return w.children.length === 1
          ? `is waiting for ${roleOf(a, w.children[0]!)} to exit`
          : 'is waiting for its children to exit';
      case 'join': {
        const t = this.thread(w.pid, w.target);
        return `is waiting for ${t ? (t.isMain ? 'the main thread' : t.name) : 'another thread'} to finish`;
      }
      case 'loop': {
        const parts = [
          ...w.children.map((c) => `${roleOf(a, c)} to exit`),
          ...w.workers.map((tid) =>
            this.told.has(tid) ? 'that write to finish' : `its ${threadName(this.thread(w.pid, tid)!)} to finish`,
          ),
        ];
        return parts.length
          ? `is idle in its event loop, waiting for ${parts.join(' and ')}`
          : `is idle in its event loop (${this.sys(w)})`;
      }
      default:
        return `is in ${this.sys(w)}`;
    }
  }

  sys(w: Wait): string {
    const p = this.proc(w.pid)!;
    return syscallText(this.a, p, this.thread(w.pid, w.tid)!);
  }

  /** What a holder of the other end is doing, e.g. "the parent, which is waiting for the child to exit". */
  holder(pid: number, from: Wait, next: Wait[]): string {
    const p = this.proc(pid)!;
    const role = pid === from.pid ? `${roleOf(this.a, pid)} itself` : roleOf(this.a, pid);
    if (p.housekeeping) return `${role} (a runtime helper)`;
    const already = this.involved.has(pid) && pid !== from.pid;
    this.involved.add(pid);
    if (already) {
      const first = this.waits.find((w) => w.pid === pid && w.kind === 'write' && this.told.has(w.tid));
      return first && first.kind === 'write'
        ? `${role}, the one blocked writing into ${channelLabel(this.a, first.inode)}`
        : role;
    }
    const rest = this.program(p).filter((t) => !this.told.has(t.tid));
    if (rest.length === 0 && pid === from.pid)
      return from.kind === 'write'
        ? `${role}, which cannot read while it is blocked writing`
        : `${role}, which cannot write while it is blocked reading`;
    if (rest.length === 0) return role;
    const single = this.program(p).length === 1;
    const clauses = rest.map((t) => {
      const w = this.waitOf(t.tid)!;
      if (w.kind === 'write' && !next.length) next.push(w);
      this.told.add(t.tid);
      return single ? `which ${this.phrase(w)}` : `whose ${threadName(t)} ${this.phrase(w)}`;
    });
    return `${role}, ${clauses.join(', and ')}`;
  }

  /** One link of the chain: the blocked I/O, then who holds the other end; returns the next link. */
  link(w: Extract<Wait, { kind: 'write' | 'read' }>, first: boolean, out: string[]): Wait | null {
    this.told.add(w.tid);
    this.involved.add(w.pid);
    if (first) out.push(`${cap(this.subject(w))} ${this.phrase(w)}.`);
    const c = this.a.channels.find((x) => x.inode === w.inode);
    const end = c?.kind === 'socket' ? `other end` : w.kind === 'write' ? 'read end' : 'write end';
    const holders = otherEnd(this.a, w.inode, w.kind === 'write' ? 'read' : 'write');
    if (holders === null) {
      out.push(`Where its ${end} is, the system cannot say.`);
      return null;
    }
    const pids = order(this.a, holders, w.pid);
    if (!pids.length) {
      out.push(`Its ${end} is open nowhere.`);
      return null;
    }
    const next: Wait[] = [];
    const items = pids.map((pid) => this.holder(pid, w, next));
    const where = c?.kind === 'socket' && c.peer !== null ? ` (${channelLabel(this.a, c.peer)})` : '';
    out.push(`Its ${end}${where} is open in ${listWith(items, 'in ').slice(3)}.`);
    return next[0] ?? null;
  }
}

/** Holders as a list of pids: other processes in tree order first, the blocked one last. */
function order(a: TakenAutopsy, holders: Holder[], self: number): number[] {
  const pids = [...new Set(holders.map((h) => h.pid))];
  const rank = (pid: number) => (pid === self ? 1e9 : a.processes.findIndex((p) => p.pid === pid));
  return pids.sort((x, y) => rank(x) - rank(y));
}

/** The diagnosis of a hung tree, in sentences, from the autopsy's facts (computed when shown). */
export function diagnose(a: TakenAutopsy): string {
  const n = new Narrator(a);
  const io = n.waits.filter(
    (w): w is Extract<Wait, { kind: 'write' | 'read' }> => w.kind === 'write' || w.kind === 'read',
  );
  const start = io.find((w) => w.kind === 'write') ?? io[0];
  const out: string[] = [];
  if (!start) {
    for (const w of n.waits) out.push(`${cap(n.subject(w))} ${n.phrase(w)}.`);
    if (!out.length) return 'No program thread was found alive.';
    out.push(
      findCycle(a, n.waits) ? 'They wait on one another: none can move.' : 'No pipe or socket links these waits.',
    );
    return out.join(' ');
  }
  let link: Wait | null = start;
  for (let first = true; link && (link.kind === 'write' || link.kind === 'read'); first = false)
    link = n.link(link, first, out);
  const reading = io.some((w) => w.kind === 'read');
  const count = [...n.involved].filter((pid) => programProcesses(a).some((p) => p.pid === pid)).length;
  const who = count <= 1 ? 'it cannot move' : count === 2 ? 'neither can move' : 'none can move';
  out.push(`${start.kind === 'write' && !reading ? 'Nobody will read' : 'Nobody will write'}: ${who}.`);
  return out.join(' ');
}

/** The sentence for any autopsy a result may hold: the diagnosis, or why there is none. */
export function explainAutopsy(a: Autopsy | null): string {
  if (!a) return 'No autopsy was taken.';
  return a.status === 'taken' ? diagnose(a) : `No autopsy: ${a.reason}.`;
}
